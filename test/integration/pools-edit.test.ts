// "Add Backend to Pool…", "Edit Pool…" and "Remove from Pool" on an existing LLM API, through the plans, the executor
// and the real SDK clients: a single-backend API becomes a pool whose members both answer through the gateway; weights
// and breakers change in place; the last-but-one member goes back to a single backend; a failed write is rolled back
// to exactly the state before; a pool other APIs use is named; bad input is one sentence and nothing is written.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { readPoolEditFacts } from '../../src/apim/poolFacts';
import type { ServiceRef } from '../../src/apim/refs';
import { planAddMember, POOL_MEMBER_KEY_SECRET, type AddMemberRequest } from '../../src/domain/pools/addMemberPlan';
import { breakerRule, DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import { planEditPool, planRemoveMember, type MemberEdit } from '../../src/domain/pools/editPoolPlan';
import type { PoolEditOutcome } from '../../src/domain/pools/poolEditCommon';
import { runPoolEdit } from '../../src/pools/poolRun';
import { accountBaseUrl, accountKey, ACCOUNTS, chatThrough, importOverAccounts, masterKey } from './helpers/poolFixtures';
import { apiPolicyXml, gatewayService, sandboxClients, stateOf } from './helpers/lmImport';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
const API = 'edit-pool';
const PRIMARY = 'edit-pool-backend';
const POOL = 'edit-pool-pool';
const REGION = { [ACCOUNTS[0]]: 'Sweden Central', [ACCOUNTS[1]]: 'East US 2' } as const;

void describe('pool commands on an existing LLM API', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let subscriptionKey: string;
  let secondKey: string;

  const facts = () => readPoolEditFacts(sandboxClients(sb), service, API);
  const ctx = (key?: string) => ({
    clients: sandboxClients(sb),
    service,
    secrets: new Map(key ? [[POOL_MEMBER_KEY_SECRET, key]] : []),
    pollIntervalMs: 10,
  });
  const ready = (o: PoolEditOutcome) => {
    assert.equal(o.status, 'ready', o.status === 'invalid' ? o.message : '');
    return o;
  };
  const run = async (o: PoolEditOutcome, key?: string) => {
    const result = await runPoolEdit(ready(o).plan, ctx(key));
    assert.equal(result.status, 'succeeded', JSON.stringify(result));
  };
  const urlMember = (priority = 1, weight = 1): AddMemberRequest => ({
    member: { kind: 'url', url: accountBaseUrl(sb, ACCOUNTS[1]), keyHeader: { name: 'api-key', valueFormat: '{key}' } },
    priority,
    weight,
    breaker: DEFAULT_BREAKER,
  });
  /** Regions that answered `n` requests through the gateway, with their counts. */
  const regions = async (n: number): Promise<Map<string, number>> => {
    const counts = new Map<string, number>();
    for (let batch = 0; batch < n / 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => chatThrough(sb, service, API, subscriptionKey)));
      for (const a of answers) {
        assert.equal(a.status, 200, a.text);
        const region = String(a.headers['x-ms-region']);
        counts.set(region, (counts.get(region) ?? 0) + 1);
      }
    }
    return counts;
  };
  /** The plan fails at the write `path` matches; the rollback leaves exactly the state before. */
  const failsThenRollsBack = async (o: PoolEditOutcome, method: 'PUT' | 'DELETE', path: string) => {
    const before = await stateOf(sb);
    await sb.hooks.addFault({
      method,
      path,
      times: 1,
      status: 400,
      body: { error: { code: 'InjectedFault', message: 'Injected fault.' } },
    });
    const result = await runPoolEdit(ready(o).plan, ctx(secondKey));
    assert.equal(result.status, 'failed', JSON.stringify(result));
    assert.equal(result.status === 'failed' && result.rolledBack, true);
    assert.deepEqual(await stateOf(sb), before, `rollback after a fault at ${method} ${path}`);
    await sb.hooks.clearFaults();
  };
  const members = async (id = POOL) => (await sb.apim().backend.get(RG, SVC, id)).pool?.services;

  before(async () => {
    service = await gatewayService(sb);
    subscriptionKey = await masterKey(sb);
    secondKey = await accountKey(sb, ACCOUNTS[1]);
    await importOverAccounts(sb, service, { displayName: 'Edit pool', path: API });
  });
  beforeEach(() => sb.hooks.clearFaults());

  void it('adds a URL backend to a single-backend API: a pool over both, the policy merged, both members answer', async () => {
    assert.deepEqual([...(await regions(20)).keys()], [REGION[ACCOUNTS[0]]], 'one backend before');
    const outcome = ready(planAddMember(await facts(), urlMember()));
    assert.deepEqual(
      outcome.plan.steps.map((s) => s.id),
      [
        'namedValue:edit-pool-backend-2-key',
        'backend:edit-pool-backend-2',
        'backendBreaker:edit-pool-backend',
        'backendPool:edit-pool-pool',
        'apiPolicy:edit-pool',
      ],
    );
    assert.ok(!JSON.stringify(outcome.plan).includes(secondKey), 'the key is not in the plan');
    assert.deepEqual(outcome.shared, []);
    await run(outcome, secondKey);

    assert.deepEqual(await members(), [
      { id: `/backends/${PRIMARY}`, priority: 1, weight: 1 },
      { id: '/backends/edit-pool-backend-2', priority: 1, weight: 1 },
    ]);
    for (const id of [PRIMARY, 'edit-pool-backend-2']) {
      assert.deepEqual((await sb.apim().backend.get(RG, SVC, id)).circuitBreaker?.rules, [breakerRule(DEFAULT_BREAKER)], id);
    }
    const nv = await sb.apim().namedValue.get(RG, SVC, 'edit-pool-backend-2-key');
    assert.equal(nv.secret, true);
    assert.equal(nv.value, undefined, 'a secret value is not returned by GET');
    const policy = (await apiPolicyXml(sb, API)) ?? '';
    assert.match(policy, /<set-backend-service backend-id="edit-pool-pool"\/>/);
    assert.doesNotMatch(policy, /backend-id="edit-pool-backend"/, 'the single backend is no longer named');
    assert.match(
      policy,
      /<retry count="1" interval="0" first-fast-retry="true"[^>]*>\s*<set-backend-service backend-id="edit-pool-pool"\/>/,
    );
    assert.match(policy, /<forward-request buffer-request-body="true"\/>/);

    const counts = await regions(200);
    assert.ok((counts.get(REGION[ACCOUNTS[0]]) ?? 0) > 0 && (counts.get(REGION[ACCOUNTS[1]]) ?? 0) > 0, JSON.stringify([...counts]));
  });

  void it('edits weights and a breaker in place; only what changed is written', async () => {
    const f = await facts();
    const edits: MemberEdit[] = [
      { backendId: PRIMARY, priority: 1, weight: 3, breaker: DEFAULT_BREAKER },
      { backendId: 'edit-pool-backend-2', priority: 1, weight: 1, breaker: { ...DEFAULT_BREAKER, tripSeconds: 120 } },
    ];
    const outcome = ready(planEditPool(f, edits));
    assert.deepEqual(
      outcome.plan.steps.map((s) => s.id),
      ['backendBreaker:edit-pool-backend-2', 'backendPool:edit-pool-pool'],
    );
    // A fault at the pool, after the breaker was written: the breaker is put back as it was.
    await failsThenRollsBack(outcome, 'PUT', `/backends/${POOL}$`);
    await run(outcome);
    assert.deepEqual(await members(), [
      { id: `/backends/${PRIMARY}`, priority: 1, weight: 3 },
      { id: '/backends/edit-pool-backend-2', priority: 1, weight: 1 },
    ]);
    const second = await sb.apim().backend.get(RG, SVC, 'edit-pool-backend-2');
    assert.equal(second.circuitBreaker?.rules?.[0].tripDuration, 'PT2M');
    assert.equal(second.credentials?.header?.['api-key']?.[0], '{{edit-pool-backend-2-key}}', 'the credentials are kept');
    const counts = await regions(400);
    const heavy = counts.get(REGION[ACCOUNTS[0]]) ?? 0;
    assert.ok(Math.abs(heavy - 300) <= 40, `3:1 weights gave ${JSON.stringify([...counts])}`);
    assert.equal(planEditPool(await facts(), edits).status, 'invalid', 'nothing changed: nothing to write');
  });

  void it('removes the last-but-one member: back to the single backend, the pool deleted, the member kept', async () => {
    const outcome = ready(planRemoveMember(await facts(), { backendId: 'edit-pool-backend-2', toSingle: true }));
    assert.deepEqual(
      outcome.plan.steps.map((s) => s.id),
      ['apiPolicy:edit-pool', 'backendDelete:edit-pool-pool'],
    );
    // A fault at the pool's delete, after the policy was rewritten: the policy is put back as it was.
    await failsThenRollsBack(outcome, 'DELETE', `/backends/${POOL}$`);
    await run(outcome);
    const policy = (await apiPolicyXml(sb, API)) ?? '';
    assert.match(policy, /<set-backend-service backend-id="edit-pool-backend"\/>/);
    assert.doesNotMatch(policy, /<retry/);
    assert.match(policy, /<backend>\s*<base\/>\s*<\/backend>/, 'the backend section inherits forward-request again');
    await assert.rejects(sb.apim().backend.get(RG, SVC, POOL), /not found|does not exist/i);
    assert.ok(await sb.apim().backend.get(RG, SVC, 'edit-pool-backend-2'), 'the member backend stays');
    assert.deepEqual([...(await regions(20)).keys()], [REGION[ACCOUNTS[0]]]);
  });

  void it('a failed write at each step is rolled back to exactly the state before', async () => {
    const outcome = ready(planAddMember(await facts(), urlMember(2)));
    const paths: Record<string, string> = {
      namedValue: '/namedValues/',
      backend: '/backends/edit-pool-backend-3$',
      backendPool: `/backends/${POOL}$`,
      apiPolicy: `/apis/${API}/policies/policy$`,
    };
    assert.deepEqual(
      outcome.plan.steps.map((s) => s.kind),
      ['namedValue', 'backend', 'backendPool', 'apiPolicy'],
      'the primary keeps the breaker it has',
    );
    for (const step of outcome.plan.steps) {
      const before = await stateOf(sb);
      await sb.hooks.addFault({
        method: 'PUT',
        path: paths[step.kind],
        times: 1,
        status: 400,
        body: { error: { code: 'InjectedFault', message: `Injected fault for ${step.id}.` } },
      });
      const result = await runPoolEdit(outcome.plan, ctx(secondKey));
      assert.equal(result.status, 'failed', step.id);
      assert.equal(result.status === 'failed' && result.rolledBack, true);
      assert.deepEqual(await stateOf(sb), before, `rollback after a fault at ${step.id}`);
      await sb.hooks.clearFaults();
    }
  });

  void it('names the other APIs that use a backend or pool the plan changes, and stops on nothing else', async () => {
    await run(planAddMember(await facts(), urlMember(2)), secondKey);
    const apim = sb.apim();
    await apim.api.beginCreateOrUpdateAndWait(RG, SVC, 'other-llm', {
      displayName: 'Other LLM',
      path: 'other-llm',
      protocols: ['https'],
      serviceUrl: 'https://unused.example',
    });
    await apim.apiPolicy.createOrUpdate(RG, SVC, 'other-llm', 'policy', {
      format: 'rawxml',
      value: `<policies><inbound><base /><set-backend-service backend-id="${POOL}" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`,
    });
    const f = await facts();
    const pool = f.backends.find((b) => b.id === POOL)!;
    const edit = ready(
      planEditPool(
        f,
        pool.members.map((m, i) => ({ ...m, weight: i === 0 ? 2 : m.weight, breaker: DEFAULT_BREAKER })),
      ),
    );
    assert.equal(edit.shared.length, 1);
    assert.match(edit.shared[0], /^"edit-pool-pool" is also used by "Other LLM": /);
    const removal = ready(planRemoveMember(f, { backendId: 'edit-pool-backend-3', toSingle: true }));
    assert.ok(
      removal.plan.steps.some((s) => s.kind === 'backendPool') && !removal.plan.steps.some((s) => s.kind === 'backendDelete'),
      'a pool another API uses is kept',
    );
    assert.match(removal.shared[0], /"Other LLM": the pool stays for them/);
  });

  void it('bad input: one sentence each, nothing written', async () => {
    const before = await stateOf(sb);
    const f = await facts();
    const sentence = (o: PoolEditOutcome): string => {
      assert.equal(o.status, 'invalid');
      return o.status === 'invalid' ? o.message : '';
    };
    const elsewhere: AddMemberRequest = { ...urlMember(), member: { kind: 'url', url: 'https://models.example.com/v1' } };
    assert.match(sentence(planAddMember(f, { ...elsewhere, weight: 0 })), /weight of .* must be a whole number from 1 to 100/);
    assert.match(sentence(planAddMember(f, { ...elsewhere, weight: 1001 })), /weight of .* must be a whole number from 1 to 100/);
    assert.match(
      sentence(planAddMember(f, { ...urlMember(), member: { kind: 'existing', backendId: PRIMARY } })),
      /"edit-pool-backend" is in the pool twice/,
    );
    assert.match(
      sentence(planAddMember(f, { ...urlMember(), member: { kind: 'existing', backendId: POOL } })),
      /"edit-pool-pool" is a pool, and a pool can only contain single backends/,
    );
    assert.match(sentence(planAddMember(f, urlMember())), /already sends the pool's requests to/, 'the same URL twice');
    const oneLeft = ready(planRemoveMember(f, { backendId: 'edit-pool-backend-3', toSingle: false }));
    assert.deepEqual(await stateOf(sb), before, 'planning wrote nothing');
    await run(oneLeft);
    assert.match(sentence(planRemoveMember(await facts(), { backendId: PRIMARY, toSingle: false })), /a pool cannot be empty/);
  });
});
