/** Undo of a step written raw through the SDK's pipeline (src/azure/armRequest.ts): put back what was, or delete. */
import { armRequest } from '../../azure/armRequest';
import type { JournalEntry, StepContext } from '../importExecutor';
import { notFound } from './stepIo';

/** What a raw write records: the resource's path, and its properties before when it was updated. */
export interface RawUndo {
  readonly path: string;
  readonly previous?: Record<string, unknown>;
}

export async function undoRawWrite(entry: JournalEntry, ctx: StepContext, apiVersion: string): Promise<void> {
  const { path, previous } = entry.undo as RawUndo;
  if (previous) {
    await armRequest(ctx.clients, { method: 'PUT', path, apiVersion, body: { properties: previous }, ifMatch: '*' });
    return;
  }
  await armRequest(ctx.clients, { method: 'DELETE', path, apiVersion, ifMatch: '*' }).catch((e: unknown) => {
    if (!notFound(e)) throw e;
  });
}
