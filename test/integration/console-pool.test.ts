// The test console on a pooled Azure OpenAI API, through its real controller against the sandbox: the Pool section's
// members with their regions, which region and member answered (x-ms-region), the gateway's attempts counted by the
// sandbox, "Simulate throttling" through the real fault hooks (failover on the next request, the breaker open after
// it, off again), and outside the sandbox: no attempts and no simulation, said in one sentence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getApi, type ApiSummary } from '../../src/apim/apis';
import { sandboxHooks, type SandboxHooks } from '../../src/azure/sandboxHooks';
import { DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import type { ConsoleEvent, ConsoleInitialState, OutcomeView } from '../../src/protocol/testConsole';
import type { PoolView } from '../../src/protocol/testConsolePool';
import { TestConsoleController } from '../../src/testConsole/testConsoleController';
import type { SecretStore } from '../../src/testConsole/subscriptionKeys';
import { accountId, aoaiForm, clientsOf, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard } from './helpers/aoaiWizardImport';
import { sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();
const log = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const BASIS = "counted by the sandbox: calls to the pool's members while this request ran";

/** A controller and the events it posted; `hooks` undefined stands for Azure (no sandbox hooks). */
function consoleFor(api: ApiSummary, hooks: SandboxHooks | undefined) {
  const events: ConsoleEvent[] = [];
  const secrets = new Map<string, string>();
  const store: SecretStore = {
    get: (k) => Promise.resolve(secrets.get(k)),
    store: (k, v) => Promise.resolve(void secrets.set(k, v)),
    delete: (k) => Promise.resolve(void secrets.delete(k)),
  };
  const controller = new TestConsoleController(api, {
    clients: () => clientsOf(sb),
    secrets: store,
    chooseSubscription: (candidates) => Promise.resolve(candidates[0]),
    transport: () => ({ extraCaPem: [sb.ca] }),
    post: (e) => events.push(e),
    log,
    loadHistory: () => [],
    saveHistory: () => Promise.resolve(),
    copyText: () => Promise.resolve(),
    openHttpFile: () => Promise.resolve(),
    ...(hooks ? { sandboxHooks: () => hooks } : {}),
  });
  /** Events arrive from background work (the pool is read after init): waits a bounded number of turns. */
  const next = async <T extends ConsoleEvent['type']>(type: T, after: number): Promise<Extract<ConsoleEvent, { type: T }>> => {
    for (let i = 0; i < 500; i++) {
      const e = events.slice(after).find((x) => x.type === type);
      if (e) return e as Extract<ConsoleEvent, { type: T }>;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${type} event after #${after}: ${events.map((e) => e.type).join(', ')}`);
  };
  let init: ConsoleInitialState | undefined;
  let sent = 0;
  return {
    events,
    controller,
    deployments: (): readonly string[] => init?.api.deployments ?? [],
    async open(): Promise<PoolView> {
      await controller.handle({ type: 'ready' });
      init = (await next('init', 0)).state;
      return (await next('pool', 0)).pool;
    },
    async send(): Promise<OutcomeView> {
      const requestId = `r-${++sent}`;
      const mark = events.length;
      await controller.handle({ type: 'send', requestId, input: { mode: 'form', form: { ...init!.defaults, deployment: 'gpt-4o-mini' } } });
      const done = await next('done', mark);
      assert.equal(done.outcome.status, 200, done.outcome.text);
      return done.outcome;
    },
    async throttle(memberId: string, on: boolean): Promise<PoolView> {
      const mark = events.length;
      await controller.handle({ type: 'simulateThrottling', memberId, on });
      return (await next('pool', mark)).pool;
    },
    /** The pool section as refreshed after the last request. */
    async poolAfter(mark: number): Promise<PoolView> {
      return (await next('pool', mark)).pool;
    },
  };
}

void describe('test console on a pooled API', () => {
  let api: ApiSummary;
  let hooks: SandboxHooks;

  before(async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const form = aoaiForm(accountId(sb, 'openai'), {
      displayName: 'Console pool',
      basePath: 'console-pool/openai',
      pool: {
        primary: { priority: 1, weight: 1, breaker: DEFAULT_BREAKER },
        extra: [{ priority: 2, weight: 1, breaker: DEFAULT_BREAKER, accountId: accountId(sb, 'aiServices') }],
      },
    });
    const { outcome } = await importThroughWizard(sb, service, { form, onExisting: 'conflict' });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    api = (await getApi(clientsOf(sb), service, 'console-pool'))!;
    hooks = sandboxHooks({ hooksUrl: sb.connection.hooksUrl, token: sb.connection.token, caPem: sb.ca });
  });
  after(() => sb.hooks.clearFaults());

  void it('shows the members, who answered and the attempts; fails over while the first is throttled, then not', async () => {
    const c = consoleFor(api, hooks);
    const pool = await c.open();
    assert.equal(pool.poolId, 'console-pool-pool');
    // Only what every member serves is offered: gpt-4o (the first account only) would fail over to a 404.
    assert.deepEqual(c.deployments(), ['gpt-4o-mini']);
    assert.equal(pool.sandbox, true);
    assert.deepEqual(
      pool.members.map((m) => [m.memberId, m.priority, m.weight, m.region, m.throttled]),
      [
        ['console-pool-backend', 1, 1, 'swedencentral', false],
        ['console-pool-backend-2', 2, 1, 'eastus2', false],
      ],
    );

    let mark = c.events.length;
    assert.deepEqual((await c.send()).route, {
      region: 'Sweden Central',
      member: 'console-pool-backend',
      attempts: { count: 1, basis: BASIS },
    });
    await c.poolAfter(mark);

    const throttled = await c.throttle('console-pool-backend', true);
    assert.deepEqual(
      throttled.members.map((m) => m.throttled),
      [true, false],
    );
    assert.equal((await hooks.faults()).length, 1);
    assert.equal((await c.throttle('console-pool-backend', true)).members[0].throttled, true, 'turning it on twice adds no fault');
    assert.equal((await hooks.faults()).length, 1);

    mark = c.events.length;
    // The first member answers 429 and trips; the retry picks the second.
    assert.deepEqual((await c.send()).route, {
      region: 'East US 2',
      member: 'console-pool-backend-2',
      attempts: { count: 2, basis: BASIS },
    });
    const after = await c.poolAfter(mark);
    assert.ok(after.members[0].openUntil, 'the first member’s circuit is open after its 429');
    assert.match(c.events.map((e) => e.type).join(','), /done,pool/);

    mark = c.events.length;
    // Its circuit is open: the gateway skips it and calls the second member at once.
    assert.deepEqual((await c.send()).route?.attempts, { count: 1, basis: BASIS });
    await c.poolAfter(mark);

    const off = await c.throttle('console-pool-backend', false);
    assert.deepEqual(
      off.members.map((m) => m.throttled),
      [false, false],
    );
    assert.deepEqual(await hooks.faults(), []);
    c.controller.dispose();
  });

  void it('refuses a member that is not in the pool, and a name that is no backend name, changing nothing', async () => {
    const c = consoleFor(api, hooks);
    await c.open();
    const mark = c.events.length;
    await c.controller.handle({ type: 'simulateThrottling', memberId: 'openai-chat-backend', on: true });
    await c.controller.handle({ type: 'simulateThrottling', memberId: 'a:b', on: true });
    await c.controller.handle({ type: 'simulateThrottling', memberId: 'console-pool-backend', on: 'yes' });
    assert.deepEqual(c.events.slice(mark), [
      { type: 'notice', message: `"openai-chat-backend" is not a member of this API's pool in the sandbox.` },
    ]);
    assert.deepEqual(await hooks.faults(), []);
    c.controller.dispose();
  });

  void it('outside the sandbox: the members and the answering region, no attempts and no simulation', async () => {
    const c = consoleFor(api, undefined);
    const pool = await c.open();
    assert.equal(pool.sandbox, false);
    assert.ok(pool.members.every((m) => m.openUntil === undefined && !m.throttled));
    const route = (await c.send()).route;
    // The first member's circuit may still be open from the test before: either region, named with its member.
    const expected = route?.region === 'East US 2' ? 'console-pool-backend-2' : 'console-pool-backend';
    assert.deepEqual(route, { region: route?.region === 'East US 2' ? 'East US 2' : 'Sweden Central', member: expected });
    const mark = c.events.length;
    await c.controller.handle({ type: 'simulateThrottling', memberId: 'console-pool-backend', on: true });
    assert.deepEqual(c.events.slice(mark), [
      { type: 'notice', message: 'Throttling can be simulated in the local sandbox only. Switch to the sandbox to try failover.' },
    ]);
    c.controller.dispose();
  });
});
