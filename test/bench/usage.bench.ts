/**
 * Time to the first chart of the Usage view and the number of metrics calls, for 30 days × 50 subscriptions at
 * 100 ms of ARM latency, through the extension's own client factory and @azure/arm-monitor, in one run:
 *   - ours: the view's queries in parallel — totals, the split by subscription (`Subscription ID eq '*'`, top 50) and
 *     the split by model for the cost — then the report;
 *   - naive: one call per subscription (`Subscription ID eq 'team-07'`), 8 in flight, then the same report.
 * The sandbox runs in this process (its ARM latency applies to every response), with the 30 days of hourly samples
 * written straight into its metrics store. Calls are counted by a pipeline policy on every HTTP attempt.
 *
 *   npx tsx test/bench/usage.bench.ts [--subscriptions N] [--latency MS]
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { mapLimited } from '../../src/apim/concurrency';
import { createAzureClients } from '../../src/azure/clientFactory';
import { sandboxCloud } from '../../src/azure/clouds';
import { StaticTokenCredential } from '../../src/azure/StaticTokenCredential';
import { dimensionFilter, usageQueries, type MetricsQuery } from '../../src/domain/usage/metricsQueries';
import { parseMetricsResponse, type MetricSeries } from '../../src/domain/usage/metricsResult';
import { DEFAULT_PRICES } from '../../src/domain/usage/pricing';
import { TIME_RANGES, windowFor } from '../../src/domain/usage/timeRanges';
import { buildUsageReport, type UsageReport } from '../../src/domain/usage/usageReport';
import { startSandbox } from '../../src/sandbox/server';
import { readMetrics } from '../../src/usage/metricsReader';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SUBSCRIPTIONS = arg('--subscriptions', 50);
const LATENCY = arg('--latency', 100);
const NAMESPACE = 'bench';
const HOUR = 3_600_000;

async function main(): Promise<void> {
  const sandbox = await startSandbox({ latencyMs: LATENCY, seed: 'demo' });
  try {
    const ctx = sandbox.context;
    const sub = sandbox.connection.subscriptionIds[0];
    const componentId = `/subscriptions/${sub}/resourceGroups/rg-ai-gateway/providers/Microsoft.Insights/components/bench-ai`;
    ctx.store.put({ id: componentId, name: 'bench-ai', type: 'Microsoft.Insights/components', location: 'westeurope', properties: {} });
    const teams = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    for (let h = 30 * 24; h >= 1; h--) {
      teams.forEach((team, i) => {
        const prompt = 1000 + ((h * 31 + i * 17) % 900);
        const completion = 200 + ((h * 7 + i * 13) % 300);
        ctx.metrics.push({
          componentId,
          time: new Date(end - h * HOUR + (i % 60) * 60_000).toISOString(),
          namespace: NAMESPACE,
          serviceName: 'contoso-ai-gateway',
          apiId: 'openai-chat',
          dimensions: { 'API ID': 'openai-chat', 'Subscription ID': team, Model: i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini' },
          promptTokens: prompt,
          completionTokens: completion,
          totalTokens: prompt + completion,
        });
      });
    }

    let calls = 0;
    const counter: PipelinePolicy = { name: 'countMetricsCalls', sendRequest: (request, next) => (calls++, next(request)) };
    const clients = createAzureClients({
      cloud: sandboxCloud(sandbox.connection.armEndpoint),
      credential: new StaticTokenCredential(sandbox.connection.token),
      caPem: [ctx.caPem],
      version: 'bench',
      policies: [counter],
    });
    const window = windowFor(TIME_RANGES['30d'], Date.now());
    const scope = { 'API ID': 'openai-chat' };
    const split = (series: readonly MetricSeries[], models: readonly MetricSeries[], totals: readonly MetricSeries[]): UsageReport =>
      buildUsageReport({
        range: '30d',
        window,
        totals,
        split: { dimension: 'Subscription ID', series, top: SUBSCRIPTIONS },
        models: { dimension: 'Model', series: models },
        prices: DEFAULT_PRICES,
      });
    // Warm the client (SDK load, TLS) so that neither strategy pays for it.
    await readMetrics(
      clients,
      componentId,
      usageQueries({ namespace: NAMESPACE, window: windowFor(TIME_RANGES['1h'], Date.now()), scope }),
    );

    const measure = async (strategy: string, run: () => Promise<UsageReport>) => {
      calls = 0;
      const start = performance.now();
      const report = await run();
      return { strategy, ms: performance.now() - start, calls, report };
    };
    const ours = await measure('ours: totals + one split + model split, in parallel', async () => {
      const queries = usageQueries({
        namespace: NAMESPACE,
        window,
        scope,
        splitBy: 'Subscription ID',
        modelDimension: 'Model',
        top: SUBSCRIPTIONS,
      });
      const [t, s, m] = await readMetrics(clients, componentId, queries);
      return split(
        parseMetricsResponse(s, 'Subscription ID').series,
        parseMetricsResponse(m, 'Model').series,
        parseMetricsResponse(t, undefined).series,
      );
    });
    const naive = await measure('naive: one call per subscription, 8 in flight', async () => {
      const [totalsQuery] = usageQueries({ namespace: NAMESPACE, window, scope });
      const perTeam = await mapLimited(teams, 8, async (team) => {
        const q: MetricsQuery = { ...totalsQuery, purpose: 'split', filter: dimensionFilter({ ...scope, 'Subscription ID': team }, []) };
        const [r] = await readMetrics(clients, componentId, [q]);
        return parseMetricsResponse(r, undefined).series.map((x) => ({ ...x, value: team }));
      });
      const all = perTeam.flat();
      const totals = all.map((x) => ({ ...x, value: undefined }));
      return split(all, [], totals);
    });
    for (const r of [ours, naive]) {
      if (r.report.consumers.length !== SUBSCRIPTIONS) throw new Error(`${r.strategy}: ${r.report.consumers.length} subscriptions`);
    }
    if (ours.report.totals.total !== naive.report.totals.total) throw new Error('The two strategies disagree on the total.');
    console.log(
      `Usage view, last 30 days × ${SUBSCRIPTIONS} subscriptions (${window.buckets.length} points each) at ${LATENCY} ms ARM latency`,
    );
    console.log('strategy                                               metrics calls   first chart ms');
    for (const r of [ours, naive]) console.log(`${r.strategy.padEnd(55)} ${String(r.calls).padStart(13)} ${r.ms.toFixed(0).padStart(16)}`);
    console.log(
      `Ours draws the first chart ${(naive.ms / ours.ms).toFixed(1)}x sooner with ${(naive.calls / ours.calls).toFixed(1)}x fewer calls, and also has the cost per model.`,
    );
    console.log(
      JSON.stringify({
        bench: 'usage',
        subscriptions: SUBSCRIPTIONS,
        days: 30,
        points: window.buckets.length,
        latencyMs: LATENCY,
        ours: { metricsCalls: ours.calls, firstChartMs: Math.round(ours.ms) },
        naive: { metricsCalls: naive.calls, firstChartMs: Math.round(naive.ms) },
        speedup: Number((naive.ms / ours.ms).toFixed(2)),
      }),
    );
  } finally {
    await sandbox.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
