import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMetricsFilter } from '../../src/sandbox/arm/metricsFilter';
import { parseUsageEvent, parseUsageRequest } from '../../src/protocol/usage';

void describe('usage protocol', () => {
  void it('accepts the requests the webview sends', () => {
    assert.deepEqual(parseUsageRequest({ type: 'refresh' }), { ok: true, value: { type: 'refresh' } });
    assert.deepEqual(parseUsageRequest({ type: 'query', query: { range: '7d', splitBy: 'Model' } }), {
      ok: true,
      value: { type: 'query', query: { range: '7d', splitBy: 'Model' } },
    });
    assert.deepEqual(parseUsageRequest({ type: 'query', query: { range: '1h', splitBy: '' } }), {
      ok: true,
      value: { type: 'query', query: { range: '1h', splitBy: '' } },
    });
  });
  for (const [raw, error] of [
    [null, 'The message is not an object.'],
    [{ type: 'delete' }, '"type" must be one of ready, refresh, exportCsv, runSetup, showLog, openPriceSettings, query.'],
    [{ type: 'query', query: { range: '90d' } }, '"range" must be one of 1h, 24h, 7d, 30d.'],
    [{ type: 'query', query: { range: '1h', splitBy: 3 } }, '"splitBy" must be a string.'],
    [{ type: 'query', query: { range: '1h', namespace: 'x'.repeat(300) } }, '"namespace" is longer than 256 characters.'],
  ] as const) {
    void it(`refuses ${JSON.stringify(raw).slice(0, 60)}`, () => assert.deepEqual(parseUsageRequest(raw), { ok: false, error }));
  }
  void it('the webview drops host messages of the wrong shape', () => {
    assert.equal(parseUsageEvent({ type: 'state', scope: { instance: 'x' }, state: { kind: 'bogus' } }), undefined);
    assert.equal(
      parseUsageEvent({
        type: 'state',
        scope: { instance: 'x' },
        state: { kind: 'report', report: { buckets: [1], series: [{ total: [] }], consumers: [], totals: {} } },
      }),
      undefined,
    );
    assert.ok(parseUsageEvent({ type: 'state', scope: { instance: 'x' }, state: { kind: 'loading', query: { range: '1h' } } }));
  });
});

void describe('sandbox metrics $filter', () => {
  void it('reads splits, values and or within one dimension', () => {
    assert.deepEqual(parseMetricsFilter("API ID eq 'chat' and Subscription ID eq '*' and Model eq 'a' or Model eq 'it''s'"), [
      { name: 'API ID', values: ['chat'] },
      { name: 'Subscription ID' },
      { name: 'Model', values: ['a', "it's"] },
    ]);
    assert.deepEqual(parseMetricsFilter(null), []);
  });
  void it("refuses or across dimensions and clauses that are not Name eq 'value'", () => {
    assert.throws(() => parseMetricsFilter("A eq 'a' or B eq 'b'"), /cannot separate two different metadata names/);
    assert.throws(() => parseMetricsFilter('A ne 1'), /is not of the form Name eq 'value'/);
  });
});
