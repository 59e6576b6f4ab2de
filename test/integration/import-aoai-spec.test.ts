// "From the OpenAPI spec" against the sandbox: every bundled GA version imports with exactly its operations and its
// servers pointed at the account; a local YAML file imports too; a chat call works through a spec-imported API. Each
// import goes through the wizard's real controller (Review, then Create), as a user runs it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify as toYaml } from 'yaml';
import type { ServiceRef } from '../../src/apim/refs';
import { buildInferenceSpec } from '../../src/domain/import/azureOpenAi/inferenceSpec';
import { INFERENCE_API_VERSIONS, inferenceOperationsOf, inferencePath } from '../../src/domain/import/azureOpenAi/inferenceVersions';
import { accountId, aoaiForm, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard, reviewThroughWizard, stepKinds } from './helpers/aoaiWizardImport';
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
      const apiId = `aoai-${version}`;
      const form = aoaiForm(accountId(sb, 'openai'), {
        mode: 'spec',
        auth: 'none',
        spec: { kind: 'bundled', version },
        displayName: `AOAI ${version}`,
        basePath: `spec/${version}`,
      });
      const { review, outcome } = await importThroughWizard(sb, service, { form, onExisting: 'conflict' });
      assert.deepEqual(stepKinds(review), ['api']);
      assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
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
    const form = aoaiForm(accountId(sb, 'openai'), {
      mode: 'spec',
      auth: 'none',
      spec: { kind: 'bundled', version: '2023-05-15' },
      displayName: 'AOAI 2024-10-21',
      basePath: 'spec/2024-10-21',
      description: 'Back to 2023-05-15',
    });
    const before = await sb.hooks.state();
    const conflicted = await importThroughWizard(sb, service, { form, onExisting: 'conflict' });
    assert.deepEqual(
      conflicted.review.steps.filter((s) => s.action === 'conflict').map((s) => s.id),
      ['api:aoai-2024-10-21'],
    );
    assert.equal(conflicted.review.hasConflicts, true);
    assert.equal(conflicted.outcome.status, 'conflict');
    assert.deepEqual(await sb.hooks.state(), before, 'nothing was written');

    const { outcome } = await importThroughWizard(sb, service, { form, onExisting: 'update' });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    const api = await sb.apim(service.subscriptionId).api.get(service.resourceGroup, service.name, 'aoai-2024-10-21');
    assert.equal(api.description, 'Back to 2023-05-15');
    assert.equal((await operationsOf('aoai-2024-10-21')).length, 3);
  });

  void it('a local YAML file imports with its operations, shown in Review before anything is written', async () => {
    const yamlText = toYaml(buildInferenceSpec('2023-05-15'));
    const form = aoaiForm(accountId(sb, 'openai'), {
      mode: 'spec',
      spec: { kind: 'file', fileName: 'inference.yaml' },
      displayName: 'AOAI from YAML',
      basePath: 'yaml',
    });
    const shown = await reviewThroughWizard(sb, service, { form, fileText: yamlText, onExisting: 'conflict' });
    assert.match(shown.steps.find((s) => s.id.startsWith('api:'))!.title, /with 3 operations from inference\.yaml/);
    const { outcome } = await importThroughWizard(sb, service, { form, fileText: yamlText, onExisting: 'conflict' });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
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
      mode: 'spec',
      spec: { kind: 'file', fileName: 'notes.yaml' },
      displayName: 'Broken',
      basePath: 'broken',
    });
    await assert.rejects(
      reviewThroughWizard(sb, service, { form, fileText: 'just: text\n', onExisting: 'conflict' }),
      /notes\.yaml has no "openapi": "3\.x" or "swagger": "2\.0" field\. Choose/,
    );
    assert.equal((await sb.hooks.state()).resources.length, before.resources.length);
  });

  void it('stops on a base path another API already uses, before any write', async () => {
    const form = aoaiForm(accountId(sb, 'openai'), { displayName: 'Clash', basePath: 'spec/2024-10-21' });
    const before = await sb.hooks.state();
    await assert.rejects(
      importThroughWizard(sb, service, { form, onExisting: 'conflict' }),
      /Another API of this instance already uses the path "spec\/2024-10-21\/openai"\. Choose a different path\./,
    );
    assert.deepEqual(await sb.hooks.state(), before, 'nothing was written');
  });
});
