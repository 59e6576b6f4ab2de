// "Add Backend to Pool…" with an Azure OpenAI / AI Services account on an API imported with managed identity: the
// plan grants the instance's identity the role on the new account (as the import does), adds its backend with a
// breaker, pools both and merges the routing into the policy; with the first account throttled, calls succeed through
// the new one, which only accepts the identity because of that role. A deployment the first account lacks is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepProgress } from '../../src/apim/importExecutor';
import { readServiceIdentity } from '../../src/apim/azureOpenAiIdentity';
import { readPoolEditFacts } from '../../src/apim/poolFacts';
import { getOpenAiAccount } from '../../src/azure/cognitiveAccounts';
import { planAddMember, type AddMemberRequest } from '../../src/domain/pools/addMemberPlan';
import { DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import { runPoolEdit } from '../../src/pools/poolRun';
import { accountId, aoaiForm, clientsOf, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard } from './helpers/aoaiWizardImport';
import { accountPath, ACCOUNTS } from './helpers/poolFixtures';
import { sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();

void describe('Add Backend to Pool: an Azure OpenAI account through the managed identity', () => {
  void it('grants the role, pools both accounts, and calls succeed through the new one while the first is throttled', async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const form = aoaiForm(accountId(sb, 'openai'), { displayName: 'Grown pool', basePath: 'grown/openai' });
    const imported = await importThroughWizard(sb, service, { form, onExisting: 'conflict' });
    assert.equal(imported.outcome.status, 'succeeded', describeWizardOutcome(imported.outcome));

    const clients = clientsOf(sb);
    const [facts, second, first, identity] = await Promise.all([
      readPoolEditFacts(clients, service, 'grown-pool'),
      getOpenAiAccount(clients, accountId(sb, 'aiServices')),
      getOpenAiAccount(clients, accountId(sb, 'openai')),
      readServiceIdentity(clients, service),
    ]);
    const request = (deployment: string): AddMemberRequest => ({
      member: {
        kind: 'azureOpenAi',
        account: { id: second.id, name: second.name, subscriptionId: second.subscriptionId, endpoint: second.endpoint },
        deployment,
        poolDeployments: { account: first.name, names: first.deployments.map((d) => d.name) },
        service: { name: service.name, identityType: identity.type, userAssignedIdentities: identity.userAssigned },
      },
      priority: 2,
      weight: 1,
      breaker: DEFAULT_BREAKER,
    });

    const refused = planAddMember(facts, request('no-such-deployment'));
    assert.equal(refused.status, 'invalid');
    assert.match(refused.status === 'invalid' ? refused.message : '', /has no deployment "no-such-deployment"/);

    const outcome = planAddMember(facts, request('gpt-4o-mini'));
    assert.equal(outcome.status, 'ready', outcome.status === 'invalid' ? outcome.message : '');
    if (outcome.status !== 'ready') return;
    assert.deepEqual(
      outcome.plan.steps.map((s) => s.id),
      [
        `serviceIdentity:${service.name}`,
        `roleAssignment:${second.name}`,
        'backend:grown-pool-backend-2',
        'backendBreaker:grown-pool-backend',
        'backendPool:grown-pool-pool',
        'apiPolicy:grown-pool',
      ],
    );
    const events: StepProgress[] = [];
    const result = await runPoolEdit(
      outcome.plan,
      { clients, service, secrets: new Map(), pollIntervalMs: 10 },
      { onProgress: (e) => events.push(e) },
    );
    assert.equal(result.status, 'succeeded', JSON.stringify(result));
    assert.ok(
      events.some((e) => e.stepId === `roleAssignment:${second.name}` && e.status === 'created'),
      'the role on the new account was granted by this plan',
    );
    const backend = await sb.apim(service.subscriptionId).backend.get(service.resourceGroup, service.name, 'grown-pool-backend-2');
    assert.match(backend.url ?? '', /\/aoai\/contoso-aiservices\/openai$/);

    const key = await masterKey(sb, service);
    const chat = () =>
      sb.http(`${service.gatewayUrl}/grown/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21`, {
        method: 'POST',
        headers: { 'api-key': key },
        body: { messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 20 },
      });
    assert.equal((await chat()).headers['x-ms-region'], 'Sweden Central', 'priority 1 answers while healthy');
    await sb.hooks.addFault({ method: 'POST', path: accountPath(ACCOUNTS[0]), status: 429, retryAfter: 20, times: 20 });
    const failover = await chat();
    assert.equal(failover.status, 200, failover.text);
    assert.equal(failover.headers['x-ms-region'], 'East US 2');
    await sb.hooks.clearFaults();
  });
});
