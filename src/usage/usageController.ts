/**
 * The Usage view's logic, free of VS Code so it runs in integration tests: resolves where the metrics are, runs a
 * view's queries in parallel (totals, the split, the metric definitions, the team names; then the split by model
 * when the split is not already the model), builds the report and posts one state at a time. A newer query wins over
 * an older one still in flight.
 */
import { errorDetails, explainError } from '../apim/errors';
import { listApimSubscriptions } from '../apim/subscriptions';
import type { AzureClients } from '../azure/clients';
import { modelDimensionOf, sameName, usageQueries, type MetricsQuery } from '../domain/usage/metricsQueries';
import { parseMetricsResponse } from '../domain/usage/metricsResult';
import { readPriceTable } from '../domain/usage/pricing';
import { TIME_RANGES, windowFor } from '../domain/usage/timeRanges';
import { usageCsv } from '../domain/usage/usageCsv';
import { buildUsageReport, type UsageReport } from '../domain/usage/usageReport';
import type { Logger } from '../log';
import {
  parseUsageRequest,
  type UsageEvent,
  type UsageOptions,
  type UsageQuery,
  type UsageScope,
  type UsageViewState,
} from '../protocol/usage';
import { NoMetricsYetError, readMetricDimensions, readMetrics } from './metricsReader';
import { resolveUsageSource, type UsageSource, type UsageTarget } from './usageSource';

export interface UsageControllerDeps {
  clients(): AzureClients;
  post(event: UsageEvent): void;
  readonly log: Logger;
  /** The raw value of the price table setting. */
  prices(): unknown;
  /** Offers the CSV to save; false when the user cancelled. */
  saveCsv(fileName: string, csv: string): Promise<boolean>;
  /** Whether the AI-policy set-up command is available, and running it. */
  setupAvailable(): Promise<boolean>;
  runSetup(): Promise<void>;
  showLog(): void;
  openPriceSettings(): void;
  now(): number;
}

export const NO_DATA_YET =
  'No token metrics for this period yet. Azure Monitor takes a few minutes to show new metrics: send requests, then refresh in 3–5 minutes.';

export class UsageController {
  private source: Promise<{ ok: true; source: UsageSource } | { ok: false; state: UsageViewState }> | undefined;
  private readonly dimensionsByNamespace = new Map<string, Promise<string[]>>();
  private labels: Promise<Record<string, string>> | undefined;
  private generation = 0;
  private lastReport: UsageReport | undefined;
  private scope: UsageScope;

  constructor(
    readonly target: UsageTarget,
    private query: UsageQuery,
    private readonly deps: UsageControllerDeps,
  ) {
    this.scope = { instance: target.service.name, ...(target.api ? { api: target.api.displayName } : {}) };
  }

  get currentQuery(): UsageQuery {
    return this.query;
  }

  async handle(raw: unknown): Promise<void> {
    const parsed = parseUsageRequest(raw);
    if (!parsed.ok) {
      this.deps.log.warn(`Usage view: ignored a message: ${parsed.error}`);
      return;
    }
    const m = parsed.value;
    switch (m.type) {
      case 'ready':
        return this.load();
      case 'refresh':
        this.source = undefined;
        this.dimensionsByNamespace.clear();
        this.labels = undefined;
        return this.load();
      case 'query':
        this.query = m.query;
        return this.load();
      case 'exportCsv':
        return this.exportCsv();
      case 'runSetup':
        return this.deps.runSetup();
      case 'showLog':
        return this.deps.showLog();
      case 'openPriceSettings':
        return this.deps.openPriceSettings();
    }
  }

  /** Loads the current query and posts its states; resolves when the last state is posted. */
  async load(): Promise<void> {
    const mine = ++this.generation;
    const post = (state: UsageViewState): void => {
      if (mine === this.generation) this.deps.post({ type: 'state', scope: this.scope, state });
    };
    post({ kind: 'loading', query: this.query });
    let options: UsageOptions | undefined;
    try {
      const resolved = await this.resolve();
      if (!resolved.ok) return post(resolved.state);
      const source = resolved.source;
      this.scope = { ...this.scope, component: source.componentName };
      const namespace = source.namespaces.find((n) => n === this.query.namespace) ?? source.namespaces[0];
      const window = windowFor(TIME_RANGES[this.query.range], this.deps.now());
      let calls = 0;
      const dimensionsRead = this.dimensionsOf(source, namespace, () => calls++);
      const provisional = mergeNames(source.dimensions, []);
      const splitBy = this.splitFor(provisional);
      const [first, dimensions, labels] = await Promise.all([
        this.run(source, usageQueries({ namespace, window, scope: source.scope, ...(splitBy ? { splitBy } : {}) }), () => calls++),
        dimensionsRead,
        this.labelsFor(splitBy),
      ]);
      options = { dimensions, namespaces: source.namespaces };
      const modelDimension = modelDimensionOf(dimensions);
      const costQuery =
        modelDimension && !sameName(modelDimension, splitBy)
          ? usageQueries({ namespace, window, scope: source.scope, modelDimension }).find((q) => q.purpose === 'cost')
          : undefined;
      const [cost] = costQuery ? await this.run(source, [costQuery], () => calls++) : [];
      const totals = parseMetricsResponse(first[0].response, undefined);
      const split = first[1] ? parseMetricsResponse(first[1].response, splitBy) : undefined;
      if (split?.dimensionsMissing) {
        return post({
          kind: 'setup',
          reason: 'noDimensions',
          message: `Application Insights ${source.componentName} receives the token metrics without their dimensions: turn on custom metrics with dimensions on it, then wait a few minutes for new requests.`,
          canRunSetup: await this.deps.setupAvailable(),
        });
      }
      const prices = readPriceTable(this.deps.prices());
      if (prices.problem) this.deps.log.warn(prices.problem);
      const report = buildUsageReport({
        range: this.query.range,
        window,
        totals: totals.series,
        ...(split && splitBy ? { split: { dimension: splitBy, series: split.series, top: first[1].query.top ?? 10 } } : {}),
        ...(cost && modelDimension
          ? { models: { dimension: modelDimension, series: parseMetricsResponse(cost.response, modelDimension).series } }
          : {}),
        prices: prices.table,
        labels,
      });
      if (report.totals.requests === 0 && report.totals.total === 0) {
        return post({ kind: 'noData', message: NO_DATA_YET, query: this.query, options });
      }
      this.lastReport = report;
      this.deps.log.info(
        `Usage of ${this.scope.api ?? this.scope.instance}: ${report.totals.total} tokens in ${this.query.range}, ${calls} metrics calls`,
      );
      post({
        kind: 'report',
        report,
        query: { ...this.query, ...(splitBy ? { splitBy } : {}), namespace },
        options,
        ...(prices.problem ? { priceProblem: prices.problem } : {}),
        loadedAt: this.deps.now(),
        calls,
      });
    } catch (e) {
      if (e instanceof NoMetricsYetError) {
        return post({ kind: 'noData', message: NO_DATA_YET, query: this.query, options: options ?? { dimensions: [], namespaces: [] } });
      }
      const message = explainError(e, 'read the token metrics');
      this.deps.log.error(`Usage view: ${message} (${errorDetails(e)})`);
      post({ kind: 'error', message, query: this.query, ...(options ? { options } : {}) });
    }
  }

  private resolve(): NonNullable<UsageController['source']> {
    return (this.source ??= resolveUsageSource(this.deps.clients(), this.target).then(async (r) =>
      r.ok
        ? { ok: true as const, source: r.source }
        : {
            ok: false as const,
            state: { kind: 'setup' as const, reason: r.reason, message: r.message, canRunSetup: await this.deps.setupAvailable() },
          },
    )).catch((e: unknown) => {
      this.source = undefined;
      throw e;
    });
  }

  private dimensionsOf(source: UsageSource, namespace: string, counted: () => void): Promise<string[]> {
    let read = this.dimensionsByNamespace.get(namespace);
    if (!read) {
      counted();
      read = readMetricDimensions(this.deps.clients(), source.componentId, namespace).then((found) => mergeNames(source.dimensions, found));
      read.catch(() => this.dimensionsByNamespace.delete(namespace));
      this.dimensionsByNamespace.set(namespace, read);
    }
    return read;
  }

  /** The split asked for, else Subscription ID (the team), else none. */
  private splitFor(dimensions: readonly string[]): string | undefined {
    if (this.query.splitBy !== undefined) return this.query.splitBy || undefined;
    return dimensions.find((d) => d.toLowerCase() === 'subscription id');
  }

  private labelsFor(splitBy: string | undefined): Promise<Record<string, string>> {
    if (!splitBy || !/subscription/i.test(splitBy)) return Promise.resolve({});
    return (this.labels ??= listApimSubscriptions(this.deps.clients(), this.target.service).then(
      (subs) => Object.fromEntries(subs.filter((s) => s.displayName !== s.name).map((s) => [s.name, s.displayName])),
      (e: unknown) => {
        this.deps.log.warn(`Usage view: no subscription names (${errorDetails(e)})`);
        return {};
      },
    ));
  }

  private async run(source: UsageSource, queries: readonly MetricsQuery[], counted: () => void) {
    for (const _ of queries) counted();
    const responses = await readMetrics(this.deps.clients(), source.componentId, queries);
    return queries.map((query, i) => ({ query, response: responses[i] }));
  }

  private async exportCsv(): Promise<void> {
    const report = this.lastReport;
    if (!report) {
      this.deps.post({ type: 'notice', message: 'Nothing to export yet: wait for the chart to load.' });
      return;
    }
    const name = `token-usage-${(this.target.api?.apiId ?? this.target.service.name).replace(/[^\w.-]+/g, '-')}-${report.range}.csv`;
    if (await this.deps.saveCsv(name, usageCsv(report))) this.deps.post({ type: 'notice', message: `Saved ${name}.` });
  }
}

function mergeNames(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of [...a, ...b]) if (!out.some((o) => o.toLowerCase() === n.toLowerCase())) out.push(n);
  return out;
}
