/**
 * The steps that change a backend that exists, read and written whole through the SDK's pipeline at the api-version
 * whose schema has everything a backend can hold (a managed identity credential is not in the SDK's 2024-05-01
 * models, so a read-modify-write through the SDK would drop it): the breaker rule of a pool member, and deleting a
 * pool. Both are conditional on the ETag read just before, and undone by writing back what was there.
 */
import { armGetOrUndefined, armRequest } from '../../azure/armRequest';
import type { BackendBreakerStep, BackendDeleteStep } from '../../domain/pools/poolEditSteps';
import { ConflictError } from '../errors';
import type { StepContext, StepHandler } from '../importExecutor';
import { undoRawWrite, type RawUndo } from './rawUndo';

export const BACKEND_FULL_API_VERSION = '2024-06-01-preview';

interface RawBackend {
  readonly properties?: Record<string, unknown> & { readonly circuitBreaker?: { readonly rules?: readonly unknown[] } };
}

const backendPath = (ctx: StepContext, backendId: string): string => `${ctx.service.id}/backends/${encodeURIComponent(backendId)}`;

async function read(ctx: StepContext, backendId: string): Promise<{ properties: Record<string, unknown>; etag?: string } | undefined> {
  const r = await armGetOrUndefined<RawBackend>(ctx.clients, backendPath(ctx, backendId), BACKEND_FULL_API_VERSION);
  return r ? { properties: { ...(r.body?.properties ?? {}) }, ...(r.etag ? { etag: r.etag } : {}) } : undefined;
}

/** Read again at apply: the ETag must still be the one Review saw, so that nobody's change is lost. */
async function readUnchanged(
  ctx: StepContext,
  backendId: string,
  etag: string | undefined,
): Promise<{ properties: Record<string, unknown>; etag?: string }> {
  const now = await read(ctx, backendId);
  if (!now) throw new ConflictError(`The backend "${backendId}" was deleted since Review.`);
  if (etag && now.etag && now.etag !== etag) throw new ConflictError(`The backend "${backendId}" changed since Review.`);
  return now;
}

export const backendBreakerHandler: StepHandler<BackendBreakerStep> = {
  async inspect(step, ctx) {
    const current = await read(ctx, step.payload.backendId);
    if (!current) return { state: 'blocked', summary: `The backend "${step.payload.backendId}" does not exist any more.` };
    const rules = current.properties.circuitBreaker as { rules?: unknown[] } | undefined;
    if (JSON.stringify(rules?.rules?.[0] ?? null) === JSON.stringify(step.payload.rule)) return { state: 'same' };
    return {
      state: 'different',
      ...(current.etag ? { etag: current.etag } : {}),
      summary: `The circuit breaker of "${step.payload.backendId}" changes.`,
    };
  },
  async apply(step, inspection, ctx): Promise<RawUndo> {
    const etag = inspection.state === 'different' ? inspection.etag : undefined;
    const { properties, etag: now } = await readUnchanged(ctx, step.payload.backendId, etag);
    const rules = ((properties.circuitBreaker as { rules?: unknown[] } | undefined)?.rules ?? []).slice(1);
    const path = backendPath(ctx, step.payload.backendId);
    await armRequest(ctx.clients, {
      method: 'PUT',
      path,
      apiVersion: BACKEND_FULL_API_VERSION,
      body: { properties: { ...properties, circuitBreaker: { rules: [step.payload.rule, ...rules] } } },
      ifMatch: now ?? '*',
    });
    return { path, previous: properties };
  },
  undo: (entry, ctx) => undoRawWrite(entry, ctx, BACKEND_FULL_API_VERSION),
};

/** Undone by creating the backend again with the properties it had. */
export const backendDeleteHandler: StepHandler<BackendDeleteStep> = {
  async inspect(step, ctx) {
    const current = await read(ctx, step.payload.backendId);
    return current
      ? {
          state: 'different',
          ...(current.etag ? { etag: current.etag } : {}),
          summary: `The backend "${step.payload.backendId}" is deleted.`,
        }
      : { state: 'same' };
  },
  async apply(step, inspection, ctx) {
    const etag = inspection.state === 'different' ? inspection.etag : undefined;
    const { properties, etag: now } = await readUnchanged(ctx, step.payload.backendId, etag);
    const path = backendPath(ctx, step.payload.backendId);
    await armRequest(ctx.clients, { method: 'DELETE', path, apiVersion: BACKEND_FULL_API_VERSION, ifMatch: now ?? '*' });
    return { path, previous: properties };
  },
  async undo(entry, ctx) {
    const { path, previous } = entry.undo as RawUndo;
    if (previous) {
      await armRequest(ctx.clients, { method: 'PUT', path, apiVersion: BACKEND_FULL_API_VERSION, body: { properties: previous } });
    }
  },
};
