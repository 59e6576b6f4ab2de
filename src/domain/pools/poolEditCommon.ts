/**
 * What the three pool edits (add, edit, remove) build alike: the outcome type, the breaker step, the pool step, the
 * merged API policy step with its preview, the drafts the pool validation checks, and the sentences that name the
 * other APIs a change reaches.
 */
import type { BackendPoolStep, PoolMemberRef } from '../import/apimSteps';
import type { ImportPlan } from '../import/importPlan';
import { buildPolicyXml, mergePolicyXml, type PolicySections } from '../import/policyXml';
import type { ApimStep } from '../import/apimSteps';
import { breakerRule, describeBreaker, type BreakerSettings, DEFAULT_BREAKER } from './breakerRule';
import { breakerSettingsOf, otherApisUsing, thisApi, type BackendFact, type PoolEditFacts } from './poolFacts';
import type { BackendBreakerStep, PoolEditStep } from './poolEditSteps';
import { memberLabel } from './poolSteps';
import { poolProblems, type PoolMemberDraft } from './poolValidation';

export type PoolEditPlan = ImportPlan<PoolEditStep>;

export type PoolEditOutcome =
  /** One sentence; nothing is written. */
  | { readonly status: 'invalid'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly plan: PoolEditPlan;
      /** One sentence per backend or pool of this plan that other APIs use too: Review names them and asks. */
      readonly shared: readonly string[];
    };

export const invalid = (message: string): PoolEditOutcome => ({ status: 'invalid', message });

/** The breaker a member has now, as settings, or undefined when it has none or one the settings cannot express. */
export function currentBreaker(backend: BackendFact | undefined): BreakerSettings | undefined {
  return breakerSettingsOf(backend?.breakerRules[0]);
}

/** A breaker step when the backend's first rule is not already `settings`. */
export function breakerStepIfChanged(backend: BackendFact, settings: BreakerSettings): BackendBreakerStep | undefined {
  const rule = breakerRule(settings);
  const now = backend.breakerRules[0];
  if (now && sameRule(now, settings)) return undefined;
  const was = now ? ` (replacing ${now.name ? `"${now.name}"` : 'its rule'}${describeCurrent(now)})` : '';
  return {
    id: `backendBreaker:${backend.id}`,
    kind: 'backendBreaker',
    resourceType: 'Circuit breaker',
    resourceName: backend.id,
    title: `Circuit breaker of backend "${backend.id}": ${describeBreaker(rule)}${was}`,
    dependsOn: [],
    onExisting: 'update',
    payload: { backendId: backend.id, rule },
  };
}

function sameRule(now: BackendFact['breakerRules'][number], settings: BreakerSettings): boolean {
  const current = breakerSettingsOf(now);
  return current !== undefined && JSON.stringify(current) === JSON.stringify(settings) && now.name === breakerRule(settings).name;
}

function describeCurrent(rule: BackendFact['breakerRules'][number]): string {
  const s = breakerSettingsOf(rule);
  return s ? `, which ${describeBreaker(breakerRule(s))}` : '';
}

/** The pool written with these members (created when `create`, else updated in place with If-Match). */
export function poolStep(
  poolId: string,
  description: string,
  members: readonly PoolMemberRef[],
  create: boolean,
  dependsOn: string[],
): BackendPoolStep {
  return {
    id: `backendPool:${poolId}`,
    kind: 'backendPool',
    resourceType: 'Backend pool',
    resourceName: poolId,
    title: `${create ? 'Backend pool' : 'Update backend pool'} "${poolId}" ${create ? 'over' : 'to'} ${members.map(memberLabel).join(', ')}`,
    dependsOn,
    onExisting: create ? 'conflict' : 'update',
    payload: { poolId, description: description.slice(0, 2000), members },
  };
}

/** The API's policy with `sections` merged in (and `remove` taken out); the preview is the policy as it will be. */
export function policyStep(
  facts: PoolEditFacts,
  what: string,
  sections: PolicySections,
  remove: PolicySections,
  dependsOn: string[],
): ApimStep {
  const api = thisApi(facts);
  const preview = api.policyXml ? mergePolicyXml(api.policyXml, sections, remove) : buildPolicyXml(sections);
  return {
    id: `apiPolicy:${api.apiId}`,
    kind: 'apiPolicy',
    resourceType: 'API policy',
    resourceName: api.apiId,
    title: `Policy of "${api.displayName}": ${what}, merged into the existing one`,
    dependsOn,
    onExisting: 'update',
    payload: { apiId: api.apiId, sections, xml: buildPolicyXml(sections), ...(Object.keys(remove).length > 0 ? { remove } : {}) },
    preview,
  };
}

/** The pool's members as the validation sees them; a member's breaker as it is (defaults where it cannot be read). */
export function drafts(members: readonly (PoolMemberRef & { breaker?: BreakerSettings })[], facts: PoolEditFacts): PoolMemberDraft[] {
  return members.map((m) => {
    const backend = facts.backends.find((b) => b.id.toLowerCase() === m.backendId.toLowerCase());
    return {
      label: `"${m.backendId}"`,
      identity: m.backendId.toLowerCase(),
      priority: m.priority,
      weight: m.weight,
      breaker: m.breaker ?? currentBreaker(backend) ?? DEFAULT_BREAKER,
      isPool: backend?.type === 'Pool',
    };
  });
}

/** The first problem of the members at `indexes` (the ones the user set), or of the pool as a whole. */
export function firstProblem(list: readonly PoolMemberDraft[], indexes: readonly number[]): string | undefined {
  return poolProblems(list).find((p) => p.member === undefined || indexes.includes(p.member))?.message;
}

/** "Backend "x" is also used by A and B: …" for each changed backend or pool that other APIs use. */
export function sharedSentences(facts: PoolEditFacts, changed: readonly { id: string; effect: string }[]): string[] {
  const out: string[] = [];
  for (const c of changed) {
    const others = otherApisUsing(facts, c.id);
    if (others.length > 0) out.push(`"${c.id}" is also used by ${listOf(others)}: ${c.effect}`);
  }
  return out;
}

function listOf(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
