/**
 * The onboarding as a plan (src/domain/import/importPlan.ts): the product (when new), the links of its APIs, its token
 * limit policy, then the team's subscription last, so that a key only exists once its limits are in place. Shown in
 * Review, then run by the import executor with rollback.
 */
import type { ProductApiStep } from '../import/apimSteps';
import type { ImportPlan } from '../import/importPlan';
import { buildPolicyXml } from '../import/policyXml';
import type { TeamForm, TeamTokenLimits } from './teamForm';
import { teamPolicySections } from './teamPolicy';
import type { ProductPolicyStep, ProductStep, SubscriptionStep, TeamStep } from './teamSteps';

export type TeamPlan = ImportPlan<TeamStep>;

export function buildTeamPlan(form: TeamForm): TeamPlan {
  const { product, subscription } = form;
  const productId = product.productId;
  const steps: TeamStep[] = [];
  let productDependency: string[] = [];
  if (product.mode === 'new') {
    const step: ProductStep = {
      id: `product:${productId}`,
      kind: 'product',
      resourceType: 'Product',
      resourceName: productId,
      title: `Product "${product.displayName}" (${productId}), ${product.published ? 'published' : 'not published'}, ${
        product.approvalRequired ? 'subscriptions need approval' : 'no approval'
      }, ${product.subscriptionsLimit === undefined ? 'no subscription limit' : `at most ${product.subscriptionsLimit} per user`}`,
      dependsOn: [],
      onExisting: 'conflict',
      payload: {
        productId,
        displayName: product.displayName.trim(),
        description: product.description,
        published: product.published,
        approvalRequired: product.approvalRequired,
        ...(product.subscriptionsLimit !== undefined ? { subscriptionsLimit: product.subscriptionsLimit } : {}),
      },
    };
    steps.push(step);
    productDependency = [step.id];
  }
  const links: ProductApiStep[] = form.apiIds.map((apiId) => ({
    id: `productApi:${productId}/${apiId}`,
    kind: 'productApi',
    resourceType: 'Product link',
    resourceName: `${productId}/${apiId}`,
    title: `Add the API "${apiId}" to the product "${productId}"`,
    dependsOn: productDependency,
    onExisting: 'reuse',
    payload: { productId, apiId },
  }));
  steps.push(...links);
  let policyDependency: string[] = [];
  if (form.limits) {
    const sections = teamPolicySections(form.limits);
    const xml = buildPolicyXml(sections);
    const policy: ProductPolicyStep = {
      id: `productPolicy:${productId}`,
      kind: 'productPolicy',
      resourceType: 'Product policy',
      resourceName: productId,
      title: `Token limits of the product "${productId}" per subscription: ${limitsText(form.limits)}${product.mode === 'existing' ? ', merged into its policy' : ''}`,
      dependsOn: productDependency,
      onExisting: 'update',
      payload: { productId, sections, xml },
      preview: xml,
    };
    steps.push(policy);
    policyDependency = [policy.id];
  }
  const owner = subscription.ownerUserId;
  const sub: SubscriptionStep = {
    id: `subscription:${subscription.subscriptionId}`,
    kind: 'subscription',
    resourceType: 'Subscription',
    resourceName: subscription.subscriptionId,
    title: `Subscription "${subscription.displayName.trim()}" (${subscription.subscriptionId}) to the product "${productId}"${
      owner === undefined ? '' : `, owned by user ${owner}`
    }, active`,
    dependsOn: [...productDependency, ...links.map((l) => l.id), ...policyDependency],
    onExisting: 'conflict',
    payload: {
      subscriptionId: subscription.subscriptionId,
      displayName: subscription.displayName.trim(),
      productId,
      ...(owner !== undefined ? { ownerUserId: owner } : {}),
    },
  };
  steps.push(sub);
  return { title: `Onboard the team "${form.teamName.trim()}"`, steps };
}

/** `100,000 tokens a minute, 1,000,000 tokens a month` for Review. */
function limitsText(limits: TeamTokenLimits): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const per: Record<string, string> = { Hourly: 'an hour', Daily: 'a day', Weekly: 'a week', Monthly: 'a month', Yearly: 'a year' };
  return [
    limits.tokensPerMinute !== undefined ? `${n(limits.tokensPerMinute)} tokens a minute` : undefined,
    limits.tokenQuota !== undefined && limits.tokenQuotaPeriod
      ? `${n(limits.tokenQuota)} tokens ${per[limits.tokenQuotaPeriod]}`
      : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}
