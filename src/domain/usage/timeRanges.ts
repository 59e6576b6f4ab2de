/**
 * The time ranges the Usage view offers and the Azure Monitor grain each one is read at. Azure accepts only the grains
 * PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, PT12H and P1D (its error lists them), keeps metrics 93 days, and its own charts
 * stop at 30 days per query: the longest range here is 30 days, so one query per split always suffices.
 */

export const RANGE_IDS = ['1h', '24h', '7d', '30d'] as const;
export type RangeId = (typeof RANGE_IDS)[number];

export const AZURE_GRAINS = ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT6H', 'PT12H', 'P1D'] as const;
export type AzureGrain = (typeof AZURE_GRAINS)[number];

const MINUTE = 60_000;
export const GRAIN_MS: Readonly<Record<AzureGrain, number>> = {
  PT1M: MINUTE,
  PT5M: 5 * MINUTE,
  PT15M: 15 * MINUTE,
  PT30M: 30 * MINUTE,
  PT1H: 60 * MINUTE,
  PT6H: 360 * MINUTE,
  PT12H: 720 * MINUTE,
  P1D: 1440 * MINUTE,
};

/** Metrics older than this are gone (Azure Monitor platform and custom metrics retention). */
export const RETENTION_MS = 93 * 1440 * MINUTE;
/** The longest timespan one query of ours asks for. */
export const MAX_QUERY_SPAN_MS = 30 * 1440 * MINUTE;

export interface TimeRange {
  readonly id: RangeId;
  readonly label: string;
  readonly durationMs: number;
  /** Chosen so that a chart has 60–170 points: fine enough to see a spike, few enough to draw 50 series smoothly. */
  readonly grain: AzureGrain;
}

export const TIME_RANGES: Readonly<Record<RangeId, TimeRange>> = {
  '1h': { id: '1h', label: 'Last hour', durationMs: 60 * MINUTE, grain: 'PT1M' },
  '24h': { id: '24h', label: 'Last 24 hours', durationMs: 1440 * MINUTE, grain: 'PT15M' },
  '7d': { id: '7d', label: 'Last 7 days', durationMs: 7 * 1440 * MINUTE, grain: 'PT1H' },
  '30d': { id: '30d', label: 'Last 30 days', durationMs: 30 * 1440 * MINUTE, grain: 'PT6H' },
};

export function isRangeId(value: unknown): value is RangeId {
  return typeof value === 'string' && (RANGE_IDS as readonly string[]).includes(value);
}

export interface Window {
  readonly startMs: number;
  readonly endMs: number;
  readonly grain: AzureGrain;
  readonly grainMs: number;
  /** `start/end` in ISO 8601, as the metrics API's `timespan` wants it. */
  readonly timespan: string;
  /** The start of every bucket, oldest first. */
  readonly buckets: readonly number[];
}

/**
 * The window of a range ending with the bucket that holds `nowMs`: whole buckets, so that every point on the chart
 * covers the same length of time and the newest one fills as requests come in.
 */
export function windowFor(range: TimeRange, nowMs: number): Window {
  const grainMs = GRAIN_MS[range.grain];
  const endMs = Math.floor(nowMs / grainMs) * grainMs + grainMs;
  const startMs = endMs - range.durationMs;
  const buckets: number[] = [];
  for (let t = startMs; t < endMs; t += grainMs) buckets.push(t);
  return {
    startMs,
    endMs,
    grain: range.grain,
    grainMs,
    timespan: `${new Date(startMs).toISOString()}/${new Date(endMs).toISOString()}`,
    buckets,
  };
}
