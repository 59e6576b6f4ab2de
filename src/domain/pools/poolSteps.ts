/**
 * The plan step that writes a Pool backend over Single backends written before it (src/apim/poolStepHandlers.ts runs
 * it), and the builder that turns a list of members into their backend steps, the pool step and the policy elements
 * that route to the pool — the same for every import and for editing a pool later.
 */
import type { BackendStepInputs } from '../import/apimStepBuilders';
import { backendStep } from '../import/apimStepBuilders';
import type { BackendPoolStep, BackendStep, PoolMemberRef } from '../import/apimSteps';
import type { OnExisting } from '../import/importPlan';
import type { PolicyElement, PolicySections } from '../import/policyXml';
import { type BreakerSettings, breakerRule } from './breakerRule';
import { poolBackendSection } from './poolPolicy';

export interface PoolMemberInput extends PoolMemberRef {
  /** The Single backend to write for it; undefined when an existing backend joins as it is. */
  readonly backend?: Omit<BackendStepInputs, 'onExisting'>;
  readonly breaker: BreakerSettings;
}

export interface PoolPlanInputs {
  readonly poolId: string;
  readonly description: string;
  readonly members: readonly PoolMemberInput[];
  readonly onExisting: OnExisting;
}

export interface PoolPlanParts {
  readonly memberSteps: BackendStep[];
  readonly poolStep: BackendPoolStep;
  /** Replaces the single backend's `set-backend-service` in inbound. */
  readonly inbound: PolicyElement;
  readonly backend: PolicyElement[];
}

export function poolPlanParts(inputs: PoolPlanInputs): PoolPlanParts {
  const memberSteps = inputs.members
    .filter((m) => m.backend !== undefined)
    .map((m) => backendStep({ ...m.backend!, circuitBreaker: breakerRule(m.breaker), onExisting: inputs.onExisting }));
  const members = inputs.members.map(({ backendId, priority, weight }) => ({ backendId, priority, weight }));
  const poolStep: BackendPoolStep = {
    id: `backendPool:${inputs.poolId}`,
    kind: 'backendPool',
    resourceType: 'Backend pool',
    resourceName: inputs.poolId,
    title: `Backend pool "${inputs.poolId}" over ${members.map(memberLabel).join(', ')}`,
    // APIM checks that every member exists, so the pool waits for the members this plan writes.
    dependsOn: memberSteps.map((s) => s.id),
    onExisting: inputs.onExisting,
    payload: { poolId: inputs.poolId, description: inputs.description.slice(0, 2000), members },
  };
  return {
    memberSteps,
    poolStep,
    inbound: { name: 'set-backend-service', attributes: [['backend-id', inputs.poolId]] },
    backend: poolBackendSection(inputs.poolId, members.length),
  };
}

export function memberLabel(m: PoolMemberRef): string {
  return `"${m.backendId}" (priority ${m.priority}, weight ${m.weight})`;
}

/** The pool's `services` as written to ARM. */
export function poolServices(members: readonly PoolMemberRef[]): Array<{ id: string; priority: number; weight: number }> {
  return members.map((m) => ({ id: `/backends/${m.backendId}`, priority: m.priority, weight: m.weight }));
}

/** The sections with the single backend's `set-backend-service` replaced by the pool's, and the pool's retry added. */
export function withPoolRouting(
  sections: PolicySections,
  routing: { inbound?: PolicyElement; backend?: readonly PolicyElement[] },
): PolicySections {
  if (!routing.inbound) return sections;
  const inbound = (sections.inbound ?? []).map((e) => (e.name === 'set-backend-service' ? routing.inbound! : e));
  return { ...sections, inbound, backend: [...(sections.backend ?? []), ...(routing.backend ?? [])] };
}
