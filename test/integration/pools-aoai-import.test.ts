// Import Azure OpenAI over the two seeded accounts' gpt-4o-mini deployments as a pool, through the wizard's real
// controller with managed identity: a role per account, a backend with its breaker per account, the pool, the policy
// on the pool; a chat call succeeds while the first account is throttled; bad pool input is one sentence and writes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import { accountId, aoaiForm, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard, reviewThroughWizard, stepKinds } from './helpers/aoaiWizardImport';
import { accountPath, ACCOUNTS } from './helpers/poolFixtures';
import { sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();
const member = (priority: number, weight = 1) => ({ priority, weight, breaker: DEFAULT_BREAKER });

void describe('Import Azure OpenAI as a pool over two accounts', () => {
  void it('writes a role and a breaker-guarded backend per account, the pool and its retry; fails over while the first is throttled', async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const form = aoaiForm(accountId(sb, 'openai'), {
      displayName: 'Pooled models',
      basePath: 'pooled/openai',
      pool: { primary: member(1), extra: [{ ...member(2), accountId: accountId(sb, 'aiServices') }] },
    });
    const { review, outcome } = await importThroughWizard(sb, service, { form, onExisting: 'conflict' });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    assert.deepEqual(stepKinds(review), [
      'serviceIdentity',
      'roleAssignment',
      'roleAssignment',
      'backend',
      'backend',
      'backendPool',
      'api',
      'apiPolicy',
    ]);

    const { resourceGroup, name } = service;
    const pool = await sb.apim(service.subscriptionId).backend.get(resourceGroup, name, 'pooled-models-pool');
    assert.deepEqual(
      pool.pool?.services?.map((s) => [s.id, s.priority, s.weight]),
      [
        ['/backends/pooled-models-backend', 1, 1],
        ['/backends/pooled-models-backend-2', 2, 1],
      ],
    );
    const second = await sb.apim(service.subscriptionId).backend.get(resourceGroup, name, 'pooled-models-backend-2');
    assert.match(second.url ?? '', /\/aoai\/contoso-aiservices\/openai$/);
    assert.equal(second.circuitBreaker?.rules?.length, 1);

    const key = await masterKey(sb, service);
    const chat = () =>
      sb.http(`${service.gatewayUrl}/pooled/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21`, {
        method: 'POST',
        headers: { 'api-key': key },
        body: { messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 20 },
      });
    assert.equal((await chat()).headers['x-ms-region'], 'Sweden Central');
    await sb.hooks.addFault({ method: 'POST', path: accountPath(ACCOUNTS[0]), status: 429, retryAfter: 20, times: 20 });
    const failover = await chat();
    assert.equal(failover.status, 200, failover.text);
    assert.equal(failover.headers['x-ms-region'], 'East US 2', 'the second account holds the role too');
    await sb.hooks.clearFaults();
  });

  void it('refuses a duplicate account, weight 0 and weight above 100 in one sentence each, writing nothing', async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const before = JSON.stringify((await sb.hooks.state()).resources.map((r) => r.id).sort());
    const cases: Array<[string, ReturnType<typeof member>, string, RegExp]> = [
      ['duplicate', member(2), accountId(sb, 'openai'), /^"contoso-openai" is in the pool twice\. Remove one of them\.$/],
      [
        'weight 0',
        member(2, 0),
        accountId(sb, 'aiServices'),
        /^The weight of "contoso-aiservices" must be a whole number from 1 to 100\.$/,
      ],
      [
        'weight 1001',
        member(2, 1001),
        accountId(sb, 'aiServices'),
        /^The weight of "contoso-aiservices" must be a whole number from 1 to 100\.$/,
      ],
    ];
    for (const [label, settings, extraAccount, message] of cases) {
      const form = aoaiForm(accountId(sb, 'openai'), {
        displayName: `Bad pool ${label}`,
        basePath: `bad-${label.replace(/\s/g, '')}/openai`,
        pool: { primary: member(1), extra: [{ ...settings, accountId: extraAccount }] },
      });
      // Review refuses it with the sentence the wizard shows beside the field; Create is never reached.
      await assert.rejects(reviewThroughWizard(sb, service, { form, onExisting: 'conflict' }), (e: Error) => {
        assert.ok(
          e.message
            .replace(/^No review: /, '')
            .split(' | ')
            .some((m) => message.test(m)),
          `${label}: ${e.message}`,
        );
        return true;
      });
    }
    assert.equal(JSON.stringify((await sb.hooks.state()).resources.map((r) => r.id).sort()), before, 'nothing was written');
  });
});
