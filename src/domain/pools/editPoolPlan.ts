/**
 * "Edit Pool…" and "Remove from Pool": the plans that change the members of the API's pool in place — priority,
 * weight and breaker per member; one member out (the retry's count follows) — and that turn the API back to a single
 * backend when one member would be left and the user chooses so (the pool deleted when no other API uses it).
 */
import type { PoolMemberRef } from '../import/apimSteps';
import type { PolicySections } from '../import/policyXml';
import type { BreakerSettings } from './breakerRule';
import {
  breakerStepIfChanged,
  drafts,
  firstProblem,
  invalid,
  policyStep,
  poolStep,
  sharedSentences,
  type PoolEditOutcome,
} from './poolEditCommon';
import type { BackendDeleteStep, PoolEditStep } from './poolEditSteps';
import { apiRouting, findBackend, otherApisUsing, thisApi, type BackendFact, type PoolEditFacts } from './poolFacts';
import { poolBackendSection } from './poolPolicy';

export interface MemberEdit extends PoolMemberRef {
  readonly breaker: BreakerSettings;
}

/** The API's pool, or the sentence saying why there is none to change. */
export function poolOf(facts: PoolEditFacts): BackendFact | string {
  const routing = apiRouting(facts);
  if (routing.kind === 'none') return routing.message;
  if (routing.kind === 'single') {
    return `${thisApi(facts).displayName} sends its requests to the single backend "${routing.backend.id}", not to a pool. Use Add Backend to Pool… first.`;
  }
  return routing.pool;
}

/** `members`: every member of the pool, in its order, with the values the user chose. */
export function planEditPool(facts: PoolEditFacts, members: readonly MemberEdit[]): PoolEditOutcome {
  const pool = poolOf(facts);
  if (typeof pool === 'string') return invalid(pool);
  const ids = (list: readonly PoolMemberRef[]): string => list.map((m) => m.backendId.toLowerCase()).join('\n');
  if (ids(members) !== ids(pool.members)) return invalid(`The members of "${pool.id}" changed since they were read. Run Edit Pool… again.`);
  const problem = firstProblem(
    drafts(members, facts),
    members.map((_, i) => i),
  );
  if (problem) return invalid(problem);

  const steps: PoolEditStep[] = [];
  const changed: { id: string; effect: string }[] = [];
  for (const m of members) {
    const backend = findBackend(facts, m.backendId);
    const step = backend ? breakerStepIfChanged(backend, m.breaker) : undefined;
    if (step) {
      steps.push(step);
      changed.push({ id: m.backendId, effect: 'its new circuit breaker applies to their requests too.' });
    }
  }
  const refs = members.map(({ backendId, priority, weight }) => ({ backendId, priority, weight }));
  const moved = refs.some((m, i) => m.priority !== pool.members[i].priority || m.weight !== pool.members[i].weight);
  if (moved) {
    steps.push(poolStep(pool.id, `Load-balanced pool of ${thisApi(facts).displayName}`, refs, false, []));
    changed.push({ id: pool.id, effect: 'their requests are spread by the new priorities and weights too.' });
  }
  if (steps.length === 0) return invalid(`Nothing changed in "${pool.id}", so there is nothing to write.`);
  return {
    status: 'ready',
    plan: { title: `Edit pool "${pool.id}" of "${thisApi(facts).displayName}"`, steps },
    shared: sharedSentences(facts, changed),
  };
}

export interface RemoveRequest {
  readonly backendId: string;
  /** With one member left: route the API straight to it, without the pool and its retry. */
  readonly toSingle: boolean;
}

export function planRemoveMember(facts: PoolEditFacts, request: RemoveRequest): PoolEditOutcome {
  const pool = poolOf(facts);
  if (typeof pool === 'string') return invalid(pool);
  const api = thisApi(facts);
  const member = pool.members.find((m) => m.backendId.toLowerCase() === request.backendId.toLowerCase());
  if (!member) return invalid(`"${request.backendId}" is not a member of the pool "${pool.id}". Choose one of its members.`);
  const left = pool.members.filter((m) => m !== member);
  if (left.length === 0) {
    return invalid(`"${member.backendId}" is the only member of "${pool.id}", and a pool cannot be empty. Add another backend first.`);
  }
  const othersOfPool = otherApisUsing(facts, pool.id).length > 0;
  const steps: PoolEditStep[] = [];
  const changed: { id: string; effect: string }[] = [];
  const title = `Remove "${member.backendId}" from the pool "${pool.id}" of "${api.displayName}"`;

  if (request.toSingle && left.length === 1) {
    const single = left[0].backendId;
    const remove: PolicySections = {
      backend: [{ name: 'retry', children: [{ name: 'set-backend-service', attributes: [['backend-id', pool.id]] }] }],
    };
    const policy = policyStep(
      facts,
      `route to "${single}" and drop the pool's retry`,
      { inbound: [{ name: 'set-backend-service', attributes: [['backend-id', single]] }] },
      remove,
      [],
    );
    steps.push(policy);
    if (othersOfPool) {
      // Other APIs keep the pool; it still loses the member the user removed.
      steps.push(poolStep(pool.id, `Load-balanced pool of ${api.displayName}`, left, false, [policy.id]));
      changed.push({ id: pool.id, effect: `the pool stays for them, without "${member.backendId}".` });
    } else {
      const del: BackendDeleteStep = {
        id: `backendDelete:${pool.id}`,
        kind: 'backendDelete',
        resourceType: 'Backend pool',
        resourceName: pool.id,
        title: `Delete the backend pool "${pool.id}", which no API uses any more (its members stay)`,
        dependsOn: [policy.id],
        onExisting: 'update',
        payload: { backendId: pool.id },
      };
      steps.push(del);
    }
    return {
      status: 'ready',
      plan: { title: `${title}, back to the single backend "${single}"`, steps },
      shared: sharedSentences(facts, changed),
    };
  }

  const update = poolStep(pool.id, `Load-balanced pool of ${api.displayName}`, left, false, []);
  steps.push(update);
  changed.push({ id: pool.id, effect: `"${member.backendId}" no longer serves their requests either.` });
  steps.push(
    policyStep(facts, `retry over ${left.length} members`, { backend: poolBackendSection(pool.id, left.length) }, {}, [update.id]),
  );
  return { status: 'ready', plan: { title: `${title} (the backend itself stays)`, steps }, shared: sharedSentences(facts, changed) };
}
