// Microsoft Foundry's model-in-the-body APIs after the wizard, outside the console: the tree lists an Azure OpenAI v1
// API (managed identity) and a model inference API (the account's key, so no managed-identity policy to go by) under
// "LLM APIs" as Azure OpenAI; deleting the v1 API offers its own backend and nothing of the other API, which keeps
// answering through the gateway.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deleteApiAndDependencies, findExclusiveDependencies } from '../../src/apim/apiDeletion';
import { getApi } from '../../src/apim/apis';
import { listBackends } from '../../src/apim/backends';
import type { ServiceRef } from '../../src/apim/refs';
import { aoaiResourceNames } from '../../src/domain/import/azureOpenAi/names';
import { ApiNode } from '../../src/explorer/ApiNode';
import { ExplorerModel } from '../../src/explorer/ExplorerModel';
import { accountId, aoaiForm, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard } from './helpers/aoaiWizardImport';
import { recordingHost, sandboxClients } from './helpers/azureClients';
import { demoServiceId, sandboxPerSuite } from './helpers/sandbox';

let service: ServiceRef;
const sb = sandboxPerSuite({}, async (started) => {
  service = await serviceRef(started, 'aiGateway');
});

const V1 = { displayName: 'Foundry v1 life', basePath: 'life', path: 'life/openai/v1' } as const;
const INFERENCE = { displayName: 'Foundry inference life', basePath: 'life-inf', path: 'life-inf/models' } as const;

void describe('Foundry v1 and model inference APIs in the tree and on delete', () => {
  void it('imports both, lists them as Azure OpenAI LLM APIs, and deleting v1 leaves model inference working', async () => {
    for (const [api, compatibility, auth] of [
      [V1, 'v1', 'managedIdentity'],
      [INFERENCE, 'modelInference', 'apiKey'],
    ] as const) {
      const form = aoaiForm(accountId(sb, 'aiServices'), { ...api, compatibility, auth });
      const run = await importThroughWizard(sb, service, { form, onExisting: 'conflict' });
      assert.equal(run.outcome.status, 'succeeded', describeWizardOutcome(run.outcome));
    }

    const clients = sandboxClients(sb);
    const model = new ExplorerModel(recordingHost(clients), { subscriptions: () => clients.listSubscriptions() }, () => undefined);
    const node = await model.findService(demoServiceId(sb, 'aiGateway'));
    assert.ok(node);
    const llm = (await node.llmGroup.children()).filter((n): n is ApiNode => n instanceof ApiNode);
    for (const api of [V1, INFERENCE]) {
      const row = llm.find((n) => n.api.apiId === aoaiResourceNames(api.displayName).apiId);
      assert.ok(row, `${api.displayName} is under LLM APIs: ${llm.map((n) => n.api.apiId).join(', ')}`);
      assert.equal(row.item().description, 'Azure OpenAI');
      assert.equal(row.item().contextValue, 'aiGateway.api;llm');
    }

    const v1 = { service, apiId: aoaiResourceNames(V1.displayName).apiId };
    const inference = aoaiResourceNames(INFERENCE.displayName);
    const deps = await findExclusiveDependencies(clients, v1);
    assert.deepEqual(
      deps.backends.map((b) => b.name),
      [aoaiResourceNames(V1.displayName).backendId],
    );
    assert.deepEqual(deps.namedValues, [], 'managed identity: no key to delete');
    await deleteApiAndDependencies(clients, v1, deps);
    assert.equal(await getApi(clients, service, v1.apiId).catch((e: { statusCode?: number }) => e.statusCode), 404);
    const backends = (await listBackends(clients, service)).map((b) => b.name);
    assert.ok(!backends.includes(aoaiResourceNames(V1.displayName).backendId));
    assert.ok(backends.includes(inference.backendId), 'the other API keeps its backend');

    const key = await masterKey(sb, service);
    const answer = await sb.http(`${service.gatewayUrl}/${INFERENCE.path}/chat/completions?api-version=2024-05-01-preview`, {
      method: 'POST',
      headers: { 'api-key': key },
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Still there?' }], max_tokens: 20 },
    });
    assert.equal(answer.status, 200, answer.text);
    const deleted = await sb.http(`${service.gatewayUrl}/${V1.path}/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': key },
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello?' }] },
    });
    assert.equal(deleted.status, 404, deleted.text);
  });
});
