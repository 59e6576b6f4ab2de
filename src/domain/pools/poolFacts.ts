/**
 * What "Add Backend to Pool…", "Edit Pool…" and "Remove from Pool" decide on, as read from the instance just before
 * (src/apim/poolFacts.ts): the API's policy, every backend with its breaker rules and pool members, and every API's
 * policy facts, so that a backend or pool another API uses is never changed without saying so.
 */
import type { PoolMemberRef } from '../import/apimSteps';
import type { BreakerSettings, StatusCodeRange } from './breakerRule';
import { BREAKER_INTERVAL } from './breakerRule';
import type { PolicyFacts } from './policyRouting';

/** A circuit-breaker rule as ARM holds it; any field may be missing or of another kind (percentage, error reasons). */
export interface BreakerRuleFact {
  readonly name?: string;
  readonly count?: number;
  readonly percentage?: number;
  readonly interval?: string;
  readonly statusCodeRanges: readonly StatusCodeRange[];
  readonly errorReasons?: readonly string[];
  readonly tripDuration?: string;
  readonly acceptRetryAfter?: boolean;
}

export interface BackendFact {
  readonly id: string;
  readonly type: 'Single' | 'Pool';
  readonly url?: string;
  readonly breakerRules: readonly BreakerRuleFact[];
  /** A pool's members, by backend id. */
  readonly members: readonly PoolMemberRef[];
  /** The header its credentials send from a named value, e.g. `{ name: 'api-key', valueFormat: '{key}' }`. */
  readonly keyHeader?: { readonly name: string; readonly valueFormat: string };
}

export interface ApiFact {
  readonly apiId: string;
  readonly displayName: string;
  readonly policy: PolicyFacts;
  /** The policy XML as read (for the merged preview in Review); only for the API being changed. */
  readonly policyXml?: string;
}

export interface PoolEditFacts {
  /** The API being changed. */
  readonly apiId: string;
  /** Every API of the instance, this one included. */
  readonly apis: readonly ApiFact[];
  readonly backends: readonly BackendFact[];
  readonly namedValueIds: readonly string[];
}

export type ApiRouting =
  | { readonly kind: 'single'; readonly backend: BackendFact }
  | { readonly kind: 'pool'; readonly pool: BackendFact }
  | { readonly kind: 'none'; readonly message: string };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function findBackend(facts: PoolEditFacts, id: string): BackendFact | undefined {
  return facts.backends.find((b) => same(b.id, id));
}

export function thisApi(facts: PoolEditFacts): ApiFact {
  const api = facts.apis.find((a) => same(a.apiId, facts.apiId));
  if (!api) throw new Error(`The API "${facts.apiId}" was not read.`);
  return api;
}

/** Where the API sends its requests, or the sentence saying why it cannot have a pool as it is. */
export function apiRouting(facts: PoolEditFacts): ApiRouting {
  const api = thisApi(facts);
  const r = api.policy.routing;
  if (r.kind === 'none') {
    const why: Record<typeof r.reason, string> = {
      noPolicy: `${api.displayName} has no policy naming a backend, so there is nothing to pool. Import it with the wizard, or add a set-backend-service to its policy.`,
      serviceUrl: `${api.displayName} sends its requests to its service URL, not to a backend. Add a set-backend-service with a backend-id to its policy first.`,
      conditional: `${api.displayName} chooses its backend inside a condition of its policy, which a pool cannot take over safely. Edit its policy instead.`,
      unreadable: `The policy of ${api.displayName} cannot be read as XML. Fix it in the portal first.`,
    };
    return { kind: 'none', message: why[r.reason] };
  }
  const backend = findBackend(facts, r.backendId);
  if (!backend) {
    return {
      kind: 'none',
      message: `The policy of ${api.displayName} names the backend "${r.backendId}", which does not exist. Fix the policy first.`,
    };
  }
  return backend.type === 'Pool' ? { kind: 'pool', pool: backend } : { kind: 'single', backend };
}

/** Display names of the other APIs whose policy names the backend, directly or through a pool that contains it. */
export function otherApisUsing(facts: PoolEditFacts, backendId: string): string[] {
  const pools = facts.backends.filter((b) => b.type === 'Pool' && b.members.some((m) => same(m.backendId, backendId)));
  const ids = new Set([backendId, ...pools.map((p) => p.id)].map((id) => id.toLowerCase()));
  return facts.apis
    .filter((a) => !same(a.apiId, facts.apiId) && a.policy.backendIds.some((id) => ids.has(id)))
    .map((a) => a.displayName)
    .sort((a, b) => a.localeCompare(b));
}

/** A rule as the breaker settings we edit, or undefined when it says more than they can (percentage, other codes). */
export function breakerSettingsOf(rule: BreakerRuleFact | undefined): BreakerSettings | undefined {
  if (!rule || rule.count === undefined || rule.percentage !== undefined || (rule.errorReasons ?? []).length > 0) return undefined;
  if ((rule.interval ?? '').toUpperCase() !== BREAKER_INTERVAL) return undefined;
  const codes = rule.statusCodeRanges.map((r) => `${r.min}-${r.max}`);
  if (!codes.every((c) => c === '429-429' || c === '500-599')) return undefined;
  const tripSeconds = isoToSeconds(rule.tripDuration ?? '');
  if (tripSeconds === undefined) return undefined;
  return {
    failureCount: rule.count,
    tripSeconds,
    on429: codes.includes('429-429'),
    on5xx: codes.includes('500-599'),
    acceptRetryAfter: rule.acceptRetryAfter === true,
  };
}

/** `PT1M` → 60, `PT1H30M` → 5400; undefined for what is not a time-only ISO 8601 duration. */
export function isoToSeconds(iso: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/i.exec(iso);
  if (!m || iso.length <= 2) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** `base`, else `base-2`, `base-3`…: the first id no backend (or named value) has and the plan does not take. */
export function freeId(base: string, taken: readonly string[], firstSuffix = 2): string {
  const t = new Set(taken.map((id) => id.toLowerCase()));
  if (firstSuffix <= 1 && !t.has(base.toLowerCase())) return base;
  for (let n = Math.max(2, firstSuffix); n < 10_000; n++) if (!t.has(`${base}-${n}`.toLowerCase())) return `${base}-${n}`;
  throw new Error(`No free name starting with ${base}.`);
}
