/**
 * The metrics API of the sandbox through the real @azure/arm-monitor client (the extension's own factory): per-
 * subscription totals equal, exactly, the sum of the usage the gateway returned for the same requests; and the API's
 * checks answer as Azure does.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { readMetrics } from '../../src/usage/metricsReader';
import { usageQueries } from '../../src/domain/usage/metricsQueries';
import { parseMetricsResponse } from '../../src/domain/usage/metricsResult';
import { DEFAULT_PRICES } from '../../src/domain/usage/pricing';
import { TIME_RANGES, windowFor } from '../../src/domain/usage/timeRanges';
import { buildUsageReport } from '../../src/domain/usage/usageReport';
import { sandboxClients } from './helpers/azureClients';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

void describe('usage: metrics API on the Application Insights component', () => {
  let componentId: string;
  const sent = new Map<string, Usage[]>();

  before(async () => {
    const { resourceGroup, service } = DEMO_NAMES.aiGateway;
    const rg = `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${resourceGroup}`;
    const store = sb.sandbox.context.store;
    const seeded = store.ofType('Microsoft.Insights/components')[0];
    componentId = seeded?.id ?? `${rg}/providers/Microsoft.Insights/components/usage-test`;
    if (!seeded)
      {store.put({ id: componentId, name: 'usage-test', type: 'Microsoft.Insights/components', location: 'westeurope', properties: {} });}
    const prompts = ['Say hello', 'Write a haiku about gateways', 'Count to five', 'What is APIM?', 'One word, please'];
    for (const [i, name] of ['llm-unlimited', 'master', 'llm-unlimited', 'master', 'llm-unlimited'].entries()) {
      const key = (await sb.apim().subscription.listSecrets(resourceGroup, service, name)).primaryKey!;
      const r = await sb.http(`${sb.connection.armEndpoint}/gateway/${service}/llm/openai/chat/completions`, {
        method: 'POST',
        headers: { 'api-key': key },
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompts[i] }], max_tokens: 20 + i * 7 },
      });
      assert.equal(r.status, 200, r.text);
      sent.set(name, [...(sent.get(name) ?? []), r.json<{ usage: Usage }>().usage]);
    }
  });

  void it('per-subscription totals equal the usage the gateway returned, exactly', async () => {
    const clients = sandboxClients(sb);
    const window = windowFor(TIME_RANGES['1h'], Date.now());
    const queries = usageQueries({ namespace: 'ai-gateway', window, scope: { 'API ID': 'openai-chat' }, splitBy: 'Subscription ID' });
    const [totals, split] = await readMetrics(clients, componentId, queries);
    const report = buildUsageReport({
      range: '1h',
      window,
      totals: parseMetricsResponse(totals, undefined).series,
      split: { dimension: 'Subscription ID', series: parseMetricsResponse(split, 'Subscription ID').series, top: 50 },
      prices: DEFAULT_PRICES,
    });
    for (const [name, usages] of sent) {
      const c = report.consumers.find((x) => x.value === name);
      assert.ok(c, `${name} in ${JSON.stringify(report.consumers.map((x) => x.value))}`);
      assert.deepEqual(
        { prompt: c.prompt, completion: c.completion, total: c.total, requests: c.requests },
        {
          prompt: usages.reduce((a, u) => a + u.prompt_tokens, 0),
          completion: usages.reduce((a, u) => a + u.completion_tokens, 0),
          total: usages.reduce((a, u) => a + u.total_tokens, 0),
          requests: usages.length,
        },
      );
    }
    assert.equal(report.totals.requests, 5);
  });

  void it('answers like Azure: the metrics shape, top, and the errors', async () => {
    const monitor = await sandboxClients(sb).monitor(sb.connection.subscriptionIds[0]);
    const uri = componentId.slice(1);
    const timespan = windowFor(TIME_RANGES['1h'], Date.now()).timespan;
    const one = await monitor.metrics.list(uri, {
      metricnames: 'Total Tokens',
      metricnamespace: 'ai-gateway',
      aggregation: 'Total',
      interval: 'PT1M',
      timespan,
      filter: "Subscription ID eq '*'",
      top: 1,
      orderby: 'Total desc',
    });
    assert.equal(one.value[0].name.value, 'Total Tokens');
    assert.equal(one.value[0].timeseries.length, 1, 'top 1');
    assert.equal(one.value[0].timeseries[0].metadatavalues?.[0].name?.value, 'subscription id');
    assert.equal(one.value[0].timeseries[0].data?.length, 60);
    const refused = async (options: Record<string, unknown>, pattern: RegExp) =>
      assert.rejects(
        monitor.metrics.list(uri, { metricnames: 'Total Tokens', metricnamespace: 'ai-gateway', timespan, ...options }),
        (e: Error & { statusCode?: number }) => e.statusCode === 400 && pattern.test(e.message),
      );
    await refused({ interval: 'PT3M' }, /Invalid time grain duration: PT3M, supported ones are: 00:01:00/);
    await refused({ filter: "API ID eq 'a' or Subscription ID eq 'b'" }, /cannot separate two different metadata names/);
    await refused({ metricnamespace: 'never-used' }, /Failed to find metric configuration/);
    await refused({ timespan: '2020-01-01T00:00:00Z/2020-01-02T00:00:00Z' }, /Max metrics retention period: 93/);
    await refused({ aggregation: 'Median' }, /Invalid aggregation/);
  });
});
