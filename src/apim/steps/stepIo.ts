/** What every APIM step handler shares: reads that tolerate absence, conditional write options, undo records. */
import type { ApiManagementClient } from '@azure/arm-apimanagement';
import { isRestErrorLike } from '../errors';
import type { Inspection, StepContext } from '../importExecutor';

export const notFound = (e: unknown): boolean => isRestErrorLike(e) && e.statusCode === 404;

/** The resource or undefined when it does not exist. */
export async function getOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}

/** Deleting something already gone is what we wanted anyway. */
export async function deleteIgnoringMissing(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (e) {
    if (!notFound(e)) throw e;
  }
}

export const apim = (ctx: StepContext): Promise<ApiManagementClient> => ctx.clients.apim(ctx.service.subscriptionId);
export const at = (ctx: StepContext): [string, string] => [ctx.service.resourceGroup, ctx.service.name];

/**
 * Options of a write: create-only (If-None-Match: *) when the target was absent, else conditional on the ETag read at
 * inspection (If-Match). Long-running writes get no If-None-Match: the SDK sends a call's options again on every poll
 * (a GET), where "If-None-Match: *" would mean "not modified"; the inspection just before is their guard.
 * Writes take no abort signal: a cancelled import lets the writes in flight finish, so that the journal knows
 * everything that exists and a rollback can remove it (an aborted request may still have been applied by ARM).
 */
export function writeOptions(
  inspection: Inspection,
  kind: 'simple' | 'longRunning' = 'simple',
): { ifMatch?: string; requestOptions?: { customHeaders: Record<string, string> } } {
  if (inspection.state === 'different' && inspection.etag) return { ifMatch: inspection.etag };
  return kind === 'simple' ? { requestOptions: { customHeaders: { 'If-None-Match': '*' } } } : {};
}

export const lro = (ctx: StepContext): { updateIntervalInMs: number } => ({ updateIntervalInMs: ctx.pollIntervalMs ?? 1000 });

export interface Undo<T> {
  readonly id: string;
  /** What to put back when this run updated rather than created. */
  readonly previous?: T;
}

/** A contract as read, minus what ARM sets itself, so that it can be written back. */
export function withoutArmFields<T extends { id?: string; name?: string; type?: string }>(value: T): T {
  const copy: T & { eTag?: string } = { ...value };
  delete copy.id;
  delete copy.name;
  delete copy.type;
  delete copy.eTag;
  return copy;
}

export const trimSlash = (url: string | undefined): string => (url ?? '').replace(/\/+$/, '');
