/**
 * The pool step of src/domain/pools/poolSteps.ts: a Pool backend whose members are the Single backends the
 * plan wrote before it (or existing ones), created with If-None-Match, updated with If-Match, restored or deleted on undo.
 */
import type { BackendContract } from '@azure/arm-apimanagement';
import type { BackendPoolStep } from '../../domain/import/apimSteps';
import { poolServices } from '../../domain/pools/poolSteps';
import type { StepHandler } from '../importExecutor';
import { writeBackend, undoBackendWrite } from './backendStep';
import { apim, at, getOrUndefined } from './stepIo';

export function poolContract(step: BackendPoolStep): BackendContract {
  return { typePropertiesType: 'Pool', description: step.payload.description, pool: { services: poolServices(step.payload.members) } };
}

/** Members compared by backend name, priority and weight, whichever form (relative or full id) the pool was written with. */
export function sameMembers(current: BackendContract, wanted: BackendContract): boolean {
  const key = (c: BackendContract): string =>
    JSON.stringify((c.pool?.services ?? []).map((s) => [s.id.split('/').pop()?.toLowerCase(), s.priority ?? null, s.weight ?? null]));
  return key(current) === key(wanted);
}

export const backendPoolHandler: StepHandler<BackendPoolStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const current = await getOrUndefined(() => client.backend.get(...at(ctx), step.payload.poolId, { abortSignal: ctx.abortSignal }));
    if (!current) return { state: 'absent' };
    if (current.typePropertiesType === 'Pool' && sameMembers(current, poolContract(step))) return { state: 'same' };
    return {
      state: 'different',
      etag: current.eTag,
      summary:
        current.typePropertiesType === 'Pool'
          ? `A backend pool "${step.payload.poolId}" already exists with other members.`
          : `A backend "${step.payload.poolId}" already exists and is not a pool (it points to ${current.url ?? 'another URL'}).`,
    };
  },
  apply: (step, inspection, ctx) => writeBackend(ctx, step.payload.poolId, poolContract(step), inspection),
  undo: undoBackendWrite,
};
