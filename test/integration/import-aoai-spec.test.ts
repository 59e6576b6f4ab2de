// "From the OpenAPI spec" against the sandbox: every bundled GA version imports with exactly its operations and its
// servers pointed at the account; a local YAML file imports too; a chat call works through a spec-imported API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { prepareAoaiImport, runAoaiImport } from '../../src/apim/azureOpenAiImport';
import type { ServiceRef } from '../../src/apim/refs';
import { buildInferenceSpec } from '../../src/domain/import/azureOpenAi/inferenceSpec';
import { INFERENCE_API_VERSIONS, inferenceOperationsOf, inferencePath } from '../../src/domain/import/azureOpenAi/inferenceVersions';
import { accountId, aoaiForm, clientsOf, describeOutcome, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { sandboxPerSuite } from './helpers/sandbox';

let service: ServiceRef;
const sb = sandboxPerSuite({}, async (started) => {
  service = await serviceRef(started, 'aiGateway');
});

async function operationsOf(apiId: string): Promise<string[]> {
  const out: string[] = [];
  for await (const op of sb.apim(service.subscriptionId).apiOperation.listByApi(service.resourceGroup, service.name, apiId)) {
    out.push(`${op.method} ${op.urlTemplate}`);
  }
  return out.sort();
}

void describe('Import Azure OpenAI from the OpenAPI spec', () => {
  for (const version of INFERENCE_API_VERSIONS) {
    void it(`bundled ${version}: the API has exactly that version's operations and points at the account`, async () => {
      const clients = clientsOf(sb);
      const apiId = `aoai-${version}`;
      const form = aoaiForm(accountId(sb, 'openai'), {
        mode: 'spec',
        auth: 'none',
        spec: { kind: 'bundled', version },
        displayName: `AOAI ${version}`,
        basePath: `spec/${version}`,
      });
      const prepared = await prepareAoaiImport(clients, service, { form, onExisting: 'conflict' });
      assert.deepEqual(
        prepared.plan.steps.map((s) => s.kind),
        ['apiImport'],
      );
      const outcome = await runAoaiImport(clients, service, prepared, { pollIntervalMs: 10 });
      assert.equal(outcome.status, 'succeeded', describeOutcome(outcome));
      const expected = inferenceOperationsOf(version)
        .map((o) => `POST ${inferencePath(o)}`)
        .sort();
      assert.deepEqual(await operationsOf(apiId), expected);
      const api = await sb.apim(service.subscriptionId).api.get(service.resourceGroup, service.name, apiId);
      assert.equal(api.path, `spec/${version}/openai`);
      assert.equal(api.serviceUrl, `${sb.sandbox.context.origin}/aoai/contoso-openai/openai`);
    });
  }

  void it('an existing API is never overwritten silently: a conflict first, then an update when the user chooses it', async () => {
    const clients = clientsOf(sb);
    const form = aoaiForm(accountId(sb, 'openai'), {
      mode: 'spec',
      auth: 'none',
      spec: { kind: 'bundled', version: '2023-05-15' },
      displayName: 'AOAI 2024-10-21',
      basePath: 'spec/2024-10-21',
      description: 'Back to 2023-05-15',
    });
    const before = await sb.hooks.state();
    const conflicted = await prepareAoaiImport(clients, service, { form, onExisting: 'conflict' });
    assert.deepEqual(
      conflicted.conflicts.map((c) => c.stepId),
      ['api:aoai-2024-10-21'],
    );
    assert.equal((await runAoaiImport(clients, service, conflicted)).status, 'conflict');
    assert.deepEqual(await sb.hooks.state(), before, 'nothing was written');

    const updating = await prepareAoaiImport(clients, service, { form, onExisting: 'update' });
    const outcome = await runAoaiImport(clients, service, updating, { pollIntervalMs: 10 });
    assert.equal(outcome.status, 'succeeded', describeOutcome(outcome));
    const api = await sb.apim(service.subscriptionId).api.get(service.resourceGroup, service.name, 'aoai-2024-10-21');
    assert.equal(api.description, 'Back to 2023-05-15');
    assert.equal((await operationsOf('aoai-2024-10-21')).length, 3);
  });

  void it('a local YAML file imports with its operations, shown in Review before anything is written', async () => {
    const clients = clientsOf(sb);
    const yamlText = toYaml(buildInferenceSpec('2023-05-15'));
    const form = aoaiForm(accountId(sb, 'openai'), {
      spec: { kind: 'file', fileName: 'inference.yaml' },
      displayName: 'AOAI from YAML',
      basePath: 'yaml',
    });
    const prepared = await prepareAoaiImport(clients, service, { form, fileText: yamlText, onExisting: 'conflict' });
    const review = prepared.plan.steps.find((s) => s.kind === 'apiImport')!;
    assert.match(review.title, /with 3 operations from inference\.yaml/);
    assert.equal(review.preview?.split('\n').length, 3);
    const outcome = await runAoaiImport(clients, service, prepared, { pollIntervalMs: 10 });
    assert.equal(outcome.status, 'succeeded', describeOutcome(outcome));
    assert.equal((await operationsOf('aoai-from-yaml')).length, 3);
    const r = await sb.http(`${service.gatewayUrl}/yaml/openai/deployments/gpt-4o-mini/chat/completions?api-version=2023-05-15`, {
      method: 'POST',
      headers: { 'api-key': await masterKey(sb, service) },
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    assert.equal(r.status, 200, r.text);
  });

  void it('refuses a file that is not an OpenAPI document before anything is written', async () => {
    const before = await sb.hooks.state();
    const form = aoaiForm(accountId(sb, 'openai'), {
      spec: { kind: 'file', fileName: 'notes.yaml' },
      displayName: 'Broken',
      basePath: 'broken',
    });
    await assert.rejects(
      prepareAoaiImport(clientsOf(sb), service, { form, fileText: 'just: text\n', onExisting: 'conflict' }),
      /notes\.yaml has no "openapi": "3\.x" or "swagger": "2\.0" field\. Choose/,
    );
    assert.equal((await sb.hooks.state()).resources.length, before.resources.length);
  });

  void it('stops on a base path another API already uses, before any write', async () => {
    const form = aoaiForm(accountId(sb, 'openai'), { displayName: 'Clash', basePath: 'spec/2024-10-21' });
    const prepared = await prepareAoaiImport(clientsOf(sb), service, { form, onExisting: 'conflict' });
    assert.equal(prepared.conflicts.length, 1);
    assert.equal(prepared.conflicts[0].blocking, true);
    assert.match(prepared.conflicts[0].summary, /already uses the path/);
    const outcome = await runAoaiImport(clientsOf(sb), service, prepared);
    assert.equal(outcome.status, 'conflict');
  });
});
