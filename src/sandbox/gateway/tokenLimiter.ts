/**
 * Token counters of `llm-token-limit` / `azure-openai-token-limit`: a tokens-per-minute window and a quota per
 * calendar period (UTC), per counter key. Pure and driven by an injected clock, so tests move time instead of sleeping.
 */
export type QuotaPeriod = 'Hourly' | 'Daily' | 'Weekly' | 'Monthly' | 'Yearly';

export interface TokenLimits {
  readonly tokensPerMinute?: number;
  readonly quota?: number;
  readonly quotaPeriod?: QuotaPeriod;
}

export type LimitDecision =
  | { readonly allowed: true; readonly remainingTokens: number | undefined; readonly remainingQuota: number | undefined }
  | { readonly allowed: false; readonly status: 429 | 403; readonly retryAfterSeconds: number };

interface Window {
  start: number;
  used: number;
}

const MINUTE_MS = 60_000;

export class TokenLimiter {
  private readonly minute = new Map<string, Window>();
  private readonly quota = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Whether a request may proceed. With an estimate, the request is refused when it would go over the limit; without
   * one, only when the limit is already spent (the consumption is learned from the response).
   */
  check(key: string, limits: TokenLimits, estimate: number): LimitDecision {
    const t = this.now();
    if (limits.quota !== undefined) {
      const w = this.window(this.quota, key, periodStart(t, limits.quotaPeriod ?? 'Monthly'));
      if (w.used + estimate > limits.quota || w.used >= limits.quota) {
        return {
          allowed: false,
          status: 403,
          retryAfterSeconds: Math.ceil((periodEnd(w.start, limits.quotaPeriod ?? 'Monthly') - t) / 1000),
        };
      }
    }
    if (limits.tokensPerMinute !== undefined) {
      const w = this.window(this.minute, key, undefined);
      if (w.used + estimate > limits.tokensPerMinute || w.used >= limits.tokensPerMinute) {
        return { allowed: false, status: 429, retryAfterSeconds: Math.max(1, Math.ceil((w.start + MINUTE_MS - t) / 1000)) };
      }
    }
    return { allowed: true, ...this.remaining(key, limits, estimate) };
  }

  /** Records tokens consumed by a request under `key` against both counters. */
  consume(key: string, limits: TokenLimits, tokens: number): void {
    const t = this.now();
    if (limits.tokensPerMinute !== undefined) this.window(this.minute, key, undefined).used += tokens;
    if (limits.quota !== undefined) this.window(this.quota, key, periodStart(t, limits.quotaPeriod ?? 'Monthly')).used += tokens;
  }

  /** What is left after `pending` more tokens. */
  remaining(key: string, limits: TokenLimits, pending = 0): { remainingTokens: number | undefined; remainingQuota: number | undefined } {
    const t = this.now();
    return {
      remainingTokens:
        limits.tokensPerMinute === undefined
          ? undefined
          : Math.max(0, limits.tokensPerMinute - this.window(this.minute, key, undefined).used - pending),
      remainingQuota:
        limits.quota === undefined
          ? undefined
          : Math.max(0, limits.quota - this.window(this.quota, key, periodStart(t, limits.quotaPeriod ?? 'Monthly')).used - pending),
    };
  }

  reset(): void {
    this.minute.clear();
    this.quota.clear();
  }

  /** The current window for `key`: a calendar period when `alignedStart` is given, else a minute from first use. */
  private window(map: Map<string, Window>, key: string, alignedStart: number | undefined): Window {
    const t = this.now();
    const w = map.get(key);
    const expired = !w || (alignedStart !== undefined ? w.start !== alignedStart : t >= w.start + MINUTE_MS);
    if (expired) {
      const fresh = { start: alignedStart ?? t, used: 0 };
      map.set(key, fresh);
      return fresh;
    }
    return w;
  }
}

export function periodStart(t: number, period: QuotaPeriod): number {
  const d = new Date(t);
  switch (period) {
    case 'Hourly':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
    case 'Daily':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'Weekly': {
      const day = (d.getUTCDay() + 6) % 7; // weeks start on Monday
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
    }
    case 'Monthly':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'Yearly':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function periodEnd(start: number, period: QuotaPeriod): number {
  const d = new Date(start);
  switch (period) {
    case 'Hourly':
      return start + 3_600_000;
    case 'Daily':
      return start + 86_400_000;
    case 'Weekly':
      return start + 7 * 86_400_000;
    case 'Monthly':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case 'Yearly':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
}

export function parseQuotaPeriod(value: string | undefined): QuotaPeriod | undefined {
  const periods: QuotaPeriod[] = ['Hourly', 'Daily', 'Weekly', 'Monthly', 'Yearly'];
  return periods.find((p) => p.toLowerCase() === (value ?? '').toLowerCase());
}
