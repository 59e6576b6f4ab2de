/**
 * Plan steps that write ordinary APIM resources (named value, backend, API, operation, API policy, product link).
 * Any import can use them; src/apim/apimStepHandlers.ts executes them. Payloads are plain JSON in ARM's terms.
 */
import type { BreakerRulePayload } from '../pools/breakerRule';
import type { PlanStep } from './importPlan';
import type { PolicySections } from './policyXml';

/** A value only known at execution: `secrets.get(secretRef)` put into `format` at `{key}`. */
export interface SecretValueRef {
  readonly secretRef: string;
  readonly format: string;
}

export type NamedValueStep = PlanStep<
  'namedValue',
  { readonly namedValueId: string; readonly displayName: string; readonly value: SecretValueRef }
>;

export type BackendStep = PlanStep<
  'backend',
  {
    readonly backendId: string;
    readonly url: string;
    readonly description: string;
    /** The header the backend adds to every call, its value taken from a named value. */
    readonly credentialsHeader?: { readonly name: string; readonly namedValueId: string };
    /** Set on a pool member: its one circuit-breaker rule. */
    readonly circuitBreaker?: BreakerRulePayload;
  }
>;

export interface PoolMemberRef {
  /** The member's backend id; written as the relative id `/backends/{id}` the labs use. */
  readonly backendId: string;
  readonly priority: number;
  readonly weight: number;
}

export type BackendPoolStep = PlanStep<
  'backendPool',
  { readonly poolId: string; readonly description: string; readonly members: readonly PoolMemberRef[] }
>;

export type ApiStep = PlanStep<
  'api',
  {
    readonly apiId: string;
    readonly displayName: string;
    readonly description: string;
    readonly path: string;
    readonly serviceUrl?: string;
    readonly subscriptionKeyHeader: string;
  }
>;

export type OperationStep = PlanStep<
  'operation',
  {
    readonly apiId: string;
    readonly operationId: string;
    readonly displayName: string;
    readonly method: string;
    readonly urlTemplate: string;
  }
>;

export type ApiPolicyStep = PlanStep<
  'apiPolicy',
  {
    readonly apiId: string;
    /** What we add: merged into an existing policy when the step may update it. */
    readonly sections: PolicySections;
    /** The whole policy written when none exists (what Review shows). */
    readonly xml: string;
    /** Elements to take out as the policy is merged (a pool's retry, when the API goes back to one backend). */
    readonly remove?: PolicySections;
  }
>;

export type ProductApiStep = PlanStep<'productApi', { readonly productId: string; readonly apiId: string }>;

export type ApimStep = NamedValueStep | BackendStep | BackendPoolStep | ApiStep | OperationStep | ApiPolicyStep | ProductApiStep;
