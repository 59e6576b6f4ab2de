// Every provider preset, as a chat-completions and as a passthrough API, imported into the sandbox with the real SDK.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { apimStepHandlers } from '../../src/apim/apimStepHandlers';
import { executePlan, rollbackJournal } from '../../src/apim/importExecutor';
import type { ServiceRef } from '../../src/apim/refs';
import { LM_API_TYPES } from '../../src/domain/import/lmApiForm';
import { buildLmApiPlan } from '../../src/domain/import/lmApiPlan';
import { PROVIDER_PRESETS, formatKeyHeaderValue } from '../../src/domain/import/providers';
import { lmApiResourceNames } from '../../src/domain/import/resourceNames';
import { validateLmApiForm } from '../../src/domain/import/validation';
import { apiPolicyXml, formFor, gatewayService, stateOf, stepContext } from './helpers/lmImport';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

void describe('Language Model API import: every preset and type', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  const { resourceGroup, service: serviceName } = DEMO_NAMES.aiGateway;
  before(async () => {
    service = await gatewayService(sb);
  });

  for (const preset of PROVIDER_PRESETS) {
    for (const type of LM_API_TYPES) {
      void it(`${preset.label}, ${type}`, async () => {
        const before = await stateOf(sb);
        const form = formFor(preset.id, sb, { displayName: `${preset.label} ${type}`, path: `it/${preset.id}/${type}`, type });
        const key = `sk-${preset.id}-secret`;
        assert.deepEqual(validateLmApiForm(form, {}, key), {});
        const plan = buildLmApiPlan(form, { hasKey: true, onExisting: 'conflict' });
        const ctx = stepContext(sb, service, key);
        const result = await executePlan(plan, apimStepHandlers, ctx);
        assert.equal(result.status, 'succeeded', JSON.stringify(result));

        const { apiId, backendId, namedValueId } = lmApiResourceNames(form.displayName);
        const client = sb.apim();
        const api = await client.api.get(resourceGroup, serviceName, apiId);
        assert.equal(api.displayName, form.displayName);
        assert.equal(api.path, form.path);
        assert.equal(api.subscriptionKeyParameterNames?.header, 'api-key');
        const ops = [];
        for await (const op of client.apiOperation.listByApi(resourceGroup, serviceName, apiId)) ops.push(`${op.method} ${op.urlTemplate}`);
        assert.deepEqual(
          ops.sort(),
          type === 'chat-completions'
            ? ['POST /chat/completions']
            : ['DELETE /*', 'GET /*', 'HEAD /*', 'OPTIONS /*', 'PATCH /*', 'POST /*', 'PUT /*'],
        );

        const backend = await client.backend.get(resourceGroup, serviceName, backendId);
        assert.equal(backend.url, form.url.replace(/\/+$/, ''));
        assert.deepEqual(backend.credentials?.header, { [preset.keyHeader.name]: [`{{${namedValueId}}}`] });
        const nv = await client.namedValue.get(resourceGroup, serviceName, namedValueId);
        assert.equal(nv.secret, true);
        assert.equal(nv.value, undefined, 'a secret value is never returned by GET');
        const stored = await client.namedValue.listValue(resourceGroup, serviceName, namedValueId);
        assert.equal(stored.value, formatKeyHeaderValue(preset.keyHeader.valueFormat, key));

        assert.match((await apiPolicyXml(sb, apiId)) ?? '', new RegExp(`<set-backend-service backend-id="${backendId}"`));
        assert.equal((await client.productApi.checkEntityExists(resourceGroup, serviceName, 'starter', apiId)).body, true);

        // Leave the instance as it was for the next case, which also proves rollback of a complete import.
        const rollback = await rollbackJournal(result.journal, apimStepHandlers, ctx);
        assert.equal(rollback.failed.length, 0);
        assert.deepEqual(await stateOf(sb), before);
      });
    }
  }

  void it('a provider without a key (Ollama) gets no named value and no credentials header', async () => {
    const form = formFor('ollama', sb, { displayName: 'Local llama', path: 'it/local-llama', url: sb.connection.modelEndpoint });
    assert.deepEqual(validateLmApiForm(form, {}, ''), {});
    const result = await executePlan(
      buildLmApiPlan(form, { hasKey: false, onExisting: 'conflict' }),
      apimStepHandlers,
      stepContext(sb, service, undefined),
    );
    assert.equal(result.status, 'succeeded');
    const backend = await sb.apim().backend.get(resourceGroup, serviceName, 'local-llama-backend');
    assert.equal(backend.credentials, undefined);
    await assert.rejects(sb.apim().namedValue.get(resourceGroup, serviceName, 'local-llama-key'), { statusCode: 404 });
  });
});
