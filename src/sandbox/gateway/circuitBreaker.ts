/**
 * Circuit breakers of APIM backends (`properties.circuitBreaker.rules`): a rule trips when `failureCondition.count`
 * matching failures (status code ranges) happen within `failureCondition.interval`; the backend is then skipped for
 * `tripDuration`, or for the backend's Retry-After when `acceptRetryAfter` is set. Pure, with an injected clock.
 */
export interface BreakerRule {
  readonly name: string;
  readonly count: number;
  readonly intervalMs: number;
  readonly statusRanges: ReadonlyArray<{ readonly min: number; readonly max: number }>;
  readonly tripMs: number;
  readonly acceptRetryAfter: boolean;
}

export function parseBreakerRules(circuitBreaker: unknown): BreakerRule[] {
  const rules = (circuitBreaker as { rules?: unknown } | undefined)?.rules;
  if (!Array.isArray(rules)) return [];
  return rules.map((r: Record<string, unknown>, i): BreakerRule => {
    const fc = (r.failureCondition ?? {}) as Record<string, unknown>;
    const ranges = Array.isArray(fc.statusCodeRanges) ? (fc.statusCodeRanges as Array<{ min?: unknown; max?: unknown }>) : [];
    return {
      name: typeof r.name === 'string' ? r.name : `rule${i}`,
      count: typeof fc.count === 'number' ? fc.count : 1,
      intervalMs: isoDurationMs(fc.interval) ?? 60_000,
      statusRanges: ranges.map((x) => ({ min: Number(x.min ?? 0), max: Number(x.max ?? x.min ?? 0) })),
      tripMs: isoDurationMs(r.tripDuration) ?? 60_000,
      acceptRetryAfter: r.acceptRetryAfter === true,
    };
  });
}

/** `PT1M`, `PT30S`, `PT1H5M`, `P1D`; undefined when not a duration. */
export function isoDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value);
  if (!m || value.toUpperCase() === 'P' || value.toUpperCase() === 'PT') return undefined;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

/** What the test hooks show of one backend's breaker (`GET /_sandbox/breakers`). */
export interface BreakerSnapshot {
  /** The backend's ARM id, lower-cased. */
  readonly backendKey: string;
  readonly open: boolean;
  readonly openUntil?: string;
  /** Failures counted in the current interval, per rule name. */
  readonly failures: Readonly<Record<string, number>>;
  /** Every answer (or failed connection) the breaker has seen from the backend since the sandbox started or was reset. */
  readonly calls: number;
}

interface BreakerState {
  failures: Map<string, number[]>;
  openUntil: number;
  calls: number;
}

export class CircuitBreakers {
  private readonly states = new Map<string, BreakerState>();

  constructor(private readonly now: () => number = Date.now) {}

  isOpen(backendKey: string): boolean {
    return (this.states.get(backendKey)?.openUntil ?? 0) > this.now();
  }

  /** Records a response status; returns true when it tripped the breaker. */
  record(backendKey: string, rules: readonly BreakerRule[], status: number, retryAfterSeconds: number | undefined): boolean {
    const t = this.now();
    let state = this.states.get(backendKey);
    if (!state) this.states.set(backendKey, (state = { failures: new Map(), openUntil: 0, calls: 0 }));
    state.calls++;
    for (const rule of rules) {
      if (!rule.statusRanges.some((r) => status >= r.min && status <= r.max)) continue;
      const recent = (state.failures.get(rule.name) ?? []).filter((x) => x > t - rule.intervalMs);
      recent.push(t);
      state.failures.set(rule.name, recent);
      if (recent.length >= rule.count) {
        const trip = rule.acceptRetryAfter && retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : rule.tripMs;
        state.openUntil = Math.max(state.openUntil, t + trip);
        state.failures.set(rule.name, []);
        return true;
      }
    }
    return false;
  }

  reset(): void {
    this.states.clear();
  }

  /** Every backend the breakers have seen: whether it is open, until when, and the failures counted per rule. */
  snapshot(): BreakerSnapshot[] {
    const t = this.now();
    return [...this.states].map(([backendKey, state]) => ({
      backendKey,
      open: state.openUntil > t,
      ...(state.openUntil > t ? { openUntil: new Date(state.openUntil).toISOString() } : {}),
      failures: Object.fromEntries([...state.failures].map(([rule, times]) => [rule, times.length])),
      calls: state.calls,
    }));
  }
}
