/** Call counters of `rate-limit` / `rate-limit-by-key`: N calls per renewal period from the first call, per key. */
export type CallDecision =
  { readonly allowed: true; readonly remaining: number } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class CallLimiter {
  private readonly windows = new Map<string, { start: number; calls: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts a call when allowed. */
  take(key: string, calls: number, periodSeconds: number): CallDecision {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t >= w.start + periodSeconds * 1000) this.windows.set(key, (w = { start: t, calls: 0 }));
    if (w.calls >= calls) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + periodSeconds * 1000 - t) / 1000)) };
    w.calls++;
    return { allowed: true, remaining: calls - w.calls };
  }

  reset(): void {
    this.windows.clear();
  }
}
