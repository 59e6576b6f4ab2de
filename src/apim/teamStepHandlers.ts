/**
 * Execution and rollback of the onboarding's step kinds (src/domain/teams/teamSteps.ts) for the import executor: the
 * product, its policy (merged into an existing one, never replacing it) and the team's subscription. Product links
 * use the import's `productApi` handler.
 */
import type { ProductContract } from '@azure/arm-apimanagement';
import type { ProductApiStep } from '../domain/import/apimSteps';
import type { ProductStep, SubscriptionStep, TeamStep } from '../domain/teams/teamSteps';
import type { StepHandler, StepHandlers } from './importExecutor';
import { productApiHandler } from './steps/productApiStep';
import { productPolicyHandler } from './steps/productPolicyStep';
import { apim, at, deleteIgnoringMissing, getOrUndefined, writeOptions } from './steps/stepIo';

function productContract(step: ProductStep): ProductContract {
  const p = step.payload;
  return {
    displayName: p.displayName,
    description: p.description,
    subscriptionRequired: true,
    approvalRequired: p.approvalRequired,
    state: p.published ? 'published' : 'notPublished',
    ...(p.subscriptionsLimit !== undefined ? { subscriptionsLimit: p.subscriptionsLimit } : {}),
  };
}

interface ProductUndo {
  readonly id: string;
  readonly previous?: ProductContract;
}

export const productHandler: StepHandler<ProductStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const current = await getOrUndefined(() => client.product.get(...at(ctx), step.payload.productId, { abortSignal: ctx.abortSignal }));
    if (!current) return { state: 'absent' };
    const wanted = productContract(step);
    const same =
      current.displayName === wanted.displayName &&
      (current.description ?? '') === wanted.description &&
      current.approvalRequired === wanted.approvalRequired &&
      current.state === wanted.state &&
      (current.subscriptionsLimit ?? undefined) === wanted.subscriptionsLimit;
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          etag: current.eTag,
          summary: `A product with the id "${step.payload.productId}" already exists ("${current.displayName ?? ''}"). Choose it as an existing product, or use another id.`,
        };
  },
  async apply(step, inspection, ctx): Promise<ProductUndo> {
    const client = await apim(ctx);
    const id = step.payload.productId;
    let previous: ProductContract | undefined;
    if (inspection.state === 'different') {
      const c = await client.product.get(...at(ctx), id);
      previous = {
        displayName: c.displayName,
        description: c.description,
        terms: c.terms,
        subscriptionRequired: c.subscriptionRequired,
        approvalRequired: c.approvalRequired,
        subscriptionsLimit: c.subscriptionsLimit,
        state: c.state,
      };
    }
    await client.product.createOrUpdate(...at(ctx), id, productContract(step), writeOptions(inspection));
    return previous ? { id, previous } : { id };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { id, previous } = entry.undo as ProductUndo;
    if (previous) await client.product.createOrUpdate(...at(ctx), id, previous, { ifMatch: '*' });
    // Its subscriptions were this run's too (the subscription step is undone first); none of anyone else's can exist yet.
    else await deleteIgnoringMissing(() => client.product.delete(...at(ctx), id, '*', { deleteSubscriptions: true }));
  },
};

/** `/users/{id}` of a full or relative owner id, lowercase; '' for none. */
const ownerTail = (ownerId: string | undefined): string => /\/users\/[^/]+$/i.exec(ownerId ?? '')?.[0].toLowerCase() ?? '';
const ownerIdOf = (userId: string | undefined): string | undefined => (userId === undefined ? undefined : `/users/${userId}`);

export const subscriptionHandler: StepHandler<SubscriptionStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const p = step.payload;
    const current = await getOrUndefined(() => client.subscription.get(...at(ctx), p.subscriptionId, { abortSignal: ctx.abortSignal }));
    if (!current) return { state: 'absent' };
    const same =
      current.displayName === p.displayName &&
      (current.scope ?? '').toLowerCase().endsWith(`/products/${p.productId}`.toLowerCase()) &&
      ownerTail(current.ownerId) === (ownerIdOf(p.ownerUserId)?.toLowerCase() ?? '');
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          etag: current.eTag,
          summary: `A subscription with the id "${p.subscriptionId}" already exists ("${current.displayName ?? ''}"). Use another id.`,
        };
  },
  async apply(step, inspection, ctx) {
    const client = await apim(ctx);
    const p = step.payload;
    const owner = ownerIdOf(p.ownerUserId);
    await client.subscription.createOrUpdate(
      ...at(ctx),
      p.subscriptionId,
      { displayName: p.displayName, scope: `/products/${p.productId}`, state: 'active', ...(owner ? { ownerId: owner } : {}) },
      writeOptions(inspection),
    );
    return { id: p.subscriptionId };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { id } = entry.undo as { id: string };
    await deleteIgnoringMissing(() => client.subscription.delete(...at(ctx), id, '*'));
  },
};

/**
 * The import's product link handler, except that a product this plan creates is not there yet at inspection: its
 * links are then simply absent (the link steps wait for the product step).
 */
export const teamProductApiHandler: StepHandler<ProductApiStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const product = await getOrUndefined(() =>
      client.product.getEntityTag(...at(ctx), step.payload.productId, { abortSignal: ctx.abortSignal }),
    );
    return product ? productApiHandler.inspect(step, ctx) : { state: 'absent' };
  },
  apply: (step, inspection, ctx) => productApiHandler.apply(step, inspection, ctx),
  undo: (entry, ctx) => productApiHandler.undo(entry, ctx),
};

export const teamStepHandlers: StepHandlers<TeamStep> = {
  product: productHandler,
  productPolicy: productPolicyHandler,
  subscription: subscriptionHandler,
  productApi: teamProductApiHandler,
};
