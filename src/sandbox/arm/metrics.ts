/**
 * Azure Monitor metrics on Application Insights components, serving the token metrics the gateway emitted (and the
 * demo's seeded history): `GET {componentId}/providers/Microsoft.Insights/metrics` (api-version 2024-02-01, what
 * @azure/arm-monitor 8 sends) with metricnames, metricnamespace, aggregation, interval, timespan, `$filter`, top and
 * orderby, and `metricDefinitions` (which dimensions a namespace's metrics carry). Checked as Azure checks them: the
 * grains Azure offers, 93 days of retention, a metric that was never emitted is a 400, `or` only within a dimension.
 */
import type { SandboxContext } from '../context';
import { historyFor, type TokenSample } from '../usageHistory';
import { ArmError } from './errors';
import { parseMetricsFilter, type DimensionClause } from './metricsFilter';
import { ok, type ArmRequest, type ArmRoute } from './request';

const GRAINS: Readonly<Record<string, number>> = {
  PT1M: 1,
  PT5M: 5,
  PT15M: 15,
  PT30M: 30,
  PT1H: 60,
  PT6H: 360,
  PT12H: 720,
  P1D: 1440,
};
const GRAIN_LIST = '00:01:00,00:05:00,00:15:00,00:30:00,01:00:00,06:00:00,12:00:00,1.00:00:00';
const RETENTION_MS = 93 * 86_400_000;
const AGGREGATIONS = ['average', 'count', 'maximum', 'minimum', 'total'] as const;
type Aggregation = (typeof AGGREGATIONS)[number];
const METRIC_VALUE: Readonly<Record<string, (s: TokenSample) => number>> = {
  'prompt tokens': (s) => s.promptTokens,
  'completion tokens': (s) => s.completionTokens,
  'total tokens': (s) => s.totalTokens,
};

export function metricsRoutes(): ArmRoute[] {
  return [
    { method: 'GET', pattern: '/{scope*}/providers/Microsoft.Insights/metrics', handler: listMetrics },
    { method: 'GET', pattern: '/{scope*}/providers/Microsoft.Insights/metricDefinitions', handler: listDefinitions },
  ];
}

/** Everything the component received: the gateway's samples for it, then the seeded history. */
export function samplesOf(ctx: SandboxContext, componentId: string): TokenSample[] {
  const id = componentId.toLowerCase();
  return [...historyFor(ctx, componentId), ...ctx.metrics.filter((m) => m.componentId.toLowerCase() === id)];
}

function componentOf(req: ArmRequest): string {
  const scope = `/${req.params.scope.replace(/^\/+/, '')}`;
  const m = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Insights\/components\/([^/]+)$/i.exec(scope);
  const resource = req.store.get(scope);
  if (!resource) {
    const [, rg = '', name = scope] = m ?? [];
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Insights/components/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  if (!m) throw new ArmError(400, 'BadRequest', `The sandbox serves metrics of Application Insights components only, not of '${scope}'.`);
  return resource.id;
}

function listMetrics(req: ArmRequest): ReturnType<typeof ok> {
  const componentId = componentOf(req);
  const q = req.url.searchParams;
  const namespace = q.get('metricnamespace') ?? '';
  const all = indexedSamples(req.ctx, componentId, namespace);
  const names = (q.get('metricnames') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0) throw new ArmError(400, 'BadRequest', 'metricnames is required for a custom metric namespace.');
  if (names.length > 20) throw new ArmError(400, 'BadRequest', `At most 20 metrics can be requested at once, not ${names.length}.`);
  for (const n of names) {
    if (all.length === 0 || !METRIC_VALUE[n.toLowerCase()]) {
      throw new ArmError(
        400,
        'BadRequest',
        `Failed to find metric configuration for provider: microsoft.insights, resource Type: components, metric: ${n}, Valid metrics: ${all.length > 0 ? 'Prompt Tokens,Completion Tokens,Total Tokens' : ''}`,
      );
    }
  }
  const aggregations = readAggregations(q.get('aggregation'));
  const interval = q.get('interval') ?? 'PT1M';
  const grainMin = interval.toUpperCase() === 'FULL' ? undefined : GRAINS[interval.toUpperCase()];
  if (interval.toUpperCase() !== 'FULL' && grainMin === undefined) {
    throw new ArmError(400, 'BadRequest', `Invalid time grain duration: ${interval}, supported ones are: ${GRAIN_LIST}`);
  }
  const [start, end] = readTimespan(q.get('timespan'), Date.now());
  const filter = parseMetricsFilter(q.get('$filter'));
  const top = readTop(q.get('top'));
  const order = readOrderBy(q.get('orderby'), aggregations[0]);
  const grainMs = grainMin === undefined ? end - start : grainMin * 60_000;
  const first = grainMin === undefined ? start : Math.floor(start / grainMs) * grainMs;
  // Grouped and bucketed once for all the metrics asked for: every metric has the same samples.
  // A split only applies to dimensions the metric carries: without "custom metrics with dimensions" there are none.
  const carried = filter.filter((c) => c.values === undefined && all.some((s) => hasDimension(s, c.name)));
  const groups = new Map<string, { meta: string[]; samples: TokenSample[]; byBucket: Map<number, TokenSample[]> }>();
  for (const x of all) {
    const t = x.t;
    if (t < start || t >= end || !matches(x, filter)) continue;
    const s = x.s;
    const meta = carried.map((c) => dimensionOf(x, c.name) ?? '');
    const key = meta.join('\u0000');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { meta, samples: [], byBucket: new Map() }));
    group.samples.push(s);
    const b = first + Math.floor((t - first) / grainMs) * grainMs;
    const list = group.byBucket.get(b);
    if (list) list.push(s);
    else group.byBucket.set(b, [s]);
  }
  const value = names.map((name) => {
    const read = METRIC_VALUE[name.toLowerCase()];
    let timeseries = [...groups.values()].map((g) => ({
      metadatavalues: carried.map((c, i) => ({
        name: { value: c.name.toLowerCase(), localizedValue: c.name.toLowerCase() },
        value: g.meta[i],
      })),
      data: buckets(g.byBucket, read, aggregations, first, end, grainMs),
      rank: aggregate(g.samples, read, order.aggregation),
    }));
    if (filter.length > 0) {
      timeseries.sort((a, b) => (order.descending ? b.rank - a.rank : a.rank - b.rank));
      timeseries = timeseries.slice(0, top);
    }
    return {
      id: `${componentId}/providers/Microsoft.Insights/metrics/${name}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: name, localizedValue: name },
      displayDescription: '',
      unit: 'Count',
      timeseries: timeseries.map(({ metadatavalues, data }) => ({ metadatavalues, data })),
      errorCode: 'Success',
    };
  });
  return ok({
    cost: Math.ceil(((end - start) / grainMs) * Math.max(1, value.length)),
    timespan: `${new Date(start).toISOString()}/${new Date(end).toISOString()}`,
    interval: grainMin === undefined ? 'FULL' : interval.toUpperCase(),
    namespace,
    resourceregion: req.store.get(componentId)?.location ?? '',
    value,
  });
}

function listDefinitions(req: ArmRequest): ReturnType<typeof ok> {
  const componentId = componentOf(req);
  const namespace = req.url.searchParams.get('metricnamespace') ?? '';
  const samples = indexedSamples(req.ctx, componentId, namespace);
  const dimensions = [...new Set(samples.flatMap((x) => Object.keys(x.s.dimensions)))].sort();
  const value =
    samples.length === 0
      ? []
      : ['Prompt Tokens', 'Completion Tokens', 'Total Tokens'].map((name) => ({
          id: `${componentId}/providers/microsoft.insights/metricdefinitions/${name}`,
          resourceId: componentId,
          namespace,
          name: { value: name, localizedValue: name },
          displayDescription: '',
          isDimensionRequired: false,
          unit: 'Count',
          primaryAggregationType: 'Average',
          supportedAggregationTypes: ['None', 'Average', 'Minimum', 'Maximum', 'Total', 'Count'],
          metricAvailabilities: Object.keys(GRAINS).map((timeGrain) => ({ timeGrain, retention: 'P93D' })),
          dimensions: dimensions.map((d) => ({ value: d, localizedValue: d })),
        }));
  return ok({ value });
}

function readAggregations(raw: string | null): Aggregation[] {
  const list = (raw ?? 'average')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  for (const a of list) {
    if (!(AGGREGATIONS as readonly string[]).includes(a)) {
      throw new ArmError(400, 'BadRequest', `Invalid aggregation '${a}'. Valid aggregations are: Average, Count, Maximum, Minimum, Total.`);
    }
  }
  return list as Aggregation[];
}

function readTop(raw: string | null): number {
  if (raw === null) return 10;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new ArmError(400, 'BadRequest', `Detected invalid TopN value: '${raw}'.`);
  return n;
}

function readOrderBy(raw: string | null, fallback: Aggregation): { aggregation: Aggregation; descending: boolean } {
  if (raw === null || raw.trim() === '') return { aggregation: fallback, descending: true };
  const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(raw);
  const aggregation = (m?.[1].toLowerCase() === 'sum' ? 'total' : m?.[1].toLowerCase()) as Aggregation | undefined;
  if (!m || !aggregation || !(AGGREGATIONS as readonly string[]).includes(aggregation)) {
    throw new ArmError(400, 'BadRequest', `Invalid orderby '${raw}': use an aggregation and asc or desc, e.g. 'Total desc'.`);
  }
  return { aggregation, descending: (m[2] ?? 'desc').toLowerCase() === 'desc' };
}

/** `start/end`, `start/duration` or a duration ending now; Azure's default is the last hour. */
function readTimespan(raw: string | null, now: number): [number, number] {
  let start: number;
  let end: number;
  if (raw === null || raw === '') [start, end] = [now - 3_600_000, now];
  else {
    const [a, b] = raw.split('/');
    if (b === undefined) {
      const d = durationMs(a);
      [start, end] = [now - (d ?? NaN), now];
    } else {
      start = Date.parse(a);
      const d = durationMs(b);
      end = d === undefined ? Date.parse(b) : start + d;
    }
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new ArmError(400, 'BadRequest', `Invalid timespan '${raw ?? ''}': use 'startDateTime_ISO/endDateTime_ISO'.`);
  }
  if (end <= start) throw new ArmError(400, 'BadRequest', `Invalid timespan '${raw ?? ''}': the end time must be after the start time.`);
  if (start < now - RETENTION_MS) {
    throw new ArmError(
      400,
      'BadRequest',
      `Query startTime: ${new Date(start).toISOString()} is out of the Max metrics retention period: 93.00:00:00`,
    );
  }
  return [start, end];
}

function durationMs(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text);
  if (!m || text.toUpperCase() === 'P' || text.toUpperCase() === 'PT') return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

interface Indexed {
  readonly s: TokenSample;
  readonly t: number;
  /** Dimension values by lowercased name. */
  readonly dims: ReadonlyMap<string, string>;
}

/**
 * The component's samples of one namespace with their times parsed and dimension names lowercased, kept until the
 * gateway emits again: a 30-day view scans tens of thousands of samples per query.
 */
const indexes = new WeakMap<SandboxContext, { key: string; last: TokenSample | undefined; byNamespace: Map<string, Indexed[]> }>();

export function indexedSamples(ctx: SandboxContext, componentId: string, namespace: string): Indexed[] {
  const key = `${componentId.toLowerCase()}#${ctx.metrics.length}`;
  let index = indexes.get(ctx);
  if (!index || index.key !== key || index.last !== ctx.metrics.at(-1)) {
    index = { key, last: ctx.metrics.at(-1), byNamespace: new Map() };
    for (const s of samplesOf(ctx, componentId)) {
      const ns = s.namespace.toLowerCase();
      let list = index.byNamespace.get(ns);
      if (!list) index.byNamespace.set(ns, (list = []));
      list.push({ s, t: Date.parse(s.time), dims: new Map(Object.entries(s.dimensions).map(([k, v]) => [k.toLowerCase(), v])) });
    }
    indexes.set(ctx, index);
  }
  return index.byNamespace.get(namespace.toLowerCase()) ?? [];
}

function dimensionOf(s: Indexed, name: string): string | undefined {
  return s.dims.get(name.toLowerCase());
}

function hasDimension(s: Indexed, name: string): boolean {
  return dimensionOf(s, name) !== undefined;
}

function matches(s: Indexed, filter: readonly DimensionClause[]): boolean {
  return filter.every((c) => c.values === undefined || c.values.includes(dimensionOf(s, c.name) ?? ''));
}

function aggregate(samples: readonly TokenSample[], read: (s: TokenSample) => number, how: Aggregation): number {
  const count = samples.reduce((a, s) => a + (s.requests ?? 1), 0);
  const total = samples.reduce((a, s) => a + read(s), 0);
  switch (how) {
    case 'total':
      return total;
    case 'count':
      return count;
    case 'average':
      return count > 0 ? total / count : 0;
    case 'minimum':
      return samples.length > 0 ? Math.min(...samples.map((s) => read(s) / (s.requests ?? 1))) : 0;
    case 'maximum':
      return samples.length > 0 ? Math.max(...samples.map((s) => read(s) / (s.requests ?? 1))) : 0;
  }
}

const isoCache = new Map<number, string>();
function isoOf(t: number): string {
  let iso = isoCache.get(t);
  if (iso === undefined) {
    if (isoCache.size > 100_000) isoCache.clear();
    isoCache.set(t, (iso = new Date(t).toISOString()));
  }
  return iso;
}

/** One data point per grain from `first` to `end`; an empty bucket carries only its time stamp, as Azure's do. */
function buckets(
  byBucket: ReadonlyMap<number, readonly TokenSample[]>,
  read: (s: TokenSample) => number,
  aggregations: readonly Aggregation[],
  first: number,
  end: number,
  grainMs: number,
): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let t = first; t < end; t += grainMs) {
    const point: Record<string, unknown> = { timeStamp: isoOf(t) };
    const inBucket = byBucket.get(t);
    if (inBucket) for (const a of aggregations) point[a] = aggregate(inBucket, read, a);
    out.push(point);
  }
  return out;
}
