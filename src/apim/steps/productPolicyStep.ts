/** The product policy step (a team's token limits): merged into the product's policy, never replacing it. */
import type { ProductPolicyStep } from '../../domain/teams/teamSteps';
import { mergedPolicyHandler } from './mergedPolicy';
import { at, getOrUndefined } from './stepIo';

/** Read as the API policy is (ETag first, then the `xml` text from the list, which keeps `value`). */
export const productPolicyHandler = mergedPolicyHandler<ProductPolicyStep>(
  (step) => ({ id: step.payload.productId, what: `the product "${step.payload.productId}"` }),
  {
    async read(client, ctx, productId) {
      const tag = await getOrUndefined(() =>
        client.productPolicy.getEntityTag(...at(ctx), productId, 'policy', { abortSignal: ctx.abortSignal }),
      );
      if (!tag) return undefined;
      const first = await getOrUndefined(() =>
        client.productPolicy.listByProduct(...at(ctx), productId, { abortSignal: ctx.abortSignal }).next(),
      );
      const policy = first?.done === false ? first.value : undefined;
      return policy ? { xml: policy.value ?? '', ...(tag.eTag ? { etag: tag.eTag } : {}) } : undefined;
    },
    write: (client, ctx, productId, xml, options) =>
      client.productPolicy.createOrUpdate(...at(ctx), productId, 'policy', { value: xml, format: 'xml' }, options),
    remove: (client, ctx, productId) => client.productPolicy.delete(...at(ctx), productId, 'policy', '*'),
  },
);
