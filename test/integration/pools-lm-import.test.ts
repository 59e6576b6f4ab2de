// Import a Language Model API over two URLs with different keys (the mock model's two Azure OpenAI accounts), through
// the wizard's real controller and the real SDK clients: each key in its own secret named value, each backend's header
// credential from its own, the pool and its retry; with the priority-1 member throttled, requests succeed through
// priority 2. A fault at each write, then Rollback, leaves the sandbox exactly as it was. No key in anything said back.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { ApimStep } from '../../src/domain/import/apimSteps';
import type { ImportPlan } from '../../src/domain/import/importPlan';
import type { LmApiForm } from '../../src/domain/import/lmApiForm';
import { buildLmApiPlan } from '../../src/domain/import/lmApiPlan';
import { failWriteOf, gatewayService, sandboxClients, stateOf } from './helpers/lmImport';
import { accountKey, accountPath, ACCOUNTS, chatThrough, FAILOVER, formOverAccounts, masterKey } from './helpers/poolFixtures';
import { lastEvent, recordingWizard, type RecordingWizard } from './helpers/recordingWizard';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();
const { resourceGroup, service: serviceName } = DEMO_NAMES.aiGateway;

void describe('Import a Language Model API over two URLs, each with its own key', () => {
  let service: ServiceRef;
  let keys: string[];
  let form: LmApiForm;
  let plan: ImportPlan<ApimStep>;
  before(async () => {
    service = await gatewayService(sb);
    keys = await Promise.all(ACCOUNTS.map((a) => accountKey(sb, a)));
    assert.notEqual(keys[0], keys[1], 'the two URLs take different keys');
    form = formOverAccounts(sb, { displayName: 'Pooled LM', path: 'pooled-lm', members: FAILOVER });
    plan = buildLmApiPlan(form, { hasKey: true, onExisting: 'conflict' });
  });

  /** A review or create as the webview sends it: the first key beside the input, the second in `backendKeys`. */
  const request = (type: 'review' | 'create', requestId: number) => ({
    type,
    requestId,
    input: { mode: 'languageModel', form, onExisting: 'conflict' },
    key: keys[0],
    backendKeys: [keys[1]],
  });
  const assertNoKey = (w: RecordingWizard): void => {
    const said = JSON.stringify(w.events) + w.logs.join('\n');
    for (const k of keys) assert.ok(!said.includes(k), 'a key was posted to the webview or logged');
  };

  void it('a fault at each write, then Rollback: the sandbox is exactly as before', async () => {
    assert.deepEqual(
      [...new Set(plan.steps.map((s) => s.kind))],
      ['namedValue', 'backend', 'backendPool', 'api', 'operation', 'apiPolicy', 'productApi'],
    );
    for (const step of plan.steps) {
      await sb.hooks.clearFaults();
      const before = await stateOf(sb);
      await failWriteOf(sb, step);
      const w = recordingWizard(sandboxClients(sb), service);
      await w.controller.handle(request('create', 1));
      const finished = lastEvent(w.events, 'finished');
      assert.equal(finished?.outcome.status, 'failed', `${step.id}: ${JSON.stringify(finished ?? w.events.at(-1))}`);
      await w.controller.handle({ type: 'rollback', requestId: 2 });
      assert.equal(lastEvent(w.events, 'rolledBack')?.complete, true, step.id);
      assert.deepEqual(await stateOf(sb), before, `rollback after a fault at ${step.id} restores the state exactly`);
      assertNoKey(w);
    }
    await sb.hooks.clearFaults();
  });

  void it('writes a secret named value and a credential per URL, the pool and its retry; fails over while the first is throttled', async () => {
    const w = recordingWizard(sandboxClients(sb), service);
    await w.controller.handle(request('review', 1));
    const review = lastEvent(w.events, 'reviewReady')?.review;
    assert.ok(review, JSON.stringify(w.events.at(-1)));
    assert.deepEqual(
      review.steps.map((s) => s.id),
      plan.steps.map((s) => s.id),
    );
    const titles = review.steps.map((s) => s.title).join('\n');
    assert.match(titles, /Secret named value "pooled-lm-key-2" holding the api-key header value of backend 2/);
    assert.match(
      titles,
      /Backend "pooled-lm-backend-2" → .*\/aoai\/contoso-aiservices\/openai, sending api-key from \{\{pooled-lm-key-2\}\}; circuit breaker trips/,
    );
    assert.match(
      titles,
      /Backend pool "pooled-lm-pool" over "pooled-lm-backend" \(priority 1, weight 1\), "pooled-lm-backend-2" \(priority 2, weight 1\)/,
    );
    assert.match(review.policyXml ?? '', /<set-backend-service backend-id="pooled-lm-pool"\/>/);
    assert.match(
      review.policyXml ?? '',
      /<retry count="1"[^>]*>\s*<set-backend-service backend-id="pooled-lm-pool"\/>\s*<forward-request buffer-request-body="true"\/>/,
    );

    await w.controller.handle(request('create', 2));
    const finished = lastEvent(w.events, 'finished');
    assert.equal(finished?.outcome.status, 'succeeded', JSON.stringify(finished));
    assertNoKey(w);

    const apim = sb.apim(service.subscriptionId);
    for (const [i, suffix] of ['', '-2'].entries()) {
      const id = `pooled-lm-key${suffix}`;
      const nv = await apim.namedValue.get(resourceGroup, serviceName, id);
      assert.equal(nv.secret, true, `${id} is secret`);
      assert.equal(nv.value, undefined, `${id} is not read back`);
      assert.equal((await apim.namedValue.listValue(resourceGroup, serviceName, id)).value, keys[i], `${id} holds its own URL's key`);
      const backend = await apim.backend.get(resourceGroup, serviceName, `pooled-lm-backend${suffix}`);
      assert.deepEqual(backend.credentials?.header, { 'api-key': [`{{${id}}}`] });
      assert.match(backend.url ?? '', new RegExp(`/aoai/${ACCOUNTS[i]}/openai$`));
      assert.equal(backend.circuitBreaker?.rules?.length, 1);
    }
    const pool = await apim.backend.get(resourceGroup, serviceName, 'pooled-lm-pool');
    assert.deepEqual(
      pool.pool?.services?.map((s) => [s.id, s.priority, s.weight]),
      [
        ['/backends/pooled-lm-backend', 1, 1],
        ['/backends/pooled-lm-backend-2', 2, 1],
      ],
    );

    const subscriptionKey = await masterKey(sb);
    const first = await chatThrough(sb, service, 'pooled-lm', subscriptionKey);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers['x-ms-region'], 'Sweden Central');
    await sb.hooks.addFault({ method: 'POST', path: accountPath(ACCOUNTS[0]), status: 429, retryAfter: 30, times: 20 });
    for (let i = 0; i < 3; i++) {
      const failover = await chatThrough(sb, service, 'pooled-lm', subscriptionKey);
      assert.equal(failover.status, 200, failover.text);
      assert.equal(failover.headers['x-ms-region'], 'East US 2', 'priority 2 answers with its own key');
    }
    await sb.hooks.clearFaults();
  });
});
