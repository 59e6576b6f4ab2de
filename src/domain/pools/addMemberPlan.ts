/**
 * "Add Backend to Pool…": the plan that adds one member to the API's pool — an existing backend, a new URL backend
 * whose key goes into its own secret named value, or an Azure OpenAI / AI Services account reached with the instance's
 * managed identity — and, for an API with a single backend, turns it into a pooled one: the pool over the current
 * backend and the new one, `set-backend-service` pointed at it and the labs' retry, merged into the API's policy.
 */
import { backendStep } from '../import/apimStepBuilders';
import type { BackendStep, NamedValueStep, PoolMemberRef } from '../import/apimSteps';
import { compatBackendUrl, type AoaiCompatibility } from '../import/azureOpenAi/compatibility';
import type { AoaiAccountFacts, AoaiServiceFacts } from '../import/azureOpenAi/form';
import { identityStep, roleStep } from '../import/azureOpenAi/plan';
import { validateBackendUrl } from '../import/validation';
import { breakerRule, type BreakerSettings, DEFAULT_BREAKER } from './breakerRule';
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
import type { PoolEditStep } from './poolEditSteps';
import { apiRouting, findBackend, freeId, thisApi, type BackendFact, type PoolEditFacts } from './poolFacts';
import { poolBackendSection } from './poolPolicy';
import { urlIdentity } from './poolValidation';

/** The name under which the executor finds the new URL backend's key in its in-memory secrets. */
export const POOL_MEMBER_KEY_SECRET = 'poolMemberKey';

export type NewMember =
  | { readonly kind: 'existing'; readonly backendId: string }
  /** `keyHeader` absent: the backend sends no key. The key itself is only in the executor's secrets. */
  | { readonly kind: 'url'; readonly url: string; readonly keyHeader?: { readonly name: string; readonly valueFormat: string } }
  | {
      readonly kind: 'azureOpenAi';
      readonly account: AoaiAccountFacts;
      /** The deployment clients call; the backend is the account (the deployment is in the request path or body). */
      readonly deployment: string;
      /**
       * The deployments of the account the pool's first member points at, when the host found it: the pool picks a
       * member by priority and weight, never by deployment, so one the first account lacks would fail its calls.
       */
      readonly poolDeployments?: { readonly account: string; readonly names: readonly string[] };
      readonly service: AoaiServiceFacts;
    };

export interface AddMemberRequest {
  readonly member: NewMember;
  readonly priority: number;
  readonly weight: number;
  readonly breaker: BreakerSettings;
}

export function planAddMember(facts: PoolEditFacts, request: AddMemberRequest): PoolEditOutcome {
  const routing = apiRouting(facts);
  if (routing.kind === 'none') return invalid(routing.message);
  const api = thisApi(facts);
  const current: BackendFact = routing.kind === 'single' ? routing.backend : routing.pool;
  const members: PoolMemberRef[] = routing.kind === 'single' ? [{ backendId: current.id, priority: 1, weight: 1 }] : [...current.members];
  if (members.length === 0) return invalid(`The pool "${current.id}" has no members. Fix it in the portal first.`);
  const primaryId = members[0].backendId;
  const takenBackends = facts.backends.map((b) => b.id);
  const steps: PoolEditStep[] = [];
  const changed: { id: string; effect: string }[] = [];

  // The member itself: what the validation compares, and the steps that write it.
  let memberId: string;
  const m = request.member;
  if (m.kind === 'existing') {
    const backend = findBackend(facts, m.backendId);
    if (!backend) return invalid(`There is no backend "${m.backendId}" in the instance. Choose one from the list.`);
    memberId = backend.id;
    if (backend.type !== 'Pool') {
      const breaker = breakerStepIfChanged(backend, request.breaker);
      if (breaker) {
        steps.push(breaker);
        changed.push({ id: backend.id, effect: 'its new circuit breaker applies to their requests too.' });
      }
    }
  } else {
    memberId = freeId(primaryId, takenBackends);
    const url = m.kind === 'url' ? m.url.trim().replace(/\/+$/, '') : aoaiUrl(m.account.endpoint, facts, members);
    if (m.kind === 'url') {
      const bad = validateBackendUrl(m.url);
      if (bad) return invalid(bad);
    }
    const twin = members.map((p) => findBackend(facts, p.backendId)).find((b) => b?.url && urlIdentity(b.url) === urlIdentity(url));
    if (twin) return invalid(`"${twin.id}" already sends the pool's requests to ${url}. Add another URL, or another account.`);
    const memberSteps = newMemberSteps(facts, m, memberId, url, request.breaker);
    if (typeof memberSteps === 'string') return invalid(memberSteps);
    steps.push(...memberSteps);
  }

  const all = [...members, { backendId: memberId, priority: request.priority, weight: request.weight }];
  const list = drafts(
    all.map((x, i) => (i === all.length - 1 ? { ...x, breaker: request.breaker } : x)),
    facts,
  );
  const problem = firstProblem(list, [all.length - 1]);
  if (problem) return invalid(problem);

  let poolId: string;
  if (routing.kind === 'single') {
    // The current backend becomes member 1; it gets the default breaker unless it has a rule already.
    const breaker = current.breakerRules.length === 0 ? breakerStepIfChanged(current, DEFAULT_BREAKER) : undefined;
    if (breaker) {
      steps.push(breaker);
      changed.push({ id: current.id, effect: 'its new circuit breaker applies to their requests too.' });
    }
    poolId = freeId(current.id.replace(/-backend$/, '') + '-pool', takenBackends, 1);
  } else {
    poolId = current.id;
    changed.push({ id: current.id, effect: `the pool serves their requests too, so "${memberId}" will receive them as well.` });
  }
  const writes = steps.filter((s) => s.kind === 'backend' || s.kind === 'backendBreaker').map((s) => s.id);
  const pool = poolStep(poolId, `Load-balanced pool of ${api.displayName}`, all, routing.kind === 'single', writes);
  steps.push(pool);
  steps.push(
    policyStep(
      facts,
      routing.kind === 'single'
        ? `route to the pool "${poolId}" and retry on 429/503 over its ${all.length} members`
        : `retry over ${all.length} members`,
      { inbound: [{ name: 'set-backend-service', attributes: [['backend-id', poolId]] }], backend: poolBackendSection(poolId, all.length) },
      {},
      [pool.id],
    ),
  );
  const verb =
    routing.kind === 'single' ? `Pool "${api.displayName}" over "${current.id}" and` : `Add to the pool of "${api.displayName}":`;
  return {
    status: 'ready',
    plan: { title: `${verb} "${memberId}"`, steps },
    shared: sharedSentences(facts, changed),
  };
}

/** The named value (a key), identity and role, and backend steps of a member this plan creates. */
function newMemberSteps(
  facts: PoolEditFacts,
  m: Exclude<NewMember, { kind: 'existing' }>,
  memberId: string,
  url: string,
  breaker: BreakerSettings,
): PoolEditStep[] | string {
  const circuitBreaker = breakerRule(breaker);
  const description = `Pool member of ${thisApi(facts).displayName}`;
  if (m.kind === 'url') {
    if (!m.keyHeader) {
      return [backendStep({ backendId: memberId, url, description, dependsOn: [], onExisting: 'conflict', circuitBreaker })];
    }
    const namedValueId = freeId(`${memberId}-key`, facts.namedValueIds, 1);
    const nv: NamedValueStep = {
      id: `namedValue:${namedValueId}`,
      kind: 'namedValue',
      resourceType: 'Named value',
      resourceName: namedValueId,
      title: `Secret named value "${namedValueId}" holding the ${m.keyHeader.name} header value of "${memberId}"`,
      dependsOn: [],
      onExisting: 'conflict',
      payload: { namedValueId, displayName: namedValueId, value: { secretRef: POOL_MEMBER_KEY_SECRET, format: m.keyHeader.valueFormat } },
    };
    const backend: BackendStep = backendStep({
      backendId: memberId,
      url,
      description,
      credentials: { header: m.keyHeader.name, namedValueId, namedValueStepId: nv.id },
      dependsOn: [],
      onExisting: 'conflict',
      circuitBreaker,
    });
    return [nv, backend];
  }
  if (!thisApi(facts).policy.managedIdentity) {
    return `${thisApi(facts).displayName} does not authenticate with the instance's managed identity, so an Azure OpenAI account cannot join its pool that way. Add the account's URL with a key instead.`;
  }
  const served = m.poolDeployments;
  if (served && served.names.length > 0 && !served.names.some((d) => d.toLowerCase() === m.deployment.toLowerCase())) {
    return `${served.account}, where the pool's first member points, has no deployment "${m.deployment}" (it has ${served.names.map((d) => `"${d}"`).join(', ')}): the pool's calls name its deployments, so they would fail on ${m.account.name}. Choose one of those deployments.`;
  }
  const identity = identityStep(m.service);
  const role = roleStep(m.account, identity.id, m.service.name);
  const backend = backendStep({
    backendId: memberId,
    url,
    description: `${description}: Azure OpenAI account ${m.account.name} (deployment ${m.deployment})`,
    dependsOn: [role.id],
    onExisting: 'conflict',
    circuitBreaker,
  });
  return [identity, role, backend];
}

/** The account's endpoint with the suffix the pool's members use (`/openai`, `/openai/v1` or `/models`). */
function aoaiUrl(endpoint: string, facts: PoolEditFacts, members: readonly PoolMemberRef[]): string {
  const first = findBackend(facts, members[0].backendId)?.url ?? '';
  const compatibility: AoaiCompatibility = /\/openai\/v1\/?$/i.test(first)
    ? 'v1'
    : /\/models\/?$/i.test(first)
      ? 'modelInference'
      : 'azureOpenAi';
  return compatBackendUrl(endpoint, compatibility);
}
