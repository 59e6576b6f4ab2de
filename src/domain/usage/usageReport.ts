/**
 * Builds what the Usage view shows from the parsed answers of its queries: totals, one series per top value of the
 * split dimension plus "Other" (so the chart stays readable with 50 teams, while the table lists them all), the
 * top-consumers table and the estimated cost per model.
 */
import type { MetricSeries } from './metricsResult';
import type { TokenMetric } from './metricsQueries';
import { costOf, priceOf, type PriceTable } from './pricing';
import type { RangeId, Window } from './timeRanges';

export interface TokenTotals {
  readonly prompt: number;
  readonly completion: number;
  readonly total: number;
  /** Requests that emitted token metrics: the Count aggregation of Total Tokens. */
  readonly requests: number;
}

export interface UsageSeries {
  /** The dimension value; '' for requests that did not carry it; undefined for the unsplit series and "Other". */
  readonly value?: string;
  readonly label: string;
  readonly other?: boolean;
  readonly prompt: readonly number[];
  readonly completion: readonly number[];
  readonly total: readonly number[];
  readonly requests: readonly number[];
  readonly sum: TokenTotals;
}

export interface Consumer extends TokenTotals {
  readonly value: string;
  readonly label: string;
  /** Share of all tokens, 0–1. */
  readonly share: number;
}

export interface ModelCost {
  readonly model: string;
  readonly prompt: number;
  readonly completion: number;
  /** USD; undefined when the price table has no price for the model. */
  readonly cost?: number;
}

export interface CostEstimate {
  readonly dimension: string;
  /** USD for the priced models. */
  readonly total: number;
  readonly byModel: readonly ModelCost[];
}

export interface UsageReport {
  readonly range: RangeId;
  readonly grain: string;
  readonly buckets: readonly number[];
  readonly totals: TokenTotals;
  readonly splitBy?: string;
  /** Top values first, "Other" last; the unsplit series alone when there is no split. */
  readonly series: readonly UsageSeries[];
  readonly consumers: readonly Consumer[];
  /** The split query returned `top` values: there may be more that the table does not show. */
  readonly consumersTruncated: boolean;
  readonly cost?: CostEstimate;
}

export interface ReportInput {
  readonly range: RangeId;
  readonly window: Window;
  readonly totals: readonly MetricSeries[];
  readonly split?: { readonly dimension: string; readonly series: readonly MetricSeries[]; readonly top: number };
  readonly models?: { readonly dimension: string; readonly series: readonly MetricSeries[] };
  readonly prices: PriceTable;
  /** Display names for dimension values (APIM subscription names → display names). */
  readonly labels?: Readonly<Record<string, string>>;
  /** How many series the chart draws before folding the rest into "Other". */
  readonly chartSeries?: number;
}

interface Columns {
  prompt: number[];
  completion: number[];
  total: number[];
  requests: number[];
}

const METRIC_COLUMN: Readonly<Record<TokenMetric, 'prompt' | 'completion' | 'total'>> = {
  'Prompt Tokens': 'prompt',
  'Completion Tokens': 'completion',
  'Total Tokens': 'total',
};

/** Sums series into per-bucket columns, keyed by dimension value. Points outside the window are ignored. */
function columnsByValue(series: readonly MetricSeries[], window: Window): Map<string | undefined, Columns> {
  const index = new Map<number, number>(window.buckets.map((t, i) => [t, i]));
  const out = new Map<string | undefined, Columns>();
  const n = window.buckets.length;
  for (const s of series) {
    let cols = out.get(s.value);
    if (!cols) out.set(s.value, (cols = { prompt: zeros(n), completion: zeros(n), total: zeros(n), requests: zeros(n) }));
    const column = cols[METRIC_COLUMN[s.metric]];
    for (const p of s.points) {
      const i = index.get(Math.floor((p.t - window.startMs) / window.grainMs) * window.grainMs + window.startMs);
      if (i === undefined) continue;
      column[i] += p.total;
      if (s.metric === 'Total Tokens') cols.requests[i] += p.count;
    }
  }
  return out;
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const sumOf = (c: Columns): TokenTotals => ({
  prompt: sum(c.prompt),
  completion: sum(c.completion),
  total: sum(c.total),
  requests: sum(c.requests),
});

export function labelOf(value: string, labels: Readonly<Record<string, string>> | undefined): string {
  if (value === '') return '(none)';
  return labels?.[value] ?? labels?.[value.toLowerCase()] ?? value;
}

export function buildUsageReport(input: ReportInput): UsageReport {
  const n = input.window.buckets.length;
  const empty: Columns = { prompt: zeros(n), completion: zeros(n), total: zeros(n), requests: zeros(n) };
  const totalCols = columnsByValue(input.totals, input.window).get(undefined) ?? empty;
  const totals = sumOf(totalCols);
  const base = { range: input.range, grain: input.window.grain, buckets: input.window.buckets, totals };
  if (!input.split) {
    const series: UsageSeries = { label: 'All requests', ...totalCols, sum: totals };
    return { ...base, series: [series], consumers: [], consumersTruncated: false, ...costPart(input) };
  }
  const byValue = [...columnsByValue(input.split.series, input.window)]
    .filter((e): e is [string, Columns] => e[0] !== undefined)
    .map(([value, cols]) => ({ value, cols, sum: sumOf(cols) }))
    .sort((a, b) => b.sum.total - a.sum.total || a.value.localeCompare(b.value));
  const consumers: Consumer[] = byValue.map((v) => ({
    value: v.value,
    label: labelOf(v.value, input.labels),
    ...v.sum,
    share: totals.total > 0 ? v.sum.total / totals.total : 0,
  }));
  const shown = Math.max(1, input.chartSeries ?? 9);
  const series: UsageSeries[] = byValue.slice(0, shown).map((v) => ({
    value: v.value,
    label: labelOf(v.value, input.labels),
    ...v.cols,
    sum: v.sum,
  }));
  // "Other": what the totals hold beyond the drawn series (values past the chart's or the query's top).
  const other: Columns = { prompt: zeros(n), completion: zeros(n), total: zeros(n), requests: zeros(n) };
  for (const key of ['prompt', 'completion', 'total', 'requests'] as const) {
    for (let i = 0; i < n; i++) {
      const drawn = series.reduce((a, s) => a + s[key][i], 0);
      other[key][i] = Math.max(0, totalCols[key][i] - drawn);
    }
  }
  const otherSum = sumOf(other);
  if (otherSum.total > 0 || otherSum.requests > 0) series.push({ label: 'Other', other: true, ...other, sum: otherSum });
  return {
    ...base,
    splitBy: input.split.dimension,
    series,
    consumers,
    consumersTruncated: byValue.length >= input.split.top,
    ...costPart(input),
  };
}

function costPart(input: ReportInput): { cost?: CostEstimate } {
  const models =
    input.models ??
    (input.split && /model|deployment/i.test(input.split.dimension)
      ? { dimension: input.split.dimension, series: input.split.series }
      : undefined);
  if (!models) return {};
  const byModel: ModelCost[] = [...columnsByValue(models.series, input.window)]
    .filter((e): e is [string, Columns] => e[0] !== undefined)
    .map(([model, cols]) => {
      const prompt = sum(cols.prompt);
      const completion = sum(cols.completion);
      const price = priceOf(input.prices, model);
      return { model: labelOf(model, undefined), prompt, completion, ...(price ? { cost: costOf(price, prompt, completion) } : {}) };
    })
    .filter((m) => m.prompt + m.completion > 0)
    .sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1) || a.model.localeCompare(b.model));
  return { cost: { dimension: models.dimension, total: byModel.reduce((a, m) => a + (m.cost ?? 0), 0), byModel } };
}
