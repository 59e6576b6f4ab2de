// The console's host logic end to end without VS Code: webview messages in, protocol events out, against the
// sandbox gateway with the real SDK clients. Checks the order of streamed events, history and totals, and that no
// key leaves the host except through "Reveal".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getApi, type ApiSummary } from '../../src/apim/apis';
import { listServices } from '../../src/apim/services';
import { createAzureClients } from '../../src/azure/clientFactory';
import { sandboxCloud } from '../../src/azure/clouds';
import { TestConsoleController } from '../../src/testConsole/testConsoleController';
import type { SecretStore } from '../../src/testConsole/subscriptionKeys';
import type { ApimSubscriptionSummary } from '../../src/apim/subscriptions';
import type { ConsoleEvent, ConsoleInitialState, HistoryEntry } from '../../src/protocol/testConsole';
import { DEMO_NAMES, withSandbox, type SandboxHarness } from './helpers/sandbox';

const log = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

void describe('test console controller over the sandbox', () => {
  let sb: SandboxHarness;
  let api: ApiSummary;
  let controller: TestConsoleController;
  const events: ConsoleEvent[] = [];
  const secrets = new Map<string, string>();
  let history: readonly HistoryEntry[] = [];
  const copied: string[] = [];
  const opened: string[] = [];
  let key = '';
  let choose = (candidates: readonly ApimSubscriptionSummary[]): ApimSubscriptionSummary | undefined => candidates[0];

  const waitFor = async <T extends ConsoleEvent['type']>(type: T, requestId?: string): Promise<Extract<ConsoleEvent, { type: T }>> => {
    for (let i = 0; i < 500; i++) {
      const e = events.find((x) => x.type === type && (!requestId || ('requestId' in x && x.requestId === requestId)));
      if (e) return e as Extract<ConsoleEvent, { type: T }>;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${type} event`);
  };

  before(async () => {
    sb = await withSandbox();
    const clients = createAzureClients({
      cloud: sandboxCloud(sb.connection.armEndpoint),
      credential: sb.credential,
      caPem: [sb.ca],
      version: 'test',
    });
    const services = (await Promise.all(sb.connection.subscriptionIds.map((s) => listServices(clients, s)))).flat();
    const service = services.find((s) => s.name === DEMO_NAMES.aiGateway.service)!;
    api = (await getApi(clients, service, 'openai-chat'))!;
    key = (await sb.apim(service.subscriptionId).subscription.listSecrets(service.resourceGroup, service.name, 'llm-unlimited'))
      .primaryKey!;
    const store: SecretStore = {
      get: (k) => Promise.resolve(secrets.get(k)),
      store: (k, v) => Promise.resolve(void secrets.set(k, v)),
      delete: (k) => Promise.resolve(void secrets.delete(k)),
    };
    controller = new TestConsoleController(api, {
      clients: () => clients,
      secrets: store,
      chooseSubscription: (candidates) => Promise.resolve(choose(candidates)),
      transport: () => ({ extraCaPem: clients.extraCaPem }),
      post: (e) => events.push(e),
      log,
      loadHistory: () => history,
      saveHistory: (h) => Promise.resolve(void (history = h)),
      copyText: (text) => Promise.resolve(void copied.push(text)),
      openHttpFile: (text) => Promise.resolve(void opened.push(text)),
    });
  });
  after(async () => {
    controller.dispose();
    await sb.close();
  });

  let init: ConsoleInitialState;

  void it('ready → init with the seed sample prefilled, then the key state', async () => {
    await controller.handle({ type: 'ready' });
    init = (await waitFor('init')).state;
    assert.equal(init.api.kind, 'openai');
    assert.equal(init.api.keyHeader, 'api-key');
    assert.equal(init.defaults.systemMessage, 'You are a helpful assistant');
    assert.equal(init.defaults.userMessage, 'How are you?');
    assert.equal(init.defaults.maxTokens, 50);
    assert.equal(init.defaults.model, 'gpt-4o-mini');
    assert.equal(init.startMode, 'form');
    const keyEvent = await waitFor('key');
    assert.deepEqual(keyEvent.key, { state: 'ready', subscription: 'LLM developers (Unlimited)' });
  });

  void it('send (streamed): started, response and text events come before done; totals and history follow', async () => {
    await controller.handle({ type: 'send', requestId: 'r-1', input: { mode: 'form', form: { ...init.defaults, stream: true } } });
    const done = await waitFor('done', 'r-1');
    const order = events.filter((e) => 'requestId' in e && e.requestId === 'r-1').map((e) => e.type);
    assert.equal(order[0], 'started');
    assert.equal(order[1], 'response');
    assert.ok(order.filter((t) => t === 'text').length > 1);
    assert.equal(order.at(-1), 'done');
    const streamed = events
      .filter((e): e is Extract<ConsoleEvent, { type: 'text' }> => e.type === 'text' && e.requestId === 'r-1')
      .map((e) => e.delta)
      .join('');
    assert.equal(streamed, done.outcome.text);
    assert.ok(done.outcome.usage && !done.outcome.usage.estimated);
    assert.equal(done.totals.requests, 1);
    assert.deepEqual(
      done.totals.perRequest.map((p) => p.prompt + p.completion),
      [done.outcome.usage.totalTokens],
    );
    assert.equal(history.length, 1);
    assert.equal(history[0].label, 'How are you?');
  });

  void it('stop: a request held by a delay fault ends as stopped', async () => {
    await sb.hooks.addFault({ path: '/gateway/contoso-ai-gateway/llm/openai/chat/completions', delayMs: 30_000, times: 1 });
    const pending = controller.handle({ type: 'send', requestId: 'r-2', input: { mode: 'form', form: init.defaults } });
    await waitFor('started', 'r-2');
    await controller.handle({ type: 'stop', requestId: 'r-2' });
    await pending;
    await waitFor('stopped', 'r-2');
    await sb.hooks.clearFaults();
  });

  void it('raw response on demand; curl and .http use a variable; the key leaves only through Reveal', async () => {
    await controller.handle({ type: 'showRaw', requestId: 'r-1' });
    const raw = await waitFor('raw', 'r-1');
    assert.match(raw.body, /data: \[DONE\]/);
    await controller.handle({ type: 'copyCurl', input: { mode: 'form', form: init.defaults } });
    await controller.handle({ type: 'openHttp', input: { mode: 'form', form: init.defaults } });
    assert.match(copied[0], /-H "api-key: \$APIM_KEY"/);
    assert.match(opened[0], /api-key: \{\{apiKey\}\}/);
    const everythingPosted = JSON.stringify(events) + JSON.stringify(history) + copied.join('') + opened.join('');
    assert.ok(!everythingPosted.includes(key), 'no key in events, history or shared text');
    await controller.handle({ type: 'revealKey' });
    assert.equal((await waitFor('keyRevealed')).key, key);
    assert.ok(
      [...secrets.values()].some((v) => v.includes(key)),
      'the key is cached in the secret store',
    );
  });

  void it('invalid input is refused before sending; malformed messages are ignored', async () => {
    const before = events.length;
    await controller.handle({ type: 'send', requestId: 'r-3', input: { mode: 'form', form: { ...init.defaults, model: '' } } });
    assert.match((await waitFor('failed', 'r-3')).message, /No model is set/);
    await controller.handle({ type: 'send', requestId: 'bad id', input: {} });
    assert.equal(events.length, before + 1);
    await controller.handle({ type: 'copyCurl', input: { mode: 'form', form: { ...init.defaults, userMessage: ' ' } } });
    assert.match((await waitFor('notice')).message, /^The user message is empty\. Write a message to send\.$/);
  });

  void it('change subscription: the chosen one is used; cancelling keeps the current one', async () => {
    const keyEvents = (): string[] =>
      events.filter((e): e is Extract<ConsoleEvent, { type: 'key' }> => e.type === 'key').map((e) => e.key.subscription ?? e.key.state);
    choose = (candidates) => candidates.find((c) => c.name === 'master');
    await controller.handle({ type: 'chooseKey' });
    assert.equal(keyEvents().at(-1), 'Built-in all-access subscription');
    choose = () => undefined;
    await controller.handle({ type: 'chooseKey' });
    assert.equal(keyEvents().at(-1), 'Built-in all-access subscription');
    await controller.handle({ type: 'send', requestId: 'r-4', input: { mode: 'form', form: init.defaults } });
    assert.equal((await waitFor('done', 'r-4')).outcome.status, 200);
  });
});
