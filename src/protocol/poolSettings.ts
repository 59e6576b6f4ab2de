/**
 * Parsers of the wizard's Backends section (both modes): where each member stands in the pool and its breaker, plus
 * what names the extra member (a URL, an account id). Shape only; the values are validated in src/domain/pools.
 */
import type { BreakerSettings } from '../domain/pools/breakerRule';
import type { PoolMemberSettings } from '../domain/import/lmApiForm';
import { fail, isRecord, ok, readBoolean, readNumber, readString, type Parsed } from '../domain/guards';

/** More than APIM needs for failover and far fewer than a pool may hold; keeps a message small. */
export const MAX_EXTRA_BACKENDS = 10;

export interface PoolShape<E> {
  readonly primary: PoolMemberSettings;
  readonly extra: readonly E[];
}

/** `pool` of a form: absent, or `{ primary, extra: [...] }` with `extraField` (`url` or `accountId`) on each extra member. */
export function parsePool<K extends string>(
  raw: unknown,
  extraField: K,
): Parsed<PoolShape<PoolMemberSettings & Record<K, string>> | undefined> {
  if (raw === undefined) return ok(undefined);
  if (!isRecord(raw)) return fail('"pool" must be an object.');
  const primary = parseMember(raw.primary);
  if (!primary.ok) return primary;
  if (!Array.isArray(raw.extra) || raw.extra.length > MAX_EXTRA_BACKENDS) {
    return fail(`"pool.extra" must be a list of at most ${MAX_EXTRA_BACKENDS} backends.`);
  }
  const extra: Array<PoolMemberSettings & Record<K, string>> = [];
  for (const item of raw.extra as unknown[]) {
    const member = parseMember(item);
    if (!member.ok) return member;
    const target = readString(item as Record<string, unknown>, extraField, { maxLength: 4_096 });
    if (!target.ok) return target;
    extra.push({ ...member.value, [extraField]: target.value! } as PoolMemberSettings & Record<K, string>);
  }
  return ok({ primary: primary.value, extra });
}

function parseMember(raw: unknown): Parsed<PoolMemberSettings> {
  if (!isRecord(raw)) return fail('Each pool member must be an object.');
  const priority = readNumber(raw, 'priority');
  if (!priority.ok) return priority;
  const weight = readNumber(raw, 'weight');
  if (!weight.ok) return weight;
  const breaker = parseBreaker(raw.breaker);
  if (!breaker.ok) return breaker;
  return ok({ priority: priority.value!, weight: weight.value!, breaker: breaker.value });
}

function parseBreaker(raw: unknown): Parsed<BreakerSettings> {
  if (!isRecord(raw)) return fail('"breaker" must be an object.');
  const failureCount = readNumber(raw, 'failureCount');
  if (!failureCount.ok) return failureCount;
  const tripSeconds = readNumber(raw, 'tripSeconds');
  if (!tripSeconds.ok) return tripSeconds;
  const flags: Partial<Record<'on429' | 'on5xx' | 'acceptRetryAfter', boolean>> = {};
  for (const f of ['on429', 'on5xx', 'acceptRetryAfter'] as const) {
    const v = readBoolean(raw, f);
    if (!v.ok) return v;
    flags[f] = v.value;
  }
  return ok({
    failureCount: failureCount.value!,
    tripSeconds: tripSeconds.value!,
    on429: flags.on429!,
    on5xx: flags.on5xx!,
    acceptRetryAfter: flags.acceptRetryAfter!,
  });
}
