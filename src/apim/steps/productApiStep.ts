/** The product link step: the API added to a product, removed on undo. */
import type { ProductApiStep } from '../../domain/import/apimSteps';
import type { JournalEntry, StepHandler } from '../importExecutor';
import { apim, at, deleteIgnoringMissing, getOrUndefined } from './stepIo';

export const productApiHandler: StepHandler<ProductApiStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const { productId, apiId } = step.payload;
    const [product, linked] = await Promise.all([
      getOrUndefined(() => client.product.getEntityTag(...at(ctx), productId, { abortSignal: ctx.abortSignal })),
      getOrUndefined(() => client.productApi.checkEntityExists(...at(ctx), productId, apiId, { abortSignal: ctx.abortSignal })),
    ]);
    if (!product) {
      return { state: 'blocked', summary: `The product "${productId}" does not exist in this instance. Choose another product.` };
    }
    return linked?.body === true ? { state: 'same' } : { state: 'absent' };
  },
  async apply(step, _inspection, ctx): Promise<ProductApiStep['payload']> {
    const client = await apim(ctx);
    await client.productApi.createOrUpdate(...at(ctx), step.payload.productId, step.payload.apiId);
    return step.payload;
  },
  async undo(entry: JournalEntry, ctx) {
    const client = await apim(ctx);
    const { productId, apiId } = entry.undo as ProductApiStep['payload'];
    await deleteIgnoringMissing(() => client.productApi.delete(...at(ctx), productId, apiId));
  },
};
