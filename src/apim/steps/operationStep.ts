/** The operation step: one operation of an API, restored or deleted on undo. */
import type { OperationContract } from '@azure/arm-apimanagement';
import type { OperationStep } from '../../domain/import/apimSteps';
import type { StepHandler } from '../importExecutor';
import { apim, at, deleteIgnoringMissing, getOrUndefined, withoutArmFields, writeOptions, type Undo } from './stepIo';

interface OperationUndo extends Undo<OperationContract> {
  readonly apiId: string;
}

export const operationHandler: StepHandler<OperationStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const p = step.payload;
    const current = await getOrUndefined(() =>
      client.apiOperation.get(...at(ctx), p.apiId, p.operationId, { abortSignal: ctx.abortSignal }),
    );
    if (!current) return { state: 'absent' };
    const same =
      current.method?.toUpperCase() === p.method && current.urlTemplate === p.urlTemplate && current.displayName === p.displayName;
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          etag: current.eTag,
          summary: `The operation "${p.operationId}" already exists as ${current.method ?? ''} ${current.urlTemplate ?? ''}.`,
        };
  },
  async apply(step, inspection, ctx): Promise<OperationUndo> {
    const client = await apim(ctx);
    const p = step.payload;
    const previous =
      inspection.state === 'different' ? withoutArmFields(await client.apiOperation.get(...at(ctx), p.apiId, p.operationId)) : undefined;
    await client.apiOperation.createOrUpdate(
      ...at(ctx),
      p.apiId,
      p.operationId,
      { displayName: p.displayName, method: p.method, urlTemplate: p.urlTemplate, templateParameters: [], responses: [] },
      writeOptions(inspection),
    );
    return { apiId: p.apiId, id: p.operationId, ...(previous ? { previous } : {}) };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { apiId, id, previous } = entry.undo as OperationUndo;
    if (previous) await client.apiOperation.createOrUpdate(...at(ctx), apiId, id, previous, { ifMatch: '*' });
    else await deleteIgnoringMissing(() => client.apiOperation.delete(...at(ctx), apiId, id, '*'));
  },
};
