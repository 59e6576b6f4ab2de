/**
 * The Usage view's host logic (UsageController, with the extension's own client factory and the real
 * @azure/arm-monitor client) against the sandbox: per-subscription totals equal, exactly, the sum of the usage the
 * gateway returned for the same requests; the seeded week of history is there; the set-up states; the metrics API's
 * shape, top and errors as Azure answers them.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import { getApi } from '../../src/apim/apis';
import { getService } from '../../src/apim/services';
import type { Consumer, UsageEvent, UsageQuery, UsageViewState } from '../../src/protocol/usage';
import { TIME_RANGES, windowFor } from '../../src/domain/usage/timeRanges';
import { UsageController, type UsageControllerDeps } from '../../src/usage/usageController';
import type { UsageTarget } from '../../src/usage/usageSource';
import { sandboxClients } from './helpers/azureClients';
import { DEMO_NAMES, demoServiceId, sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

function controller(target: UsageTarget, query: UsageQuery, prices: unknown = undefined) {
  const states: UsageViewState[] = [];
  const logged: string[] = [];
  const deps: UsageControllerDeps = {
    clients: () => sandboxClients(sb),
    post: (e: UsageEvent) => void (e.type === 'state' && states.push(e.state)),
    log: { trace: () => undefined, info: () => undefined, warn: (m) => logged.push(m), error: (m) => logged.push(m) },
    prices: () => prices,
    saveCsv: () => Promise.resolve(true),
    setupAvailable: () => Promise.resolve(false),
    runSetup: () => Promise.resolve(),
    showLog: () => undefined,
    openPriceSettings: () => undefined,
    now: () => Date.now(),
  };
  const c = new UsageController(target, query, deps);
  return { c, states, logged, last: () => states.at(-1)! };
}

void describe('usage view against the sandbox', () => {
  let gateway: ServiceRef;
  let target: UsageTarget;
  const sent = new Map<string, Usage[]>();

  before(async () => {
    const clients = sandboxClients(sb);
    gateway = (await getService(clients, demoServiceId(sb, 'aiGateway')))!;
    target = { service: gateway, api: (await getApi(clients, gateway, 'openai-chat'))! };
    const { resourceGroup, service } = DEMO_NAMES.aiGateway;
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
    const { c, last, states } = controller(target, { range: '1h' });
    await c.load();
    assert.equal(states[0].kind, 'loading');
    const state = last();
    assert.equal(state.kind, 'report', JSON.stringify(state));
    if (state.kind !== 'report') return;
    assert.equal(state.query.splitBy, 'Subscription ID', 'split by team by default');
    assert.equal(state.query.namespace, 'ai-gateway', 'the namespace chosen at import');
    for (const [name, usages] of sent) {
      const row: Consumer | undefined = state.report.consumers.find((x) => x.value === name);
      assert.ok(row, `${name} in ${JSON.stringify(state.report.consumers.map((x) => x.value))}`);
      assert.deepEqual(
        { prompt: row.prompt, completion: row.completion, total: row.total, requests: row.requests },
        {
          prompt: usages.reduce((a, u) => a + u.prompt_tokens, 0),
          completion: usages.reduce((a, u) => a + u.completion_tokens, 0),
          total: usages.reduce((a, u) => a + u.total_tokens, 0),
          requests: usages.length,
        },
      );
    }
    assert.equal(state.report.consumers.find((x) => x.value === 'llm-unlimited')?.label, 'LLM developers (Unlimited)');
    assert.ok(state.calls <= 4, `${state.calls} metrics calls`);
  });

  void it('shows the seeded week: three teams, two models, a cost estimate; a bad price table is one sentence', async () => {
    const { c, last } = controller(target, { range: '7d' }, { 'gpt-4o': { input: 'cheap', output: 1 } });
    await c.load();
    const state = last();
    assert.equal(state.kind, 'report', JSON.stringify(state));
    if (state.kind !== 'report') return;
    const teams = state.report.consumers.map((x) => x.value);
    for (const t of ['team-search', 'team-support', 'team-research']) assert.ok(teams.includes(t), t);
    // The requests sent above carry no Model dimension (the seeded policy does not emit one): unpriced, as "(none)".
    assert.deepEqual(state.report.cost?.byModel.map((m) => [m.model, m.cost !== undefined]).sort(), [
      ['(none)', false],
      ['gpt-4o', true],
      ['gpt-4o-mini', true],
    ]);
    assert.ok((state.report.cost?.total ?? 0) > 0);
    assert.ok(state.options.dimensions.includes('Model'), 'dimensions from the metric definitions');
    assert.equal(
      state.priceProblem,
      'The setting aiGateway.usage.prices is not valid ("gpt-4o".input must be a number of dollars, 0 or more), so the default prices are used.',
    );
  });

  void it('says what is missing: no logger, no token metric policy', async () => {
    const clients = sandboxClients(sb);
    const prod = (await getService(clients, demoServiceId(sb, 'apimProd')))!;
    const noLogger = controller({ service: prod }, { range: '24h' });
    await noLogger.c.load();
    assert.deepEqual(noLogger.last(), {
      kind: 'setup',
      reason: 'noLogger',
      message: 'contoso-apim-prod has no Application Insights logger, so its token metrics go nowhere: set up token metrics to create one.',
      canRunSetup: false,
    });
    const echo = controller({ service: gateway, api: (await getApi(clients, gateway, 'echo-api'))! }, { range: '24h' });
    await echo.c.load();
    assert.equal(echo.last().kind, 'setup');
    assert.match((echo.last() as { message: string }).message, /has no token metric policy/);
  });

  void it('a metrics API error is one sentence, the details in the log', async () => {
    await sb.hooks.addFault({ path: 'providers/Microsoft.Insights/metrics$', status: 503, times: 20 });
    try {
      const { c, last, logged } = controller(target, { range: '24h' });
      await c.load();
      const state = last();
      assert.equal(state.kind, 'error');
      assert.match((state as { message: string }).message, /^Could not read the token metrics: /);
      assert.ok(
        logged.some((l) => /status 503/.test(l)),
        logged.join('\n'),
      );
    } finally {
      await sb.hooks.clearFaults();
    }
  });

  void it('answers like Azure: the metrics shape, top, and the errors', async () => {
    const componentId = sb.sandbox.context.store.ofType('Microsoft.Insights/components').find((x) => x.name === 'appi-ai-gateway')!.id;
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
