/** The API policy step: merged into the policy there (never replaced), written with If-Match, restored on undo. */
import type { ApiManagementClient } from '@azure/arm-apimanagement';
import type { ApiPolicyStep } from '../../domain/import/apimSteps';
import { PolicyXmlError, mergePolicyXml, normalizePolicyXml } from '../../domain/import/policyXml';
import { ConflictError } from '../errors';
import type { StepContext, StepHandler } from '../importExecutor';
import { apim, at, deleteIgnoringMissing, getOrUndefined, writeOptions } from './stepIo';

interface PolicyUndo {
  readonly apiId: string;
  readonly previousXml?: string;
}

/**
 * The API's policy in `xml` format (well-formed XML, which a DOM can merge) with its ETag. Not `apiPolicy.get`: its
 * operation spec is marked XML in SDK 10, so a JSON answer loses `value`. The ETag is read first: if the policy
 * changes between the two reads, the ETag is the older one and the conditional write fails instead of losing a change.
 */
async function readPolicy(
  client: ApiManagementClient,
  ctx: StepContext,
  apiId: string,
): Promise<{ xml: string; etag?: string } | undefined> {
  const tag = await getOrUndefined(() => client.apiPolicy.getEntityTag(...at(ctx), apiId, 'policy', { abortSignal: ctx.abortSignal }));
  if (!tag) return undefined;
  const list = await getOrUndefined(() => client.apiPolicy.listByApi(...at(ctx), apiId, { abortSignal: ctx.abortSignal }));
  const policy = list?.value?.[0];
  return policy ? { xml: policy.value ?? '', ...(tag.eTag ? { etag: tag.eTag } : {}) } : undefined;
}

export const apiPolicyHandler: StepHandler<ApiPolicyStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const current = await readPolicy(client, ctx, step.payload.apiId);
    if (!current || current.xml.trim() === '') return { state: 'absent' };
    try {
      if (normalizePolicyXml(current.xml) === mergePolicyXml(current.xml, step.payload.sections)) return { state: 'same' };
    } catch (e) {
      if (e instanceof PolicyXmlError) {
        return {
          state: 'blocked',
          summary: `The existing policy of the API cannot be read as XML, so it cannot be merged. Fix it in the portal first.`,
        };
      }
      throw e;
    }
    return { state: 'different', etag: current.etag, summary: 'The API already has a policy; ours would be merged into it.' };
  },
  async apply(step, inspection, ctx): Promise<PolicyUndo> {
    const client = await apim(ctx);
    const apiId = step.payload.apiId;
    if (inspection.state !== 'different') {
      await client.apiPolicy.createOrUpdate(
        ...at(ctx),
        apiId,
        'policy',
        { value: step.payload.xml, format: 'xml' },
        writeOptions(inspection),
      );
      return { apiId };
    }
    const current = await readPolicy(client, ctx, apiId);
    if (!current || (inspection.etag && current.etag && current.etag !== inspection.etag)) {
      throw new ConflictError('The policy of the API changed since Review.');
    }
    const merged = mergePolicyXml(current.xml, step.payload.sections);
    await client.apiPolicy.createOrUpdate(
      ...at(ctx),
      apiId,
      'policy',
      { value: merged, format: 'xml' },
      writeOptions({ ...inspection, etag: current.etag }),
    );
    return { apiId, previousXml: current.xml };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { apiId, previousXml } = entry.undo as PolicyUndo;
    if (previousXml !== undefined) {
      await client.apiPolicy.createOrUpdate(...at(ctx), apiId, 'policy', { value: previousXml, format: 'xml' }, { ifMatch: '*' });
    } else await deleteIgnoringMissing(() => client.apiPolicy.delete(...at(ctx), apiId, 'policy', '*'));
  },
};
