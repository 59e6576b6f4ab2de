/**
 * The policy step of "Configure AI Policies…": writes the edited policy XML as a whole, but only over the policy it was
 * edited from — the XML read for Review must still be there, and the write carries If-Match with the ETag read then.
 * Restored on undo. (The import's policy step merges at write time instead; here the exact text was shown as a diff.)
 */
import type { ApiPolicyEditStep } from '../../domain/policies/configurePlan';
import { ConflictError, isRestErrorLike } from '../errors';
import type { StepHandler } from '../importExecutor';
import { apiPolicyAccess } from './apiPolicyStep';
import { apim, deleteIgnoringMissing, writeOptions } from './stepIo';

export const POLICY_CHANGED = 'The policy changed since you opened it; review again.';

interface EditUndo {
  readonly apiId: string;
  readonly previousXml?: string;
}

const same = (a: string, b: string): boolean => a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');

export const apiPolicyEditHandler: StepHandler<ApiPolicyEditStep> = {
  async inspect(step, ctx) {
    const current = await apiPolicyAccess.read(await apim(ctx), ctx, step.payload.apiId);
    const xml = current?.xml ?? '';
    if (!same(xml, step.payload.expectedXml)) return { state: 'blocked', summary: POLICY_CHANGED };
    if (same(xml, step.payload.xml)) return { state: 'same' };
    if (!current) return { state: 'absent' };
    return {
      state: 'different',
      ...(current.etag ? { etag: current.etag } : {}),
      summary: 'Only the AI policies you changed are written.',
    };
  },
  async apply(step, inspection, ctx): Promise<EditUndo> {
    const client = await apim(ctx);
    const { apiId, expectedXml, xml } = step.payload;
    const current = await apiPolicyAccess.read(client, ctx, apiId);
    const etag = inspection.state === 'different' ? inspection.etag : undefined;
    if (!same(current?.xml ?? '', expectedXml) || (etag !== undefined && current?.etag !== undefined && current.etag !== etag)) {
      throw new ConflictError(POLICY_CHANGED);
    }
    try {
      await apiPolicyAccess.write(client, ctx, apiId, xml, writeOptions(inspection));
    } catch (e) {
      if (isRestErrorLike(e) && e.statusCode === 412) throw new ConflictError(POLICY_CHANGED);
      throw e;
    }
    return { apiId, ...(current ? { previousXml: current.xml } : {}) };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { apiId, previousXml } = entry.undo as EditUndo;
    if (previousXml !== undefined) await apiPolicyAccess.write(client, ctx, apiId, previousXml, { ifMatch: '*' });
    else await deleteIgnoringMissing(() => apiPolicyAccess.remove(client, ctx, apiId));
  },
};
