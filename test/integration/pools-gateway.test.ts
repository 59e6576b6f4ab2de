// Backend pools with circuit breakers, as APIM documents them: written through the plan and the real SDK and read back
// intact; through the gateway a throttled priority-1 member fails over to priority 2 within the request; weights
// share one priority group; every member open answers 503; the ARM side refuses what APIM refuses.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import { breakerRule, DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import { accountPath, ACCOUNTS, chatThrough, FAILOVER, importOverAccounts, masterKey, type PoolImport } from './helpers/poolFixtures';
import { gatewayService } from './helpers/lmImport';
import { DEMO_NAMES, sandboxPerSuite, type SandboxHarness } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
const REGION = { [ACCOUNTS[0]]: 'Sweden Central', [ACCOUNTS[1]]: 'East US 2' } as const;

async function breakers(sb: SandboxHarness): Promise<Array<{ backendKey: string; open: boolean; openUntil?: string }>> {
  return (await sb.arm(`${sb.connection.hooksUrl}/breakers`)).json<{ value: Array<{ backendKey: string; open: boolean }> }>().value;
}

void describe('backend pools and circuit breakers', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let key: string;

  before(async () => {
    service = await gatewayService(sb);
    key = await masterKey(sb);
    await importOverAccounts(sb, service, {
      displayName: 'Pooled chat',
      path: 'pooled',
      members: FAILOVER,
    });
  });

  void it('the pool and the members’ breakers read back intact through the SDK', async () => {
    const pool = await sb.apim().backend.get(RG, SVC, 'pooled-chat-pool');
    assert.equal(pool.typePropertiesType, 'Pool');
    assert.deepEqual(pool.pool?.services, [
      { id: '/backends/pooled-chat-backend', priority: 1, weight: 1 },
      { id: '/backends/pooled-chat-backend-2', priority: 2, weight: 1 },
    ]);
    for (const id of ['pooled-chat-backend', 'pooled-chat-backend-2']) {
      const member = await sb.apim().backend.get(RG, SVC, id);
      assert.deepEqual(member.circuitBreaker?.rules, [breakerRule(DEFAULT_BREAKER)]);
    }
    const policy = (await sb.apim().apiPolicy.listByApi(RG, SVC, 'pooled-chat')).value?.[0]?.value ?? '';
    assert.match(policy, /<set-backend-service backend-id="pooled-chat-pool"\/>/);
    assert.match(policy, /<backend>\s*<retry count="1" interval="0" first-fast-retry="true"/, 'the retry replaces <base /> in backend');
    assert.match(policy, /<forward-request buffer-request-body="true"\/>/);
  });

  void it('with a 429 fault on the priority-1 member, requests succeed through priority 2', async () => {
    const ok = await chatThrough(sb, service, 'pooled', key);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.headers['x-ms-region'], REGION[ACCOUNTS[0]], 'priority 1 answers while it is healthy');

    await sb.hooks.addFault({ method: 'POST', path: accountPath(ACCOUNTS[0]), status: 429, retryAfter: 30, times: 50 });
    for (let i = 0; i < 5; i++) {
      const r = await chatThrough(sb, service, 'pooled', key);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['x-ms-region'], REGION[ACCOUNTS[1]]);
    }
    const state = await breakers(sb);
    const first = state.find((b) => b.backendKey.endsWith('/backends/pooled-chat-backend'));
    assert.equal(first?.open, true, JSON.stringify(state));
    // acceptRetryAfter: the trip lasts the 30 s the model asked for, not the rule's minute.
    const tripMs = Date.parse(first.openUntil!) - Date.now();
    assert.ok(tripMs > 0 && tripMs <= 30_000, `trip of ${tripMs} ms, not the rule’s 60 s`);
    await sb.hooks.clearFaults();
  });

  /** Back to the seed (no breaker state, no earlier import), then a new import. */
  const freshImport = async (spec: PoolImport): Promise<void> => {
    await sb.hooks.reset();
    service = await gatewayService(sb);
    key = await masterKey(sb);
    await importOverAccounts(sb, service, spec);
  };

  void it('every member open answers 503', async () => {
    await freshImport({ displayName: 'All open', path: 'all-open', members: FAILOVER });
    for (const account of ACCOUNTS) await sb.hooks.addFault({ method: 'POST', path: accountPath(account), status: 503, times: 10 });
    const tripped = await chatThrough(sb, service, 'all-open', key);
    assert.equal(tripped.status, 503, 'the second attempt met the second member failing too');
    const r = await chatThrough(sb, service, 'all-open', key);
    assert.equal(r.status, 503);
    assert.equal(r.headers['x-ms-region'], undefined, 'no member was called: the gateway answered itself');
    assert.ok((await breakers(sb)).filter((b) => b.open).length >= 2);
    await sb.hooks.clearFaults();
  });

  void it('weights share one priority group within ±10% over 1,000 requests', async () => {
    await freshImport({
      displayName: 'Weighted',
      path: 'weighted',
      members: [
        { priority: 1, weight: 3 },
        { priority: 1, weight: 1 },
      ],
    });
    const counts = new Map<string, number>();
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => chatThrough(sb, service, 'weighted', key)));
      for (const a of answers) {
        assert.equal(a.status, 200, a.text);
        const region = String(a.headers['x-ms-region']);
        counts.set(region, (counts.get(region) ?? 0) + 1);
      }
    }
    const heavy = counts.get(REGION[ACCOUNTS[0]]) ?? 0;
    const light = counts.get(REGION[ACCOUNTS[1]]) ?? 0;
    assert.equal(heavy + light, 1000);
    assert.ok(Math.abs(heavy - 750) <= 75 && Math.abs(light - 250) <= 25, `3:1 weights gave ${heavy}:${light}`);
  });

  void it('ARM refuses a pool in a pool, out-of-range weights, unknown members and an empty pool', async () => {
    const create = (id: string, services: Array<{ id: string; priority?: number; weight?: number }>) =>
      sb.arm(
        `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/backends/${id}?api-version=2024-05-01`,
        {
          method: 'PUT',
          body: { properties: { type: 'Pool', pool: { services } } },
        },
      );
    const cases: Array<[string, Array<{ id: string; priority?: number; weight?: number }>, RegExp]> = [
      ['nested', [{ id: '/backends/weighted-pool' }], /is a pool/],
      ['heavy', [{ id: '/backends/weighted-backend', weight: 101 }], /between 0 and 100/],
      ['negative', [{ id: '/backends/weighted-backend', priority: -1 }], /between 0 and 100/],
      ['unknown', [{ id: '/backends/nope' }], /does not exist/],
      ['empty', [], /at least one service/],
    ];
    for (const [id, services, message] of cases) {
      const r = await create(id, services);
      assert.equal(r.status, 400, `${id}: ${r.text}`);
      assert.match(r.text, message);
    }
    const full = `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/backends/weighted-backend`;
    assert.equal((await create('full-ids', [{ id: full, priority: 1, weight: 1 }])).status, 201, 'full ARM ids are accepted too');
  });
});
