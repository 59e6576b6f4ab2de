/** The backend step: a Single backend with its URL, credentials and (a pool member's) breaker, compared as a whole, restored on undo. */
import type { BackendContract, CircuitBreakerRule } from '@azure/arm-apimanagement';
import type { BackendStep } from '../../domain/import/apimSteps';
import type { BreakerRulePayload } from '../../domain/pools/breakerRule';
import type { Inspection, JournalEntry, StepContext, StepHandler } from '../importExecutor';
import { apim, at, deleteIgnoringMissing, getOrUndefined, withoutArmFields, writeOptions, trimSlash, type Undo } from './stepIo';

function backendContract(step: BackendStep): BackendContract {
  const p = step.payload;
  return {
    url: p.url,
    protocol: 'http',
    description: p.description,
    ...(p.credentialsHeader
      ? { credentials: { header: { [p.credentialsHeader.name]: [`{{${p.credentialsHeader.namedValueId}}}`] } } }
      : {}),
    ...(p.circuitBreaker ? { circuitBreaker: { rules: [breakerContract(p.circuitBreaker)] } } : {}),
  };
}

/** The SDK's (mutable) shape of our rule. */
function breakerContract(rule: BreakerRulePayload): CircuitBreakerRule {
  return { ...rule, failureCondition: { ...rule.failureCondition, statusCodeRanges: [...rule.failureCondition.statusCodeRanges] } };
}

export const backendHandler: StepHandler<BackendStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const current = await getOrUndefined(() => client.backend.get(...at(ctx), step.payload.backendId, { abortSignal: ctx.abortSignal }));
    if (!current) return { state: 'absent' };
    const wanted = backendContract(step);
    const same =
      trimSlash(current.url) === trimSlash(wanted.url) &&
      current.protocol === 'http' &&
      JSON.stringify(current.credentials?.header ?? {}) === JSON.stringify(wanted.credentials?.header ?? {}) &&
      // A breaker counts only when the step sets one (a pool member); a single backend keeps whatever rules it has.
      (!wanted.circuitBreaker || JSON.stringify(current.circuitBreaker?.rules ?? []) === JSON.stringify(wanted.circuitBreaker.rules));
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          etag: current.eTag,
          summary: `A backend "${step.payload.backendId}" already exists and points to ${current.url ?? 'another URL'}.`,
        };
  },
  apply: (step, inspection, ctx) => writeBackend(ctx, step.payload.backendId, backendContract(step), inspection),
  undo: undoBackendWrite,
};

/** Writes a backend (Single or Pool), keeping what was there for the undo when this run updates it. */
export async function writeBackend(
  ctx: StepContext,
  id: string,
  contract: BackendContract,
  inspection: Inspection,
): Promise<Undo<BackendContract>> {
  const client = await apim(ctx);
  const previous = inspection.state === 'different' ? withoutArmFields(await client.backend.get(...at(ctx), id)) : undefined;
  await client.backend.createOrUpdate(...at(ctx), id, contract, writeOptions(inspection));
  return previous ? { id, previous } : { id };
}

/** Puts back the backend this run updated, or deletes the one it created. */
export async function undoBackendWrite(entry: JournalEntry, ctx: StepContext): Promise<void> {
  const client = await apim(ctx);
  const { id, previous } = entry.undo as Undo<BackendContract>;
  if (previous) await client.backend.createOrUpdate(...at(ctx), id, previous, { ifMatch: '*' });
  else await deleteIgnoringMissing(() => client.backend.delete(...at(ctx), id, '*'));
}
