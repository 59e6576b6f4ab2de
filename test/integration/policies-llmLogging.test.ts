// LLM logging with the real SDK pipeline against the sandbox: "Log prompts and completions" becomes the API's
// `azuremonitor` diagnostic with `largeLanguageModel`, written at 2024-10-01-preview (the SDK's 2024-05-01 has no such
// field) and merged into an existing diagnostic without losing its other settings; a fault rolls back to the state before.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { AzureClients } from '../../src/azure/clients';
import type { LmApiPolicies } from '../../src/domain/import/lmApiForm';
import { formFor, gatewayService, sandboxClients, stateOf } from './helpers/lmImport';
import { lastEvent, recordingWizard } from './helpers/recordingWizard';
import { sandboxPerSuite } from './helpers/sandbox';

interface Diagnostic {
  readonly properties: { readonly loggerId: string; readonly largeLanguageModel?: unknown; readonly alwaysLog?: string };
}

void describe('LLM logging on the API diagnostic', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let clients: AzureClients;
  const wizard = () => recordingWizard(clients, service, { subscriptionIds: () => Promise.resolve(sb.connection.subscriptionIds) });
  const policies: LmApiPolicies = { llmLogging: { promptBytes: 4096, completionBytes: 0 } };
  const input = (path: string) => ({
    mode: 'languageModel',
    form: formFor('gemini', sb, { displayName: `Logs ${path}`, path, url: sb.connection.geminiEndpoint, products: [], policies }),
    onExisting: 'conflict',
  });
  const diagnostic = async (apiId: string, apiVersion: string) =>
    (await sb.arm(`${service.id}/apis/${apiId}/diagnostics/azuremonitor?api-version=${apiVersion}`)).json<Diagnostic>();

  before(async () => {
    service = await gatewayService(sb);
    clients = sandboxClients(sb);
  });

  void it('missing → Review lists the diagnostic → Create writes largeLanguageModel, which an older api-version does not show', async () => {
    const w = wizard();
    await w.controller.handle({ type: 'review', requestId: 1, input: input('logs-it'), key: sb.connection.modelKey });
    const review = lastEvent(w.events, 'reviewReady')?.review;
    assert.equal(review?.steps.find((s) => s.id === 'apiDiagnostic:logs-logs-it/azuremonitor')?.action, 'create', JSON.stringify(w.events));
    await w.controller.handle({ type: 'create', requestId: 2, input: input('logs-it'), key: sb.connection.modelKey });
    assert.equal(lastEvent(w.events, 'finished')?.outcome.status, 'succeeded', JSON.stringify(w.events));
    const written = await diagnostic('logs-logs-it', '2024-10-01-preview');
    assert.deepEqual(written.properties.largeLanguageModel, {
      logs: 'enabled',
      requests: { messages: 'all', maxSizeInBytes: 4096 },
      responses: { messages: 'none' },
    });
    assert.equal(written.properties.loggerId.split('/').pop(), 'azuremonitor');
    assert.equal((await diagnostic('logs-logs-it', '2024-05-01')).properties.largeLanguageModel, undefined);
  });

  void it('present → reused on a second Review', async () => {
    const w = wizard();
    await w.controller.handle({ type: 'review', requestId: 3, input: input('logs-it'), key: sb.connection.modelKey });
    assert.equal(
      lastEvent(w.events, 'reviewReady')?.review.steps.find((s) => s.id === 'apiDiagnostic:logs-logs-it/azuremonitor')?.action,
      'skip',
    );
  });

  void it('a fault at the diagnostic step, then Rollback, leaves the state as it was', async () => {
    const before = await stateOf(sb);
    const w = wizard();
    await sb.hooks.addFault({
      method: 'PUT',
      path: '/diagnostics/azuremonitor',
      times: 1,
      status: 400,
      body: { error: { code: 'InjectedFault', message: 'Injected.' } },
    });
    try {
      await w.controller.handle({ type: 'create', requestId: 4, input: input('logs-fault'), key: sb.connection.modelKey });
      assert.equal(lastEvent(w.events, 'finished')?.outcome.status, 'failed');
      await w.controller.handle({ type: 'rollback', requestId: 5 });
      assert.equal(lastEvent(w.events, 'rolledBack')?.complete, true);
      assert.deepEqual(await stateOf(sb), before);
    } finally {
      await sb.hooks.clearFaults();
    }
  });

  void it('byte limits out of range are refused with one sentence and nothing is written', async () => {
    const before = await stateOf(sb);
    const w = wizard();
    const bad = {
      ...input('logs-bad'),
      form: { ...input('logs-bad').form, policies: { llmLogging: { promptBytes: 300_000, completionBytes: 0 } } },
    };
    await w.controller.handle({ type: 'create', requestId: 6, input: bad, key: sb.connection.modelKey });
    assert.match(
      lastEvent(w.events, 'invalid')?.errors['policies.promptBytes'] ?? '',
      /^The bytes of prompts to log must be a whole number from 0 to 262,144/,
    );
    assert.deepEqual(await stateOf(sb), before);
  });
});
