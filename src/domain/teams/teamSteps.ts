/**
 * The plan step kinds an onboarding adds to the import's (src/domain/import/apimSteps.ts): a product, its policy and a
 * subscription. src/apim/teamStepHandlers.ts executes them with the import executor; product links reuse `productApi`.
 */
import type { ProductApiStep } from '../import/apimSteps';
import type { PlanStep } from '../import/importPlan';
import type { PolicySections } from '../import/policyXml';

export type ProductStep = PlanStep<
  'product',
  {
    readonly productId: string;
    readonly displayName: string;
    readonly description: string;
    readonly published: boolean;
    readonly approvalRequired: boolean;
    readonly subscriptionsLimit?: number;
  }
>;

export type ProductPolicyStep = PlanStep<
  'productPolicy',
  {
    readonly productId: string;
    /** What we add: merged into an existing product policy. */
    readonly sections: PolicySections;
    /** The whole policy written when the product has none (what Review shows). */
    readonly xml: string;
  }
>;

export type SubscriptionStep = PlanStep<
  'subscription',
  {
    readonly subscriptionId: string;
    readonly displayName: string;
    /** The product the key opens: `/products/{productId}`. */
    readonly productId: string;
    readonly ownerUserId?: string;
  }
>;

export type TeamStep = ProductStep | ProductPolicyStep | SubscriptionStep | ProductApiStep;
