// Microsoft Foundry's client compatibility choices: base path rules, backend URL suffixes and the bundled specs.
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { checkCompatBasePath, compatBackendUrl, specCompatibility } from '../../src/domain/import/azureOpenAi/compatibility';
import { compatibilityOf } from '../../src/domain/import/azureOpenAi/form';
import { buildInferenceSpec } from '../../src/domain/import/azureOpenAi/inferenceSpec';
import { buildFoundrySpec } from '../../src/domain/import/azureOpenAi/foundrySpec';
import { listSpecOperations } from '../../src/domain/import/azureOpenAi/openApiDocument';

void describe('Foundry client compatibility', () => {
  void it('fixes the base path to end in the choice suffix exactly once', () => {
    assert.equal(checkCompatBasePath('ai/foundry', 'v1').path, 'ai/foundry/openai/v1');
    assert.equal(checkCompatBasePath('ai/openai', 'v1').path, 'ai/openai/v1');
    assert.equal(checkCompatBasePath('/ai/openai/v1/', 'v1').path, 'ai/openai/v1');
    assert.equal(checkCompatBasePath('ai/openai/v1', 'v1').message, undefined);
    assert.equal(checkCompatBasePath('', 'v1').path, 'openai/v1');
    assert.equal(checkCompatBasePath('ai', 'modelInference').path, 'ai/models');
    assert.equal(checkCompatBasePath('ai/models', 'modelInference').path, 'ai/models');
    assert.equal(checkCompatBasePath('ai/aoai', 'azureOpenAi').path, 'ai/aoai/openai');
    assert.equal(checkCompatBasePath('a//b', 'v1').valid, false);
    assert.equal(checkCompatBasePath('a b', 'modelInference').valid, false);
  });

  void it('points the backend at the account endpoint plus the suffix', () => {
    assert.equal(compatBackendUrl('https://c.services.ai.azure.com/', 'v1'), 'https://c.services.ai.azure.com/openai/v1');
    assert.equal(compatBackendUrl('https://c.openai.azure.com/openai/', 'modelInference'), 'https://c.openai.azure.com/models');
    assert.equal(compatBackendUrl('https://c.openai.azure.com', 'azureOpenAi'), 'https://c.openai.azure.com/openai');
  });

  void it('generates the v1 and model inference operations, every $ref resolvable', () => {
    const v1 = buildFoundrySpec('v1');
    assert.deepEqual(
      listSpecOperations(v1).map((o) => `${o.method} ${o.path}`),
      ['POST /chat/completions', 'POST /responses', 'POST /embeddings', 'GET /models'],
    );
    const inference = buildFoundrySpec('modelInference');
    assert.deepEqual(
      listSpecOperations(inference).map((o) => `${o.method} ${o.path}`),
      ['POST /chat/completions', 'POST /embeddings', 'GET /info'],
    );
    for (const doc of [v1, inference]) {
      const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
      for (const m of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) assert.ok(schemas[m[1]], m[1]);
    }
  });
});

void test('the spec mode takes its compatibility from the document, never from a choice on a bundled version', () => {
  const v3 = (url: string) => ({ openapi: '3.0.0', servers: [{ url }], paths: {} });
  assert.equal(specCompatibility(buildInferenceSpec('2024-10-21')), 'azureOpenAi');
  assert.equal(specCompatibility(buildFoundrySpec('v1')), 'v1');
  assert.equal(specCompatibility(buildFoundrySpec('modelInference')), 'modelInference');
  assert.equal(specCompatibility(v3('{endpoint}/openai/v1/')), 'v1');
  assert.equal(specCompatibility(v3('https://{endpoint}/openai')), 'azureOpenAi');
  assert.equal(specCompatibility({ swagger: '2.0', basePath: '/models', paths: {} }), 'modelInference');
  assert.equal(specCompatibility({ openapi: '3.0.0', paths: {} }), 'azureOpenAi');
  const bundled = { mode: 'spec', spec: { kind: 'bundled', version: '2024-10-21' }, compatibility: 'v1' } as const;
  assert.equal(compatibilityOf(bundled), 'azureOpenAi');
  assert.equal(compatibilityOf({ ...bundled, spec: { kind: 'file', fileName: 'v1.json' } }), 'v1');
  assert.equal(compatibilityOf({ ...bundled, mode: 'resource' }), 'v1');
});
