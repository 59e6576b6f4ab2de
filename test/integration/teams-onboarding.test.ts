// Onboarding a team against the sandbox with the real SDK clients: the key works through the gateway for the product's
// APIs only, the product's token quota answers 403 once spent, a suspended subscription answers 401, a regenerated key
// retires the old one, an existing product policy is merged into, and a failure halfway rolls everything back.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import { regenerateSubscriptionKey, setSubscriptionState } from '../../src/apim/subscriptionWrites';
import { buildTeamPlan } from '../../src/domain/teams/teamPlan';
import { INVALID_KEY } from '../../src/sandbox/gateway/apimErrors';
import { runOnboarding } from '../../src/teams/onboarding';
import { gatewayService, sandboxClients, stepContext } from './helpers/lmImport';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';
import { LLM_API, OTHER_API, chat, onboard, teamForm } from './helpers/teams';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;

void describe('Team onboarding against the sandbox', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  const keyOf = async (sid: string): Promise<string> => (await sb.apim().subscription.listSecrets(RG, SVC, sid)).primaryKey!;

  before(async () => {
    service = await gatewayService(sb);
  });

  void it('creates the product, its links, its per-subscription token limit and an active subscription owned by the administrator', async () => {
    await onboard(sb, service, teamForm('Search team'));
    const client = sb.apim();
    const product = await client.product.get(RG, SVC, 'search-team');
    assert.equal(product.state, 'published');
    assert.equal(product.approvalRequired, false);
    const sub = await client.subscription.get(RG, SVC, 'search-team');
    assert.equal(sub.state, 'active');
    assert.match(sub.scope ?? '', /\/products\/search-team$/);
    assert.match(sub.ownerId ?? '', /\/users\/1$/);
    const policy = (await client.productPolicy.listByProduct(RG, SVC, 'search-team').next()).value as { value?: string };
    assert.match(
      policy.value ?? '',
      /<llm-token-limit counter-key="@\(context\.Subscription\.Id\)" tokens-per-minute="100000" token-quota="1000000" token-quota-period="Monthly"/,
    );
    const inProduct = [];
    for await (const s of client.productSubscriptions.list(RG, SVC, 'search-team')) inProduct.push(s.name);
    assert.deepEqual(inProduct, ['search-team']);
  });

  void it("opens the product's APIs through the gateway, and no other API", async () => {
    const key = await keyOf('search-team');
    const ok = await chat(sb, service, LLM_API.path, key);
    assert.equal(ok.status, 200, ok.text);
    const other = await sb.http(`${service.gatewayUrl}/${OTHER_API.path}/resource`, { headers: { 'Ocp-Apim-Subscription-Key': key } });
    assert.equal(other.status, 401);
    assert.equal(other.json<{ message: string }>().message, INVALID_KEY);
  });

  void it('answers 403 once a small quota is spent, for that subscription only', async () => {
    await onboard(sb, service, teamForm('Tiny team', { limits: { tokenQuota: 40, tokenQuotaPeriod: 'Monthly' } }));
    const key = await keyOf('tiny-team');
    const statuses: number[] = [];
    for (let i = 0; i < 10 && !statuses.includes(403); i++) statuses.push((await chat(sb, service, LLM_API.path, key)).status);
    assert.equal(statuses[0], 200);
    assert.equal(statuses.at(-1), 403, `statuses: ${statuses.join(', ')}`);
    // Another team's subscription to the same API has its own counter.
    assert.equal((await chat(sb, service, LLM_API.path, await keyOf('search-team'))).status, 200);
  });

  void it('answers 401 for a suspended subscription and 200 again once it is activated', async () => {
    const clients = sandboxClients(sb);
    const key = await keyOf('search-team');
    await setSubscriptionState(clients, service, 'search-team', 'suspended');
    assert.equal((await sb.apim().subscription.get(RG, SVC, 'search-team')).state, 'suspended');
    const res = await chat(sb, service, LLM_API.path, key);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { statusCode: 401, message: INVALID_KEY });
    await setSubscriptionState(clients, service, 'search-team', 'active');
    assert.equal((await chat(sb, service, LLM_API.path, key)).status, 200);
  });

  void it('retires the old key when it is regenerated; the secondary key keeps working', async () => {
    const before = await sb.apim().subscription.listSecrets(RG, SVC, 'search-team');
    await regenerateSubscriptionKey(sandboxClients(sb), service, 'search-team', 'primary');
    const after = await sb.apim().subscription.listSecrets(RG, SVC, 'search-team');
    assert.notEqual(after.primaryKey, before.primaryKey);
    assert.equal(after.secondaryKey, before.secondaryKey);
    assert.equal((await chat(sb, service, LLM_API.path, before.primaryKey!)).status, 401);
    assert.equal((await chat(sb, service, LLM_API.path, after.primaryKey!)).status, 200);
    assert.equal((await chat(sb, service, LLM_API.path, after.secondaryKey!)).status, 200);
  });

  void it('merges the token limit into an existing product policy, keeping what was there', async () => {
    const client = sb.apim();
    const existing =
      '<policies><inbound><base /><set-header name="x-team" exists-action="override"><value>legacy</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>';
    await client.productPolicy.createOrUpdate(RG, SVC, 'starter', 'policy', { value: existing, format: 'xml' });
    await onboard(
      sb,
      service,
      teamForm('Starter team', {
        product: { mode: 'existing', productId: 'starter' },
        subscription: { subscriptionId: 'starter-team', displayName: 'Starter team' },
      }),
    );
    const merged = ((await client.productPolicy.listByProduct(RG, SVC, 'starter').next()).value as { value?: string }).value ?? '';
    assert.match(merged, /<set-header name="x-team" exists-action="override">/);
    assert.match(merged, /<llm-token-limit counter-key="@\(context\.Subscription\.Id\)"/);
    assert.ok(merged.indexOf('set-header') < merged.indexOf('llm-token-limit'), 'what existed comes first');
  });

  void it('rolls back the product, links and policy when the subscription cannot be created', async () => {
    const form = teamForm('Broken team');
    const path = `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/subscriptions/broken-team`;
    await sb.hooks.addFault({ method: 'PUT', path, status: 400, times: 1 });
    const outcome = await runOnboarding(buildTeamPlan(form), stepContext(sb, service, undefined));
    await sb.hooks.clearFaults();
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed' && outcome.rolledBack);
    await assert.rejects(sb.apim().product.get(RG, SVC, 'broken-team'), { statusCode: 404 });
  });
});
