/**
 * What the tree says of a pool and its members, from what ARM returns: every field of a member and of a breaker rule
 * may be missing there (APIM accepts null priority and weight, and rules by percentage or error reason), so nothing
 * here assumes the shape our own imports write.
 */
import { describeBreaker, humanDuration } from './breakerRule';

export interface ReadStatusRange {
  readonly min?: number;
  readonly max?: number;
}

export interface ReadBreakerRule {
  readonly name?: string;
  readonly failureCondition?: {
    readonly count?: number;
    readonly percentage?: number;
    readonly interval?: string;
    readonly statusCodeRanges?: readonly ReadStatusRange[];
    readonly errorReasons?: readonly string[];
  };
  readonly tripDuration?: string;
  readonly acceptRetryAfter?: boolean;
}

/** One entry of a pool's `pool.services`: the member's id relative (`/backends/{id}`) or a full ARM id. */
export interface ReadPoolService {
  readonly id: string;
  readonly priority?: number;
  readonly weight?: number;
}

/** The backend name a member id ends with. */
export function memberNameOf(id: string): string {
  return id.replace(/\/+$/, '').split('/').pop() ?? id;
}

/** The members in the order the gateway tries them: by priority (unset last), then as listed. */
export function membersInOrder<T extends ReadPoolService>(services: readonly T[]): T[] {
  const rank = (s: ReadPoolService): number => s.priority ?? Number.MAX_SAFE_INTEGER;
  return services
    .map((s, i) => [s, i] as const)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([s]) => s);
}

/** "429/5xx", "500–503", "any status" when the rule names none. */
function codesOf(ranges: readonly ReadStatusRange[] | undefined): string {
  const codes = (ranges ?? []).map(({ min, max = min }) =>
    min === undefined ? '?' : min === max ? String(min) : min === 500 && max === 599 ? '5xx' : `${min}–${max}`,
  );
  return codes.join('/') || 'no status code';
}

const duration = (iso: string | undefined): string => (iso ? humanDuration(iso) : '?');

/** One short line per rule, for a tree row: "trips after 3×429/5xx in 1 min for 1 min (or Retry-After)". */
export function shortBreaker(rule: ReadBreakerRule): string {
  const fc = rule.failureCondition ?? {};
  const what = [codesOf(fc.statusCodeRanges), ...(fc.errorReasons ?? [])].join('/');
  const threshold = fc.percentage !== undefined && fc.count === undefined ? `${fc.percentage}% ${what}` : `${fc.count ?? 1}×${what}`;
  const retryAfter = rule.acceptRetryAfter ? ' (or Retry-After)' : '';
  return `trips after ${threshold} in ${duration(fc.interval)} for ${duration(rule.tripDuration)}${retryAfter}`;
}

/** The full sentence of a rule for a tooltip; the import's own wording when the rule is one it could have written. */
export function longBreaker(rule: ReadBreakerRule): string {
  const fc = rule.failureCondition;
  const complete = fc?.count !== undefined && fc.percentage === undefined && !fc.errorReasons?.length && fc.interval && rule.tripDuration;
  const text = complete
    ? describeBreaker({
        name: rule.name ?? '',
        failureCondition: {
          count: fc.count,
          interval: fc.interval,
          statusCodeRanges: (fc.statusCodeRanges ?? []).map(({ min = 0, max = min }) => ({ min, max })),
        },
        tripDuration: rule.tripDuration,
        acceptRetryAfter: rule.acceptRetryAfter === true,
      })
    : shortBreaker(rule);
  return `${rule.name ? `Rule "${rule.name}": ` : ''}${text}`;
}

/** "priority 1 · weight 50 · trips after …": a member's row. Members without a rule say so (nothing protects them). */
export function memberDescription(service: ReadPoolService, rules: readonly ReadBreakerRule[] | undefined): string {
  const breaker = rules === undefined ? undefined : rules.length === 0 ? 'no circuit breaker' : rules.map(shortBreaker).join('; ');
  return [
    service.priority !== undefined ? `priority ${service.priority}` : 'priority not set',
    service.weight !== undefined ? `weight ${service.weight}` : 'weight not set',
    breaker,
  ]
    .filter(Boolean)
    .join(' · ');
}
