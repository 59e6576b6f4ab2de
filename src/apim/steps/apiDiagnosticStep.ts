/**
 * The API's `applicationinsights` (metrics) and `azuremonitor` (LLM messages) diagnostics, merged into existing ones.
 * Read and written raw at 2024-10-01-preview through the SDK's pipeline (src/azure/armRequest.ts): the SDK's 2024-05-01
 * models have no `largeLanguageModel`, and a read-modify-write through them would silently drop it (or any newer
 * field) from an existing diagnostic.
 */
import { armGetOrUndefined, armRequest } from '../../azure/armRequest';
import type { ApiDiagnosticStep } from '../../domain/policies/steps';
import type { StepContext, StepHandler } from '../importExecutor';
import { undoRawWrite } from './rawUndo';

/** Diagnostics with `largeLanguageModel` (what Microsoft's and the community's Bicep use it with). */
export const DIAGNOSTICS_API_VERSION = '2024-10-01-preview';

interface RawDiagnostic {
  readonly properties?: Record<string, unknown>;
}

const diagnosticPath = (ctx: StepContext, step: Pick<ApiDiagnosticStep, 'payload'>): string =>
  `${ctx.service.id}/apis/${step.payload.apiId}/diagnostics/${step.payload.diagnosticId}`;

/** What the step sets on the diagnostic's properties; everything else of an existing one is kept. */
function wanted(step: ApiDiagnosticStep): Record<string, unknown> {
  const p = step.payload;
  const out: Record<string, unknown> = { loggerId: p.loggerId };
  if (p.metrics !== undefined) out.metrics = p.metrics;
  if (p.llmMessages) {
    const side = (bytes: number): Record<string, unknown> =>
      bytes > 0 ? { messages: 'all', maxSizeInBytes: bytes } : { messages: 'none' };
    out.largeLanguageModel = { logs: 'enabled', requests: side(p.llmMessages.promptBytes), responses: side(p.llmMessages.completionBytes) };
  }
  if (p.llmLogsOff) out.largeLanguageModel = { logs: 'disabled' };
  return out;
}

const loggerName = (id: unknown): string => (typeof id === 'string' ? (id.split('/').pop() ?? '').toLowerCase() : '');

export const apiDiagnosticHandler: StepHandler<ApiDiagnosticStep> = {
  async inspect(step, ctx) {
    const current = await armGetOrUndefined<RawDiagnostic>(ctx.clients, diagnosticPath(ctx, step), DIAGNOSTICS_API_VERSION);
    if (!current) return { state: 'absent' };
    const props = current.body?.properties ?? {};
    const want = wanted(step);
    const same =
      loggerName(props.loggerId) === loggerName(want.loggerId) &&
      (want.metrics === undefined || props.metrics === want.metrics) &&
      (want.largeLanguageModel === undefined || JSON.stringify(props.largeLanguageModel) === JSON.stringify(want.largeLanguageModel));
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          ...(current.etag ? { etag: current.etag } : {}),
          summary: `The API's "${step.payload.diagnosticId}" diagnostic exists; ours is merged into it (its other settings kept).`,
        };
  },
  async apply(step, inspection, ctx) {
    const path = diagnosticPath(ctx, step);
    const current =
      inspection.state === 'different' ? await armGetOrUndefined<RawDiagnostic>(ctx.clients, path, DIAGNOSTICS_API_VERSION) : undefined;
    const base = current?.body?.properties ?? { alwaysLog: 'allErrors' };
    await armRequest(ctx.clients, {
      method: 'PUT',
      path,
      apiVersion: DIAGNOSTICS_API_VERSION,
      body: { properties: { ...base, ...wanted(step) } },
      ...(current?.etag ? { ifMatch: current.etag } : { ifNoneMatch: '*' }),
    });
    return { path, ...(current?.body?.properties ? { previous: current.body.properties } : {}) };
  },
  undo: (entry, ctx) => undoRawWrite(entry, ctx, DIAGNOSTICS_API_VERSION),
};
