// Restoring a test console after a window reload, over the sandbox with the real SDK clients: the saved state is
// validated, the API is read again (it may be gone), the restored controller targets the same API and finds the key
// itself, and the state the page saves after a send holds no key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getApi } from '../../src/apim/apis';
import { getService } from '../../src/apim/services';
import { createAzureClients } from '../../src/azure/clientFactory';
import type { AzureClients } from '../../src/azure/clients';
import { sandboxCloud } from '../../src/azure/clouds';
import { restoreConsoleApi } from '../../src/testConsole/consoleRestore';
import type { SecretStore } from '../../src/testConsole/subscriptionKeys';
import { TestConsoleController } from '../../src/testConsole/testConsoleController';
import type { ConsoleEvent, HistoryEntry } from '../../src/protocol/testConsole';
import { parseConsolePersistedState, type ConsolePersistedState } from '../../src/protocol/testConsoleState';
import { DEMO_NAMES, demoServiceId, sandboxPerSuite } from './helpers/sandbox';

const warnings: string[] = [];
const log = {
  trace: () => undefined,
  info: () => undefined,
  warn: (m: string) => void warnings.push(m),
  error: (m: string) => void warnings.push(m),
};

void describe('test console restore over the sandbox', () => {
  const sb = sandboxPerSuite();
  const clientsOf = (): AzureClients =>
    createAzureClients({ cloud: sandboxCloud(sb.connection.armEndpoint), credential: sb.credential, caPem: [sb.ca], version: 'test' });
  const stateFor = (apiId: string, serviceId = demoServiceId(sb, 'aiGateway')): ConsolePersistedState => ({ target: { serviceId, apiId } });

  void it('a valid state restores the same API, read again from Azure', async () => {
    const clients = clientsOf();
    const restored = await restoreConsoleApi(() => clients, stateFor('openai-chat'), log);
    assert.ok(restored.ok, restored.ok ? '' : restored.message);
    const service = (await getService(clients, demoServiceId(sb, 'aiGateway')))!;
    assert.deepEqual(restored.api, await getApi(clients, service, 'openai-chat'));
    assert.equal(restored.api.service.id.toLowerCase(), demoServiceId(sb, 'aiGateway').toLowerCase());
  });

  void it('the restored controller targets the same API, finds the key itself, and the saved state holds no key', async () => {
    const clients = clientsOf();
    const restored = await restoreConsoleApi(() => clients, stateFor('openai-chat'), log);
    assert.ok(restored.ok);
    const events: ConsoleEvent[] = [];
    const secrets = new Map<string, string>();
    const store: SecretStore = {
      get: (k) => Promise.resolve(secrets.get(k)),
      store: (k, v) => Promise.resolve(void secrets.set(k, v)),
      delete: (k) => Promise.resolve(void secrets.delete(k)),
    };
    let history: readonly HistoryEntry[] = [];
    const controller = new TestConsoleController(restored.api, {
      clients: () => clients,
      secrets: store,
      chooseSubscription: (candidates) => Promise.resolve(candidates[0]),
      transport: () => ({ extraCaPem: clients.extraCaPem }),
      post: (e) => events.push(e),
      log,
      loadHistory: () => history,
      saveHistory: (h) => Promise.resolve(void (history = h)),
      copyText: () => Promise.resolve(),
      openHttpFile: () => Promise.resolve(),
    });
    try {
      await controller.handle({ type: 'ready' });
      const init = events.find((e): e is Extract<ConsoleEvent, { type: 'init' }> => e.type === 'init');
      assert.ok(init, `events: ${events.map((e) => e.type).join(', ')}`);
      assert.equal(init.state.api.apiId, 'openai-chat');
      assert.equal(init.state.api.instance, DEMO_NAMES.aiGateway.service);
      const key = events.find((e): e is Extract<ConsoleEvent, { type: 'key' }> => e.type === 'key');
      assert.equal(key?.key.state, 'ready', 'the key is found again through the subscriptions');

      const input = { mode: 'form' as const, form: { ...init.state.defaults, userMessage: 'Restored after a reload' } };
      await controller.handle({ type: 'send', requestId: 'r-1', input });
      const done = events.find((e): e is Extract<ConsoleEvent, { type: 'done' }> => e.type === 'done');
      assert.ok(done, `events: ${events.map((e) => (e.type === 'failed' ? e.message : e.type)).join(', ')}`);
      assert.equal(done.outcome.status, 200);

      // The key the send used (found through the subscriptions, kept in SecretStorage, never in the state).
      const keys = [...secrets.values()];
      assert.ok(keys.length > 0 && keys.every((k) => k.length >= 16), 'the key was found and stored in the secret store');
      // What the page saves after this send (webview-ui/testConsole/main.ts: the boot target and the inputs).
      const saved = JSON.stringify({
        target: { serviceId: restored.api.service.id, apiId: restored.api.apiId },
        view: { mode: 'form', form: input.form, raw: init.state.rawDefaults },
      });
      for (const key of keys) assert.ok(!saved.includes(key), 'no key in the saved state');
      const reparsed = parseConsolePersistedState(JSON.parse(saved));
      assert.ok(reparsed.ok);
      // Restoring that state again targets the same API.
      const again = await restoreConsoleApi(() => clients, reparsed.value, log);
      assert.ok(again.ok);
      assert.deepEqual([again.api.service.id, again.api.apiId], [restored.api.service.id, restored.api.apiId]);
    } finally {
      controller.dispose();
    }
  });

  void it('an API or an instance that is gone gives a message, not a crash', async () => {
    const clients = clientsOf();
    const noApi = await restoreConsoleApi(() => clients, stateFor('deleted-since'), log);
    assert.deepEqual(noApi, {
      ok: false,
      message: `Could not restore this test console: the API "deleted-since" no longer exists in "${DEMO_NAMES.aiGateway.service}". Close this tab, or open the test console for another API.`,
    });
    const otherService = demoServiceId(sb, 'aiGateway').replace(/[^/]+$/, 'deleted-apim');
    const noService = await restoreConsoleApi(() => clients, stateFor('openai-chat', otherService), log);
    assert.equal(noService.ok, false);
    assert.match(noService.ok ? '' : noService.message, /the API "openai-chat" no longer exists in "deleted-apim"/);
  });

  void it('without clients (signed out, sandbox stopped) the reason is shown', async () => {
    const restored = await restoreConsoleApi(
      () => {
        throw new Error('The local sandbox is not running. Run "AI Gateway: Start Local Sandbox" first.');
      },
      stateFor('openai-chat'),
      log,
    );
    assert.equal(restored.ok, false);
    assert.match(
      restored.ok ? '' : restored.message,
      /^Could not restore the test console for "openai-chat": The local sandbox is not running/,
    );
  });

  void it('a hostile state is refused before anything is asked of Azure', async () => {
    let asked = 0;
    const clients = (): AzureClients => {
      asked++;
      return clientsOf();
    };
    for (const state of [
      undefined,
      { target: { serviceId: demoServiceId(sb, 'aiGateway'), apiId: 'openai-chat' }, subscriptionKey: 'x' },
      { target: { serviceId: 'https://evil.example/x', apiId: 'a' } },
    ]) {
      const restored = await restoreConsoleApi(clients, state, log);
      assert.deepEqual(restored, {
        ok: false,
        message:
          'Could not restore this test console: its saved state is not valid. Close this tab and open the test console again from the API.',
      });
    }
    assert.equal(asked, 0);
    assert.ok(
      warnings.some((w) => w.includes('unexpected field "subscriptionKey"')),
      'the reason is in the log',
    );
  });
});
