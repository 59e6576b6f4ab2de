import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dimensionFilter, modelDimensionOf, usageQueries } from '../../src/domain/usage/metricsQueries';
import { parseMetricsResponse, type RawMetricsResponse } from '../../src/domain/usage/metricsResult';
import { tokenMetricPolicies } from '../../src/domain/usage/metricPolicy';
import { DEFAULT_PRICES, costOf, priceOf, readPriceTable } from '../../src/domain/usage/pricing';
import { TIME_RANGES, windowFor, AZURE_GRAINS, GRAIN_MS } from '../../src/domain/usage/timeRanges';
import { usageCsv } from '../../src/domain/usage/usageCsv';
import { buildUsageReport } from '../../src/domain/usage/usageReport';

const NOW = Date.parse('2026-12-01T20:47:13Z');

void describe('time ranges', () => {
  for (const range of Object.values(TIME_RANGES)) {
    void it(`${range.id}: whole buckets at one of Azure's grains, ending with the current one`, () => {
      const w = windowFor(range, NOW);
      assert.ok((AZURE_GRAINS as readonly string[]).includes(range.grain));
      assert.equal(w.endMs - w.startMs, range.durationMs);
      assert.equal(w.startMs % GRAIN_MS[range.grain], 0);
      assert.ok(w.endMs > NOW && w.endMs - GRAIN_MS[range.grain] <= NOW);
      assert.equal(w.buckets.length, range.durationMs / GRAIN_MS[range.grain]);
      assert.ok(w.buckets.length >= 60 && w.buckets.length <= 170, `${w.buckets.length} points`);
      assert.equal(w.timespan, `${new Date(w.startMs).toISOString()}/${new Date(w.endMs).toISOString()}`);
    });
  }
});

void describe('metrics queries', () => {
  const window = windowFor(TIME_RANGES['7d'], NOW);
  void it('asks for the three metrics with Total and Count in one call per split', () => {
    const qs = usageQueries({
      namespace: 'ai-gateway',
      window,
      scope: { 'API ID': 'chat' },
      splitBy: 'Subscription ID',
      modelDimension: 'Model',
    });
    assert.deepEqual(
      qs.map((q) => [q.purpose, q.filter, q.top, q.orderby]),
      [
        ['totals', "API ID eq 'chat'", undefined, undefined],
        ['split', "API ID eq 'chat' and Subscription ID eq '*'", 50, 'Total desc'],
        ['cost', "API ID eq 'chat' and Model eq '*'", 50, 'Total desc'],
      ],
    );
    for (const q of qs) {
      assert.equal(q.metricnames, 'Prompt Tokens,Completion Tokens,Total Tokens');
      assert.equal(q.aggregation, 'Total,Count');
      assert.equal(q.interval, 'PT1H');
    }
  });
  void it('no extra cost query when the split is the model; quotes doubled in values', () => {
    assert.equal(usageQueries({ namespace: 'n', window, scope: {}, splitBy: 'model', modelDimension: 'Model' }).length, 2);
    assert.equal(dimensionFilter({ 'API ID': "o'brien" }, []), "API ID eq 'o''brien'");
    assert.equal(dimensionFilter({}, []), undefined);
  });
  void it('recognises a model or deployment dimension', () => {
    assert.equal(modelDimensionOf(['API ID', 'Model']), 'Model');
    assert.equal(modelDimensionOf(['Deployment Name']), 'Deployment Name');
    assert.equal(modelDimensionOf(['API ID', 'Subscription ID']), undefined);
  });
});

const window24 = windowFor(TIME_RANGES['24h'], NOW);
const b = window24.buckets;
function response(rows: Array<{ value?: string; metric: string; points: Array<[number, number, number]> }>): RawMetricsResponse {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  return {
    value: metrics.map((m) => ({
      name: { value: m },
      errorCode: 'Success',
      timeseries: rows
        .filter((r) => r.metric === m)
        .map((r) => ({
          ...(r.value !== undefined ? { metadatavalues: [{ name: { value: 'subscription id' }, value: r.value }] } : {}),
          data: r.points.map(([t, total, count]) => ({ timeStamp: new Date(t).toISOString(), total, count })),
        })),
    })),
  };
}

void describe('report', () => {
  const totals = parseMetricsResponse(
    response([
      {
        metric: 'Total Tokens',
        points: [
          [b[0], 100, 2],
          [b[1], 50, 1],
        ],
      },
      {
        metric: 'Prompt Tokens',
        points: [
          [b[0], 70, 2],
          [b[1], 30, 1],
        ],
      },
      {
        metric: 'Completion Tokens',
        points: [
          [b[0], 30, 2],
          [b[1], 20, 1],
        ],
      },
    ]),
    undefined,
  );
  const split = parseMetricsResponse(
    response([
      { value: 'team-a', metric: 'Total Tokens', points: [[b[0], 80, 1]] },
      {
        value: 'team-b',
        metric: 'Total Tokens',
        points: [
          [b[0], 20, 1],
          [b[1], 50, 1],
        ],
      },
      { value: 'team-a', metric: 'Prompt Tokens', points: [[b[0], 60, 1]] },
    ]),
    'Subscription ID',
  );
  void it('sums totals and requests, ranks consumers and folds the rest into Other', () => {
    const r = buildUsageReport({
      range: '24h',
      window: window24,
      totals: totals.series,
      split: { dimension: 'Subscription ID', series: split.series, top: 50 },
      prices: DEFAULT_PRICES,
      labels: { 'team-a': 'Team A' },
      chartSeries: 1,
    });
    assert.deepEqual(r.totals, { prompt: 100, completion: 50, total: 150, requests: 3 });
    assert.deepEqual(
      r.consumers.map((c) => [c.label, c.total, c.requests]),
      [
        ['Team A', 80, 1],
        ['team-b', 70, 2],
      ],
    );
    assert.deepEqual(
      r.series.map((x) => x.label),
      ['Team A', 'Other'],
    );
    assert.equal(r.series[1].total[0], 20);
    assert.equal(r.series[1].total[1], 50);
    assert.equal(r.cost, undefined);
  });
  void it('flags a split answered without dimensions', () => {
    const p = parseMetricsResponse(response([{ metric: 'Total Tokens', points: [[b[0], 10, 1]] }]), 'Subscription ID');
    assert.equal(p.dimensionsMissing, true);
  });
  void it('estimates cost per model; unpriced models are listed without cost', () => {
    const models = parseMetricsResponse(
      {
        value: ['Prompt Tokens', 'Completion Tokens'].map((m) => ({
          name: { value: m },
          timeseries: ['gpt-4o-2024-11-20', 'my-model'].map((model) => ({
            metadatavalues: [{ name: { value: 'model' }, value: model }],
            data: [{ timeStamp: new Date(b[0]).toISOString(), total: 1_000_000, count: 1 }],
          })),
        })),
      },
      'Model',
    );
    const r = buildUsageReport({
      range: '24h',
      window: window24,
      totals: [],
      models: { dimension: 'Model', series: models.series },
      prices: DEFAULT_PRICES,
    });
    assert.deepEqual(r.cost?.byModel, [
      { model: 'gpt-4o-2024-11-20', prompt: 1_000_000, completion: 1_000_000, cost: 12.5 },
      { model: 'my-model', prompt: 1_000_000, completion: 1_000_000 },
    ]);
    assert.equal(r.cost?.total, 12.5);
  });
  void it('exports CSV with quoting and formula guards', () => {
    const r = buildUsageReport({
      range: '24h',
      window: window24,
      totals: totals.series,
      split: {
        dimension: 'Subscription ID',
        series: parseMetricsResponse(response([{ value: '=cmd, "x"', metric: 'Total Tokens', points: [[b[0], 5, 1]] }]), 'Subscription ID')
          .series,
        top: 50,
      },
      prices: DEFAULT_PRICES,
    });
    const lines = usageCsv(r).split('\r\n');
    assert.equal(lines[0], 'time,Subscription ID,prompt_tokens,completion_tokens,total_tokens,requests');
    assert.equal(lines[1], `${new Date(b[0]).toISOString()},"'=cmd, ""x""",0,0,5,1`);
    assert.equal(lines.length, 1 + b.length * 2 + 1);
  });
});

void describe('price table', () => {
  void it('takes a valid table and prices by exact name, else longest prefix', () => {
    const r = readPriceTable({ 'gpt-4o': { input: 1, output: 2 }, 'gpt-4o-mini': { input: 0.1, output: 0.2 } });
    assert.equal(r.problem, undefined);
    assert.deepEqual(priceOf(r.table, 'GPT-4o-mini'), { input: 0.1, output: 0.2 });
    assert.deepEqual(priceOf(r.table, 'gpt-4o-2024-08-06'), { input: 1, output: 2 });
    assert.equal(priceOf(r.table, 'gpt-4oo'), undefined);
    assert.equal(costOf({ input: 2.5, output: 10 }, 2_000_000, 500_000), 10);
  });
  for (const [value, why] of [
    [[1, 2], 'it must be an object of models to prices'],
    [{ 'gpt-4o': { input: '2.5', output: 10 } }, '"gpt-4o".input must be a number of dollars, 0 or more'],
    [{ 'gpt-4o': { input: -1, output: 10 } }, '"gpt-4o".input must be a number of dollars, 0 or more'],
    [{ 'gpt-4o': 3 }, '"gpt-4o" must be an object like { "input": 2.5, "output": 10 }'],
    [{ 'gpt-4o': { input: 1, output: 1, currency: 'EUR' } }, '"gpt-4o" has an unknown field "currency"'],
  ] as const) {
    void it(`wrong types → one sentence and the default table: ${why}`, () => {
      const r = readPriceTable(value);
      assert.equal(r.table, DEFAULT_PRICES);
      assert.equal(r.problem, `The setting aiGateway.usage.prices is not valid (${why}), so the default prices are used.`);
    });
  }
});

void describe('token metric policy', () => {
  void it('reads the namespace and dimensions of both policy names; default namespace', () => {
    const xml = `<policies><inbound><base/><llm-emit-token-metric namespace="ai-gateway"><dimension name="API ID"/><dimension name="Subscription ID" value="@(context.Subscription.Id)"/></llm-emit-token-metric></inbound><outbound><azure-openai-emit-token-metric><dimension name="Model" value="x"/></azure-openai-emit-token-metric></outbound></policies>`;
    assert.deepEqual(tokenMetricPolicies(xml), [
      { namespace: 'ai-gateway', dimensions: ['API ID', 'Subscription ID'] },
      { namespace: 'API Management', dimensions: ['Model'] },
    ]);
    assert.deepEqual(tokenMetricPolicies('<policies><inbound/></policies>'), []);
    assert.deepEqual(tokenMetricPolicies('not xml <'), []);
  });
});
