// The test console's path through the sandbox gateway with the real SDK clients: target discovery, key resolution,
// streamed and whole answers whose usage equals the mock model's, the token limit (429, then success after
// Retry-After on the gateway's clock), the missing role (401) and missing/wrong keys (401).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getApi, type ApiSummary } from '../../src/apim/apis';
import type { ServiceRef } from '../../src/apim/refs';
import { listServices } from '../../src/apim/services';
import { createAzureClients } from '../../src/azure/clientFactory';
import type { AzureClients } from '../../src/azure/clients';
import { sandboxCloud } from '../../src/azure/clouds';
import { runConsoleRequest, type ConsoleOutcome } from '../../src/testConsole/consoleRequest';
import { loadConsoleTarget, type ConsoleTarget } from '../../src/testConsole/consoleTarget';
import type { GatewayTransport } from '../../src/testConsole/gatewayClient';
import { SubscriptionKeyResolver, type ResolvedKey, type SecretStore } from '../../src/testConsole/subscriptionKeys';
import { buildChatBody, buildChatRequest, DEFAULT_CHAT_FORM, type ChatForm } from '../../src/domain/chat/chatRequest';
import { extractUsage } from '../../src/domain/chat/usage';
import { setGatewayClock } from '../../src/sandbox/gateway/state';
import { llmApiPolicy } from '../../src/sandbox/seed';
import { DEMO_NAMES, withSandbox, type SandboxHarness } from './helpers/sandbox';

const log = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}

void describe('test console through the sandbox gateway', () => {
  let sb: SandboxHarness;
  let clients: AzureClients;
  let transport: GatewayTransport;
  let service: ServiceRef;
  let api: ApiSummary;
  let target: ConsoleTarget;
  let key: ResolvedKey;
  const secrets = new MemorySecrets();
  const offered: string[][] = [];
  const form: ChatForm = { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini' };

  /** `k: null` sends no key at all. */
  const send = (f: ChatForm, k: ResolvedKey | null = key, t: ConsoleTarget = target, events = {}): Promise<ConsoleOutcome> =>
    runConsoleRequest(
      {
        endpoint: t.endpoint,
        request: buildChatRequest(t.kind === 'azureOpenAi' ? 'azureOpenAi' : 'openai', f, t.chatPath),
        ...(k ? { key: { header: k.header, value: k.value } } : {}),
        keyHeader: t.api.subscriptionKeyHeader,
        kind: t.kind,
        deployment: f.deployment,
        apiVersion: f.apiVersion,
      },
      transport,
      undefined,
      events,
    );

  /** What the mock model itself answers to the same body, called directly with its own key. */
  async function modelDirect(f: ChatForm): Promise<{ text: string; usage: unknown }> {
    const r = await sb.http(`${sb.connection.modelEndpoint}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sb.connection.modelKey}` },
      body: { ...buildChatBody('openai', f), stream: false, stream_options: undefined },
    });
    assert.equal(r.status, 200, r.text);
    const body = r.json<{ usage: unknown; choices: Array<{ message: { content: string } }> }>();
    return { text: body.choices[0].message.content, usage: body.usage };
  }

  before(async () => {
    sb = await withSandbox();
    clients = createAzureClients({
      cloud: sandboxCloud(sb.connection.armEndpoint),
      credential: sb.credential,
      caPem: [sb.ca],
      version: 'test',
    });
    transport = { extraCaPem: clients.extraCaPem };
    const all = (await Promise.all(sb.connection.subscriptionIds.map((s) => listServices(clients, s)))).flat();
    service = all.find((s) => s.name === DEMO_NAMES.aiGateway.service)!;
    api = (await getApi(clients, service, 'openai-chat'))!;
    target = await loadConsoleTarget(clients, api, log);
    const resolver = new SubscriptionKeyResolver(
      () => clients,
      secrets,
      (candidates) => {
        offered.push(candidates.map((c) => c.name));
        return Promise.resolve(candidates[0]);
      },
    );
    key = (await resolver.resolve(api))!;
  });
  after(() => sb.close());

  void it('finds the request shape, provider, models and the narrowest subscription key, cached in secret storage only', async () => {
    assert.equal(target.kind, 'openai');
    assert.equal(target.chatPath, '/chat/completions');
    assert.equal(target.provider, 'OpenAI');
    assert.ok(target.suggestedModels.includes('gpt-4o-mini'));
    assert.deepEqual(offered, [['llm-unlimited', 'master']], 'product-scoped before all-APIs');
    assert.equal(key.header, 'api-key');
    const secret = await sb.apim(service.subscriptionId).subscription.listSecrets(service.resourceGroup, service.name, 'llm-unlimited');
    assert.equal(key.value, secret.primaryKey);
    assert.equal(secrets.values.size, 1);
    assert.ok([...secrets.values.values()][0].includes(key.value));
  });

  void it("non-streamed: the answer and usage equal the mock model's, with limit headers and timing", async () => {
    const direct = await modelDirect(form);
    const outcome = await send(form);
    assert.equal(outcome.status, 200, outcome.error);
    assert.equal(outcome.streamed, false);
    assert.equal(outcome.answer.text, direct.text);
    assert.deepEqual(outcome.usage, extractUsage({ usage: direct.usage }));
    assert.equal(outcome.usage?.estimated, undefined);
    assert.equal(outcome.rateLimit.consumedTokens, outcome.usage?.totalTokens);
    assert.ok(outcome.rateLimit.remainingTokens !== undefined);
    assert.ok(outcome.timing.firstByteMs <= outcome.timing.totalMs);
  });

  void it("streamed: text arrives in several deltas and the usage from the final chunk equals the mock model's", async () => {
    const direct = await modelDirect(form);
    const deltas: string[] = [];
    const outcome = await send({ ...form, stream: true }, key, target, { onText: (d: string) => deltas.push(d) });
    assert.equal(outcome.status, 200, outcome.error);
    assert.equal(outcome.streamed, true);
    assert.ok(deltas.length > 1, 'a stream delivers the answer in pieces');
    assert.equal(deltas.join(''), direct.text);
    assert.deepEqual(outcome.usage, extractUsage({ usage: direct.usage }));
    assert.ok(outcome.timing.firstTokenMs !== undefined && outcome.timing.firstTokenMs <= outcome.timing.totalMs);
  });

  void it('token limit: 429 with Retry-After explained, then success once Retry-After has passed', async () => {
    const ctx = sb.sandbox.context;
    let now = Date.now();
    setGatewayClock(ctx, () => now);
    // The seed's own policy with a limit low enough to bite within a few sample requests.
    const lowLimit = llmApiPolicy('openai-chat-backend').replace('tokens-per-minute="5000"', 'tokens-per-minute="100"');
    assert.ok(lowLimit.includes('tokens-per-minute="100"'));
    await sb
      .apim(service.subscriptionId)
      .apiPolicy.createOrUpdate(
        service.resourceGroup,
        service.name,
        api.apiId,
        'policy',
        { format: 'rawxml', value: lowLimit },
        { ifMatch: '*' },
      );
    let limited: ConsoleOutcome | undefined;
    for (let i = 0; i < 10 && !limited; i++) {
      const outcome = await send(form);
      if (outcome.status === 429) limited = outcome;
      else assert.equal(outcome.status, 200, outcome.error);
    }
    assert.ok(limited, 'the limit of 100 tokens per minute must bite within 10 requests');
    const wait = limited.rateLimit.retryAfterSeconds;
    assert.ok(wait !== undefined && wait > 0 && wait <= 60, `Retry-After ${wait}`);
    assert.match(limited.error ?? '', new RegExp(`token limit was reached\\. Retry after ${wait} s`));
    assert.equal(limited.usage, undefined);
    now += wait * 1000;
    const again = await send(form);
    assert.equal(again.status, 200, again.error);
  });

  void it('missing key and wrong key: 401 naming the header the API expects', async () => {
    const missing = await send(form, null);
    assert.equal(missing.status, 401);
    assert.match(missing.error ?? '', /got no subscription key\. This API expects it in the "api-key" header/);
    const wrong = await send(form, { ...key, value: 'not-a-key' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.error ?? '', /refused the subscription key.*"api-key" header/);
  });

  void it('Azure OpenAI behind managed identity without the role: 401 naming the role, then 200 with it', async () => {
    const store = sb.sandbox.context.store;
    const svcRes = store.get(service.id)!;
    const principalId = 'bbbbbbbb-0000-4000-8000-00000000c0de';
    store.put({ ...svcRes, identity: { type: 'SystemAssigned', principalId, tenantId: sb.connection.tenantId } });
    const accountId = `/subscriptions/${service.subscriptionId}/resourceGroups/${service.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/console-aoai`;
    const endpoint = `${sb.sandbox.context.origin}/aoai/console-aoai/`;
    store.put({
      id: accountId,
      name: 'console-aoai',
      type: 'Microsoft.CognitiveServices/accounts',
      kind: 'OpenAI',
      location: 'swedencentral',
      properties: { endpoint, endpoints: { 'OpenAI Language Model Instance API': endpoint } },
    });
    store.put({
      id: `${accountId}/deployments/gpt-4o`,
      name: 'gpt-4o',
      type: 'Microsoft.CognitiveServices/accounts/deployments',
      properties: { model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' } },
    });
    store.put({
      id: `${service.id}/backends/console-aoai`,
      name: 'console-aoai',
      type: 'Microsoft.ApiManagement/service/backends',
      properties: { url: `${endpoint}openai`, protocol: 'http' },
    });
    const aoaiApiId = `${service.id}/apis/console-aoai`;
    store.put({
      id: aoaiApiId,
      name: 'console-aoai',
      type: 'Microsoft.ApiManagement/service/apis',
      properties: {
        displayName: 'Console AOAI',
        path: 'console-aoai/openai',
        serviceUrl: `${endpoint}openai`,
        subscriptionRequired: true,
        subscriptionKeyParameterNames: { header: 'api-key', query: 'subscription-key' },
        isCurrent: true,
      },
    });
    store.put({
      id: `${aoaiApiId}/operations/chat`,
      name: 'chat',
      type: 'Microsoft.ApiManagement/service/apis/operations',
      properties: { displayName: 'chat', method: 'POST', urlTemplate: '/deployments/{deployment-id}/chat/completions' },
    });
    store.put({
      id: `${aoaiApiId}/policies/policy`,
      name: 'policy',
      type: 'Microsoft.ApiManagement/service/apis/policies',
      properties: {
        format: 'rawxml',
        value:
          '<policies><inbound><base /><set-backend-service backend-id="console-aoai" /><authentication-managed-identity resource="https://cognitiveservices.azure.com" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>',
      },
    });

    const aoaiApi = (await getApi(clients, service, 'console-aoai'))!;
    const aoaiTarget = await loadConsoleTarget(clients, aoaiApi, log);
    assert.equal(aoaiTarget.kind, 'azureOpenAi');
    assert.deepEqual(aoaiTarget.deployments, ['gpt-4o']);
    const masterKey = (await new SubscriptionKeyResolver(
      () => clients,
      new MemorySecrets(),
      () => Promise.resolve(undefined),
    ).resolve(aoaiApi))!;
    assert.equal(masterKey.subscriptionName, 'master', 'only the all-access subscription covers the new API');
    const aoaiForm: ChatForm = { ...DEFAULT_CHAT_FORM, deployment: 'gpt-4o' };

    const denied = await send(aoaiForm, masterKey, aoaiTarget);
    assert.equal(denied.status, 401);
    assert.match(denied.error ?? '', /refused the gateway's identity.*"Cognitive Services OpenAI User" role/);

    store.put({
      id: `${accountId}/providers/Microsoft.Authorization/roleAssignments/console-ra`,
      name: 'console-ra',
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        roleDefinitionId: `/subscriptions/${service.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd`,
        principalId,
        principalType: 'ServicePrincipal',
        scope: accountId,
      },
    });
    const allowed = await send({ ...aoaiForm, stream: true }, masterKey, aoaiTarget);
    assert.equal(allowed.status, 200, allowed.error);
    assert.ok(allowed.answer.text.length > 0);
    assert.ok(allowed.usage && !allowed.usage.estimated, 'Azure OpenAI streams usage with include_usage');

    const wrongDeployment = await send({ ...aoaiForm, deployment: 'gpt-9' }, masterKey, aoaiTarget);
    assert.equal(wrongDeployment.status, 404);
    assert.match(wrongDeployment.error ?? '', /deployment "gpt-9" does not exist/);
  });
});
