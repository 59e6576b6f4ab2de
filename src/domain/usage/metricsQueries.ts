/**
 * The Azure Monitor metrics queries behind one Usage view: what to ask, not how. One query carries the three token
 * metrics (the API takes up to 20 names) with both aggregations, so prompt, completion, total and request counts come
 * back together; a split is one more query with `{dimension} eq '*'` and `top`, never one query per value.
 */
import type { Window } from './timeRanges';

export const TOKEN_METRICS = ['Prompt Tokens', 'Completion Tokens', 'Total Tokens'] as const;
export type TokenMetric = (typeof TOKEN_METRICS)[number];

/** The policies' default namespace when the `namespace` attribute is left out. */
export const DEFAULT_METRIC_NAMESPACE = 'API Management';

/** Azure Monitor allows 10 dimension keys per metric; APIM uses 5 itself, so a policy has at most 5. */
export const MAX_POLICY_DIMENSIONS = 5;
/** How many values of the split dimension one query returns at most (Azure's default `top` is 10). */
export const DEFAULT_TOP = 50;
export const MAX_TOP = 200;

export interface MetricsQuery {
  /** What the query is for; not sent. */
  readonly purpose: 'totals' | 'split' | 'cost';
  readonly metricnames: string;
  readonly metricnamespace: string;
  readonly aggregation: 'Total,Count';
  readonly interval: string;
  readonly timespan: string;
  readonly filter?: string;
  readonly top?: number;
  readonly orderby?: string;
}

/** `'it''s'`: the OData way to put a quote inside a quoted value. */
export function quoteValue(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `API ID eq 'x' and Subscription ID eq '*'`; undefined when there is nothing to filter or split. */
export function dimensionFilter(equals: Readonly<Record<string, string>>, splits: readonly string[]): string | undefined {
  const clauses = [
    ...Object.entries(equals).map(([name, value]) => `${name} eq ${quoteValue(value)}`),
    ...splits.filter((s) => !(s in equals)).map((name) => `${name} eq '*'`),
  ];
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}

export interface UsageQueryInput {
  readonly namespace: string;
  readonly window: Window;
  /** Fixed dimension values, e.g. `{ 'API ID': 'openai-chat' }` for one API's view. */
  readonly scope: Readonly<Record<string, string>>;
  readonly splitBy?: string;
  /** The model (or deployment) dimension, when the metrics have one: the cost estimate splits by it. */
  readonly modelDimension?: string;
  readonly top?: number;
}

/** The queries of one view, to be run in parallel: totals, the split, and the split by model for the cost estimate. */
export function usageQueries(input: UsageQueryInput): MetricsQuery[] {
  const base = {
    metricnames: TOKEN_METRICS.join(','),
    metricnamespace: input.namespace,
    aggregation: 'Total,Count' as const,
    interval: input.window.grain,
    timespan: input.window.timespan,
  };
  const top = Math.min(Math.max(1, Math.round(input.top ?? DEFAULT_TOP)), MAX_TOP);
  const scopeFilter = dimensionFilter(input.scope, []);
  const queries: MetricsQuery[] = [{ purpose: 'totals', ...base, ...(scopeFilter ? { filter: scopeFilter } : {}) }];
  const split = (purpose: 'split' | 'cost', dimension: string): MetricsQuery => ({
    purpose,
    ...base,
    filter: dimensionFilter(input.scope, [dimension])!,
    top,
    orderby: 'Total desc',
  });
  if (input.splitBy) queries.push(split('split', input.splitBy));
  if (input.modelDimension && !sameName(input.modelDimension, input.splitBy)) queries.push(split('cost', input.modelDimension));
  return queries;
}

/** Dimension names compare without case: Azure answers with them lowercased. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The dimension that names the model or deployment, if the metrics have one. */
export function modelDimensionOf(dimensions: readonly string[]): string | undefined {
  return dimensions.find((d) => /^model\b|model$/i.test(d.trim())) ?? dimensions.find((d) => /deployment/i.test(d));
}
