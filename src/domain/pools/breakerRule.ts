/**
 * The circuit-breaker rule a pool member gets: trip on throttling (429) and server errors (5xx) after N failures
 * within one minute, for a trip duration or — when the model answers with Retry-After — for as long as it asks.
 * Expressed in ARM's terms (`circuitBreaker.rules[]` of a Single backend, api-version 2024-05-01).
 */

export interface BreakerSettings {
  /** Failures within the interval that open the circuit. */
  readonly failureCount: number;
  /** How long an open circuit skips the member, in seconds (unless Retry-After says otherwise). */
  readonly tripSeconds: number;
  readonly on429: boolean;
  readonly on5xx: boolean;
  /** Honour the backend's Retry-After as the trip duration. */
  readonly acceptRetryAfter: boolean;
}

/**
 * One failure trips, as in the AI-Gateway labs: with a 429 the model has already said when to come back, and the
 * gateway's retry can only move to another member once this one is open.
 */
export const DEFAULT_BREAKER: BreakerSettings = { failureCount: 1, tripSeconds: 60, on429: true, on5xx: true, acceptRetryAfter: true };

/** The interval failures are counted in: one minute, the window the labs and the portal's default use. */
export const BREAKER_INTERVAL = 'PT1M';
export const BREAKER_RULE_NAME = 'llm-throttling-and-errors';
export const MAX_FAILURE_COUNT = 1000;
export const MAX_TRIP_SECONDS = 3600;

export interface StatusCodeRange {
  readonly min: number;
  readonly max: number;
}

export interface BreakerRulePayload {
  readonly name: string;
  readonly failureCondition: {
    readonly count: number;
    readonly interval: string;
    readonly statusCodeRanges: readonly StatusCodeRange[];
  };
  readonly tripDuration: string;
  readonly acceptRetryAfter: boolean;
}

export function breakerRule(settings: BreakerSettings): BreakerRulePayload {
  const statusCodeRanges: StatusCodeRange[] = [];
  if (settings.on429) statusCodeRanges.push({ min: 429, max: 429 });
  if (settings.on5xx) statusCodeRanges.push({ min: 500, max: 599 });
  return {
    name: BREAKER_RULE_NAME,
    failureCondition: { count: settings.failureCount, interval: BREAKER_INTERVAL, statusCodeRanges },
    tripDuration: isoSeconds(settings.tripSeconds),
    acceptRetryAfter: settings.acceptRetryAfter,
  };
}

/** `60` → `PT1M`, `90` → `PT90S`, `3600` → `PT1H`. */
export function isoSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `PT${seconds / 3600}H`;
  if (seconds % 60 === 0) return `PT${seconds / 60}M`;
  return `PT${seconds}S`;
}

/** One line for Review and the tree: "trips after 1 failure (429, 5xx) in 1 min for 1 min, or Retry-After". */
export function describeBreaker(rule: BreakerRulePayload): string {
  const codes = rule.failureCondition.statusCodeRanges.map((r) =>
    r.min === r.max ? String(r.min) : r.min === 500 && r.max === 599 ? '5xx' : `${r.min}–${r.max}`,
  );
  const n = rule.failureCondition.count;
  const trip = humanDuration(rule.tripDuration);
  return `trips after ${n} failure${n === 1 ? '' : 's'} (${codes.join(', ') || 'no status codes'}) in ${humanDuration(rule.failureCondition.interval)} for ${trip}${rule.acceptRetryAfter ? ' or as long as Retry-After asks' : ''}`;
}

/** `PT1M` → `1 min`, `PT1H30M` → `1 h 30 min`; anything else as written. */
export function humanDuration(iso: string): string {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/i.exec(iso);
  if (!m) return iso;
  const [, h, min, s] = m;
  return [h ? `${h} h` : '', min ? `${min} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ') || '0 s';
}
