/**
 * How an import reaches its model, the same for every mode: one backend, or the members' Single backends under a Pool
 * (with the labs' retry in the policy) — and the API policy that routes there. The Language Model API and Azure OpenAI
 * plans only say what their members are (URLs and keys, accounts and roles); the pool is planned here once.
 */
import { apiPolicyStep, backendStep, type BackendStepInputs } from '../import/apimStepBuilders';
import type { BackendPoolStep, BackendStep } from '../import/apimSteps';
import type { OnExisting, PlanStep } from '../import/importPlan';
import type { LmApiPolicies, PoolMemberSettings } from '../import/lmApiForm';
import { prerequisiteSteps, type PrerequisiteContext } from '../policies/prerequisitePlan';
import type { PolicyPlanStep } from '../policies/policyPlanStep';
import type { PolicyElement, PolicySections } from '../import/policyXml';
import { poolPlanParts, withPoolRouting, type PoolMemberInput } from './poolSteps';

/** Where the policy sends requests: the backend (or pool) step it waits for, and the pool's elements when pooled. */
export interface BackendRouting {
  readonly backendStepId: string;
  readonly inbound?: PolicyElement;
  readonly backend?: readonly PolicyElement[];
}

export interface RoutingInputs {
  readonly displayName: string;
  readonly poolId: string;
  /** The form's own backend: the only one, or the pool's first member. */
  readonly primary: BackendStepInputs;
  /** Absent: a single backend. Otherwise the first member's place and the other members with their backends. */
  readonly pool?: { readonly primary: PoolMemberSettings; readonly extra: readonly PoolMemberInput[] };
  readonly onExisting: OnExisting;
}

/** The backend steps (members, then the pool) and the routing the policy takes. */
export function backendRouting(inputs: RoutingInputs): { steps: Array<BackendStep | BackendPoolStep>; routing: BackendRouting } {
  const { primary, pool } = inputs;
  if (!pool) {
    const backend = backendStep(primary);
    return { steps: [backend], routing: { backendStepId: backend.id } };
  }
  const parts = poolPlanParts({
    poolId: inputs.poolId,
    description: `Load-balanced pool of ${inputs.displayName}`,
    members: [{ ...pool.primary, backendId: primary.backendId, backend: primary }, ...pool.extra],
    onExisting: inputs.onExisting,
  });
  return {
    steps: [...parts.memberSteps, parts.poolStep],
    routing: { backendStepId: parts.poolStep.id, inbound: parts.inbound, backend: parts.backend },
  };
}

/**
 * The pool's other members, numbered from 2 as Review shows them (`{backendId}-2`, `-3`, …), each with the backend
 * `backendOf` plans for it (and whatever else it needs first: a key, a role).
 */
export function extraMembers<M extends PoolMemberSettings>(
  extra: readonly M[],
  backendId: string,
  backendOf: (member: M, id: string, n: number, index: number) => Omit<BackendStepInputs, 'onExisting'>,
): PoolMemberInput[] {
  return extra.map((m, i) => {
    const n = i + 2;
    const id = `${backendId}-${n}`;
    return { priority: m.priority, weight: m.weight, breaker: m.breaker, backendId: id, backend: backendOf(m, id, n, i) };
  });
}

export interface RoutedPolicyInputs {
  readonly apiId: string;
  readonly displayName: string;
  /** The mode's policy, whose inbound names the single backend. */
  readonly sections: PolicySections;
  readonly apiStepId: string;
  readonly routing: BackendRouting;
  readonly onExisting: OnExisting;
  /** The AI policies chosen, and what the host read for their prerequisites (absent: the policy alone is written). */
  readonly policies: LmApiPolicies;
  readonly prerequisites?: PrerequisiteContext;
  /** Steps the plan already has, which the prerequisites reuse instead of planning again (an identity, a role). */
  readonly existingSteps?: readonly PlanStep[];
}

/** The AI policies' prerequisites, then the API policy routed to the backend or the pool (its retry), waiting for them. */
export function routedPolicySteps(inputs: RoutedPolicyInputs): PolicyPlanStep[] {
  const prerequisites = inputs.prerequisites
    ? prerequisiteSteps({
        ...inputs.prerequisites,
        apiId: inputs.apiId,
        apiStepId: inputs.apiStepId,
        policies: inputs.policies,
        ...(inputs.existingSteps ? { existingSteps: inputs.existingSteps } : {}),
      })
    : { steps: [], policyDependsOn: [] };
  const policy = apiPolicyStep({
    apiId: inputs.apiId,
    displayName: inputs.displayName,
    sections: withPoolRouting(inputs.sections, inputs.routing),
    apiStepId: inputs.apiStepId,
    backendStepId: inputs.routing.backendStepId,
    onExisting: inputs.onExisting,
  });
  return [...prerequisites.steps, { ...policy, dependsOn: [...policy.dependsOn, ...prerequisites.policyDependsOn] }];
}
