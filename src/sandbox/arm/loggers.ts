/**
 * APIM loggers (`service/loggers/{loggerId}`): `applicationInsights` (credentials `instrumentationKey` or
 * `connectionString`, optional `resourceId` of the component), `azureEventHub` and `azureMonitor`. As APIM does, a
 * credential sent in clear is moved into a secret named value `Logger-Credentials--{id}` and the logger keeps only
 * the `{{Logger-Credentials--{id}}}` reference, which is all a GET ever shows; a credential that already is a
 * `{{reference}}` must name an existing named value. Deleting the logger deletes the named value it made.
 */
import { randomBytes } from 'node:crypto';
import type { ArmResource } from '../store';
import { validationError } from './errors';
import { entityRoutes, type BuildInput } from './entities';
import { TYPES } from './ids';
import type { ArmRequest, ArmRoute } from './request';
import { SERVICE, findService } from './scopes';

const LOGGER_TYPES = ['applicationInsights', 'azureEventHub', 'azureMonitor'];
const CREDENTIAL_PREFIX = 'Logger-Credentials--';
const REFERENCE = /^\{\{([^{}]+)\}\}$/;

export function loggerRoutes(): ArmRoute[] {
  return entityRoutes({
    pattern: `${SERVICE}/loggers/{loggerId}`,
    collection: 'loggers',
    idParam: 'loggerId',
    type: TYPES.logger,
    label: 'Logger',
    parent: findService,
    build: buildLogger,
    render: (l: ArmResource) => ({ ...l.properties }),
    beforeDelete: (req, logger) => {
      for (const name of ownNamedValues(logger)) req.store.delete(`${findService(req).id}/namedValues/${name}`);
    },
  });
}

function buildLogger({ req, parent, properties: p, existing }: BuildInput): Record<string, unknown> {
  if (typeof p.loggerType !== 'string' || !LOGGER_TYPES.includes(p.loggerType)) {
    throw validationError('loggerType', `'loggerType' is required and must be one of: ${LOGGER_TYPES.join(', ')}.`);
  }
  if (existing && existing.properties.loggerType !== p.loggerType) {
    throw validationError('loggerType', "A logger's 'loggerType' cannot be changed; create another logger.");
  }
  if (p.description !== undefined && p.description !== null && (typeof p.description !== 'string' || p.description.length > 256)) {
    throw validationError('description', "'description' must be a string of at most 256 characters.");
  }
  if (p.resourceId !== undefined && p.resourceId !== null && typeof p.resourceId !== 'string') {
    throw validationError('resourceId', "'resourceId' must be the ARM id of the target resource.");
  }
  const credentials = checkCredentials(p.loggerType, p.credentials);
  const out: Record<string, unknown> = {
    loggerType: p.loggerType,
    description: typeof p.description === 'string' ? p.description : null,
    isBuffered: p.isBuffered === undefined ? true : p.isBuffered === true,
    ...(typeof p.resourceId === 'string' ? { resourceId: p.resourceId } : {}),
  };
  if (credentials) out.credentials = storeCredentials(req, parent, credentials, existing);
  return out;
}

function checkCredentials(loggerType: string, raw: unknown): Record<string, string> | undefined {
  if (loggerType === 'azureMonitor') return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Object.values(raw).some((v) => typeof v !== 'string')) {
    throw validationError('credentials', `A logger of type '${loggerType}' needs 'credentials' (a map of names to strings).`);
  }
  const c = raw as Record<string, string>;
  if (loggerType === 'applicationInsights' && !c.instrumentationKey && !c.connectionString) {
    throw validationError(
      'credentials',
      "An Application Insights logger needs 'credentials.instrumentationKey' or 'credentials.connectionString'.",
    );
  }
  if (loggerType === 'azureEventHub' && (!c.name || (!c.connectionString && !c.endpointAddress))) {
    throw validationError(
      'credentials',
      "An Event Hub logger needs 'credentials.name' and 'credentials.connectionString' (or 'endpointAddress').",
    );
  }
  return c;
}

/** Every secret credential becomes a reference to a named value; `name` and `identityClientId` are not secrets. */
function storeCredentials(
  req: ArmRequest,
  service: ArmResource,
  credentials: Record<string, string>,
  existing: ArmResource | undefined,
): Record<string, string> {
  const previous = (existing?.properties.credentials ?? {}) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(credentials)) {
    if (key === 'name' || key === 'identityClientId' || key === 'endpointAddress') {
      out[key] = value;
      continue;
    }
    const ref = REFERENCE.exec(value.trim());
    if (ref) {
      if (!findNamedValue(req, service, ref[1])) {
        throw validationError(`credentials.${key}`, `Named value '${ref[1]}' referenced by 'credentials.${key}' does not exist.`);
      }
      out[key] = value.trim();
      continue;
    }
    // Reuse the named value this logger made for the same credential, as a PUT with a new key updates it in place.
    const reused = REFERENCE.exec(previous[key] ?? '')?.[1];
    const displayName = reused?.startsWith(CREDENTIAL_PREFIX) ? reused : `${CREDENTIAL_PREFIX}${randomBytes(12).toString('hex')}`;
    const name = displayName.slice(CREDENTIAL_PREFIX.length);
    req.store.put({
      id: `${service.id}/namedValues/${name}`,
      name,
      type: TYPES.namedValue,
      properties: { displayName, value, secret: true, tags: [] },
    });
    out[key] = `{{${displayName}}}`;
  }
  return out;
}

function findNamedValue(req: ArmRequest, service: ArmResource, displayName: string): ArmResource | undefined {
  const wanted = displayName.toLowerCase();
  return req.store
    .children(service.id, 'namedValues')
    .find((nv) => nv.name.toLowerCase() === wanted || String(nv.properties.displayName).toLowerCase() === wanted);
}

/** The named values a logger made for its credentials (their names, not display names). */
function ownNamedValues(logger: ArmResource): string[] {
  const credentials = (logger.properties.credentials ?? {}) as Record<string, string>;
  return Object.values(credentials)
    .map((v) => REFERENCE.exec(v)?.[1])
    .filter((d): d is string => d !== undefined && d.startsWith(CREDENTIAL_PREFIX))
    .map((d) => d.slice(CREDENTIAL_PREFIX.length));
}
