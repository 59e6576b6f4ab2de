/**
 * API diagnostics (`apis/{api}/diagnostics/{diagnosticId}`): `applicationinsights` (an Application Insights logger;
 * `metrics: true` is what lets the token-metric policies emit) and `azuremonitor` (the built-in Azure Monitor
 * logger; `largeLanguageModel` turns on prompt and completion logging). With ETags and If-Match like other entities.
 * `largeLanguageModel` exists from api-version 2024-10-01-preview on: an older api-version neither stores nor shows
 * it, as ARM treats a property its version does not define.
 */
import type { ArmResource } from '../store';
import { validationError } from './errors';
import { entityRoutes, type BuildInput } from './entities';
import { TYPES } from './ids';
import type { ArmRequest, ArmRoute } from './request';
import { API, findApi, findService } from './scopes';

/** The api-versions whose diagnostic contract has `largeLanguageModel` (earliest: 2024-10-01-preview). */
const LLM_API_VERSIONS = ['2024-10-01-preview', '2025-03-01-preview', '2025-09-01-preview'];
const LOGGER_TYPE_OF: Readonly<Record<string, string>> = { applicationinsights: 'applicationInsights', azuremonitor: 'azureMonitor' };
export const MAX_LLM_MESSAGE_BYTES = 262144;
const MAX_BODY_BYTES = 8192;

export const knowsLargeLanguageModel = (req: ArmRequest): boolean =>
  LLM_API_VERSIONS.includes(req.url.searchParams.get('api-version') ?? '');

export function diagnosticRoutes(): ArmRoute[] {
  return entityRoutes({
    pattern: `${API}/diagnostics/{diagnosticId}`,
    collection: 'diagnostics',
    idParam: 'diagnosticId',
    type: TYPES.apiDiagnostic,
    label: 'Diagnostic',
    parent: findApi,
    build: buildDiagnostic,
    render: (d: ArmResource, req) => {
      if (knowsLargeLanguageModel(req)) return { ...d.properties };
      const { largeLanguageModel: _unknownToThisVersion, ...older } = d.properties;
      return older;
    },
  });
}

function buildDiagnostic({ req, name, properties: p, existing }: BuildInput): Record<string, unknown> {
  const wantedType = LOGGER_TYPE_OF[name];
  if (!wantedType) throw validationError('diagnosticId', "An API diagnostic is named 'applicationinsights' or 'azuremonitor'.");
  const service = findService(req);
  if (typeof p.loggerId !== 'string' || p.loggerId === '') throw validationError('loggerId', "'loggerId' is required.");
  const loggerName = p.loggerId.slice(p.loggerId.lastIndexOf('/') + 1);
  const ownPrefix = `${service.id}/loggers/`.toLowerCase();
  const logger = req.store.get(`${service.id}/loggers/${loggerName}`);
  if (!logger || (p.loggerId.startsWith('/subscriptions/') && !p.loggerId.toLowerCase().startsWith(ownPrefix))) {
    throw validationError('loggerId', `Logger '${p.loggerId}' does not exist in this service.`);
  }
  if (logger.properties.loggerType !== wantedType) {
    throw validationError(
      'loggerId',
      `The '${name}' diagnostic needs a logger of type '${wantedType}'; '${logger.name}' is '${String(logger.properties.loggerType)}'.`,
    );
  }
  checkEnum(p, 'alwaysLog', ['allErrors']);
  checkEnum(p, 'verbosity', ['verbose', 'information', 'error']);
  checkEnum(p, 'operationNameFormat', ['Name', 'Url']);
  if (p.httpCorrelationProtocol !== undefined && name === 'azuremonitor') {
    throw validationError('httpCorrelationProtocol', "'httpCorrelationProtocol' applies to Application Insights diagnostics only.");
  }
  checkEnum(p, 'httpCorrelationProtocol', ['None', 'Legacy', 'W3C']);
  if (p.metrics !== undefined && typeof p.metrics !== 'boolean') throw validationError('metrics', "'metrics' must be true or false.");
  if (p.logClientIp !== undefined && typeof p.logClientIp !== 'boolean') {
    throw validationError('logClientIp', "'logClientIp' must be true or false.");
  }
  checkSampling(p.sampling);
  for (const side of ['frontend', 'backend'] as const) checkPipeline(p[side], side);
  const out: Record<string, unknown> = { ...p, loggerId: p.loggerId };
  if (!knowsLargeLanguageModel(req)) {
    // Not part of this api-version's contract: dropped, and a value stored by a newer version is kept as it was.
    delete out.largeLanguageModel;
    if (existing?.properties.largeLanguageModel !== undefined) out.largeLanguageModel = existing.properties.largeLanguageModel;
  } else if (p.largeLanguageModel !== undefined && p.largeLanguageModel !== null) {
    checkLargeLanguageModel(p.largeLanguageModel);
  }
  return out;
}

function checkEnum(p: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  if (p[field] !== undefined && p[field] !== null && !allowed.includes(p[field] as string)) {
    throw validationError(field, `'${field}' must be one of: ${allowed.join(', ')}.`);
  }
}

function checkSampling(sampling: unknown): void {
  if (sampling === undefined || sampling === null) return;
  const s = sampling as Record<string, unknown>;
  if (typeof s !== 'object' || s.samplingType !== 'fixed') {
    throw validationError('sampling.samplingType', "'samplingType' must be 'fixed'.");
  }
  if (s.percentage !== undefined && (typeof s.percentage !== 'number' || s.percentage < 0 || s.percentage > 100)) {
    throw validationError('sampling.percentage', "'percentage' must be a number from 0 to 100.");
  }
}

function checkPipeline(pipeline: unknown, side: string): void {
  if (pipeline === undefined || pipeline === null) return;
  for (const direction of ['request', 'response']) {
    const bytes = ((pipeline as Record<string, { body?: { bytes?: unknown } } | undefined>)[direction]?.body ?? {}).bytes;
    if (bytes !== undefined && (!Number.isInteger(bytes) || (bytes as number) < 0 || (bytes as number) > MAX_BODY_BYTES)) {
      throw validationError(`${side}.${direction}.body.bytes`, `'body.bytes' must be an integer from 0 to ${MAX_BODY_BYTES}.`);
    }
  }
}

function checkLargeLanguageModel(llm: unknown): void {
  if (typeof llm !== 'object' || llm === null || Array.isArray(llm)) {
    throw validationError('largeLanguageModel', "'largeLanguageModel' must be an object.");
  }
  const l = llm as Record<string, unknown>;
  checkEnum(l, 'logs', ['enabled', 'disabled']);
  for (const direction of ['requests', 'responses']) {
    const m = l[direction] as Record<string, unknown> | undefined | null;
    if (m === undefined || m === null) continue;
    checkEnum(m, 'messages', ['all', 'none']);
    const size = m.maxSizeInBytes;
    if (size !== undefined && (!Number.isInteger(size) || (size as number) < 0 || (size as number) > MAX_LLM_MESSAGE_BYTES)) {
      throw validationError(
        `largeLanguageModel.${direction}.maxSizeInBytes`,
        `'maxSizeInBytes' must be an integer from 0 to ${MAX_LLM_MESSAGE_BYTES}.`,
      );
    }
  }
}
