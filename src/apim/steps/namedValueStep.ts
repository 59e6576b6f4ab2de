/** The secret named value step: created or updated with the key from the wizard's memory, restored on undo. */
import type { NamedValueCreateContract } from '@azure/arm-apimanagement';
import type { NamedValueStep } from '../../domain/import/apimSteps';
import { formatKeyHeaderValue } from '../../domain/import/providers';
import type { StepContext, StepHandler } from '../importExecutor';
import { apim, at, deleteIgnoringMissing, getOrUndefined, lro, writeOptions, type Undo } from './stepIo';

function secretValue(step: NamedValueStep, ctx: StepContext): string {
  const key = ctx.secrets.get(step.payload.value.secretRef);
  if (key === undefined) throw new Error(`The key for "${step.payload.namedValueId}" is missing. Enter it again and retry.`);
  return formatKeyHeaderValue(step.payload.value.format, key);
}

export const namedValueHandler: StepHandler<NamedValueStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const current = await getOrUndefined(() =>
      client.namedValue.get(...at(ctx), step.payload.namedValueId, { abortSignal: ctx.abortSignal }),
    );
    if (!current) return { state: 'absent' };
    const summary = `A named value "${step.payload.namedValueId}" already exists with another value.`;
    if (current.displayName !== step.payload.displayName || current.secret !== true || current.keyVault) {
      return { state: 'different', etag: current.eTag, summary };
    }
    // Compared in memory only, never logged: an identical secret means an earlier run of this import wrote it.
    const value = (await client.namedValue.listValue(...at(ctx), step.payload.namedValueId, { abortSignal: ctx.abortSignal })).value;
    const key = ctx.secrets.get(step.payload.value.secretRef);
    return key !== undefined && value === formatKeyHeaderValue(step.payload.value.format, key)
      ? { state: 'same' }
      : { state: 'different', etag: current.eTag, summary };
  },
  async apply(step, inspection, ctx): Promise<Undo<NamedValueCreateContract>> {
    const client = await apim(ctx);
    const id = step.payload.namedValueId;
    let previous: NamedValueCreateContract | undefined;
    if (inspection.state === 'different') {
      const current = await client.namedValue.get(...at(ctx), id);
      const value = current.secret ? (await client.namedValue.listValue(...at(ctx), id)).value : current.value;
      previous = {
        displayName: current.displayName,
        secret: current.secret,
        tags: current.tags,
        ...(current.keyVault
          ? { keyVault: { secretIdentifier: current.keyVault.secretIdentifier, identityClientId: current.keyVault.identityClientId } }
          : { value }),
      };
    }
    await client.namedValue.beginCreateOrUpdateAndWait(
      ...at(ctx),
      id,
      { displayName: step.payload.displayName, value: secretValue(step, ctx), secret: true },
      { ...writeOptions(inspection, 'longRunning'), ...lro(ctx) },
    );
    return previous ? { id, previous } : { id };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { id, previous } = entry.undo as Undo<NamedValueCreateContract>;
    if (previous) await client.namedValue.beginCreateOrUpdateAndWait(...at(ctx), id, previous, { ifMatch: '*', ...lro(ctx) });
    else await deleteIgnoringMissing(() => client.namedValue.delete(...at(ctx), id, '*'));
  },
};
