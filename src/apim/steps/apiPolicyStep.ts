/** The API policy step: merged into the policy there (never replaced), written with If-Match, restored on undo. */
import type { ApiPolicyStep } from '../../domain/import/apimSteps';
import { mergedPolicyHandler, type PolicyScopeAccess } from './mergedPolicy';
import { at, getOrUndefined } from './stepIo';

/**
 * The API's policy is read in `xml` format (well-formed XML, which a DOM can merge) with its ETag. Not `apiPolicy.get`:
 * its operation spec is marked XML in SDK 10, so a JSON answer loses `value`. The ETag is read first: if the policy
 * changes between the two reads, the ETag is the older one and the conditional write fails instead of losing a change.
 */
export const apiPolicyAccess: PolicyScopeAccess = {
  async read(client, ctx, apiId) {
    const tag = await getOrUndefined(() => client.apiPolicy.getEntityTag(...at(ctx), apiId, 'policy', { abortSignal: ctx.abortSignal }));
    if (!tag) return undefined;
    const list = await getOrUndefined(() => client.apiPolicy.listByApi(...at(ctx), apiId, { abortSignal: ctx.abortSignal }));
    const policy = list?.value?.[0];
    return policy ? { xml: policy.value ?? '', ...(tag.eTag ? { etag: tag.eTag } : {}) } : undefined;
  },
  write: (client, ctx, apiId, xml, options) =>
    client.apiPolicy.createOrUpdate(...at(ctx), apiId, 'policy', { value: xml, format: 'xml' }, options),
  remove: (client, ctx, apiId) => client.apiPolicy.delete(...at(ctx), apiId, 'policy', '*'),
};

export const apiPolicyHandler = mergedPolicyHandler<ApiPolicyStep>(
  (step) => ({ id: step.payload.apiId, what: 'the API' }),
  apiPolicyAccess,
);
