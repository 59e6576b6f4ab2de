/** Latency figures the benchmarks report: percentiles of a sample set and milliseconds rounded to the microsecond. */

export interface LatencyStats {
  readonly p50: number;
  readonly p95: number;
  readonly n: number;
}

/** Nearest-rank percentiles (no interpolation), rounded like every figure in the reports. */
export function stats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: round(at(0.5)), p95: round(at(0.95)), n: sorted.length };
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
