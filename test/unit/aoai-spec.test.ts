import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInferenceSpec } from '../../src/domain/import/azureOpenAi/inferenceSpec';
import {
  INFERENCE_API_VERSIONS,
  LATEST_INFERENCE_API_VERSION,
  inferenceOperationsOf,
} from '../../src/domain/import/azureOpenAi/inferenceVersions';
import {
  importPayload,
  listSpecOperations,
  parseOpenApiText,
  withResourceEndpoint,
} from '../../src/domain/import/azureOpenAi/openApiDocument';

const expectedPaths: Record<string, string[]> = {
  '2022-12-01': ['completions', 'embeddings'],
  '2023-05-15': ['completions', 'embeddings', 'chat/completions'],
  '2024-02-01': ['completions', 'embeddings', 'chat/completions', 'audio/transcriptions', 'audio/translations', 'images/generations'],
  '2024-06-01': ['completions', 'embeddings', 'chat/completions', 'audio/transcriptions', 'audio/translations', 'images/generations'],
  '2024-10-21': ['completions', 'embeddings', 'chat/completions', 'audio/transcriptions', 'audio/translations', 'images/generations'],
};

void describe('bundled Azure OpenAI inference specs', () => {
  void it('defaults to 2024-10-21, the latest GA version', () => {
    assert.equal(LATEST_INFERENCE_API_VERSION, '2024-10-21');
    assert.equal(INFERENCE_API_VERSIONS.at(-1), LATEST_INFERENCE_API_VERSION);
  });

  for (const version of INFERENCE_API_VERSIONS) {
    void it(`${version} has exactly the operations of that version, each a POST with required api-version`, () => {
      const doc = buildInferenceSpec(version);
      assert.equal(doc.openapi.startsWith('3.0'), true);
      assert.equal(doc.info.version, version);
      assert.deepEqual(
        doc.servers?.map((s) => s.url),
        ['https://{endpoint}/openai'],
      );
      const ops = listSpecOperations(doc);
      assert.deepEqual(
        ops.map((o) => o.path),
        expectedPaths[version].map((p) => `/deployments/{deployment-id}/${p}`),
      );
      assert.deepEqual(new Set(ops.map((o) => o.method)), new Set(['POST']));
      assert.equal(new Set(ops.map((o) => o.operationId)).size, ops.length, 'operation ids are unique');
      for (const path of Object.keys(doc.paths)) {
        const post = doc.paths[path].post as { parameters: { in: string; name: string; required: boolean }[] };
        assert.ok(post.parameters.some((p) => p.in === 'query' && p.name === 'api-version' && p.required));
        assert.ok(post.parameters.some((p) => p.in === 'path' && p.name === 'deployment-id' && p.required));
      }
      assert.equal(inferenceOperationsOf(version).length, ops.length);
    });

    void it(`${version} references only schemas it defines`, () => {
      const doc = buildInferenceSpec(version);
      const defined = new Set(Object.keys((doc.components as { schemas: object }).schemas));
      const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
      assert.ok(refs.length > 0);
      for (const r of refs) assert.ok(defined.has(r), `${r} is defined`);
    });
  }

  void it('round-trips through the parser and substitutes the endpoint once, without a doubled /openai', () => {
    const text = JSON.stringify(buildInferenceSpec('2024-10-21'));
    const parsed = parseOpenApiText(text);
    assert.ok(parsed.ok);
    for (const endpoint of [
      'https://contoso.openai.azure.com/',
      'https://contoso.openai.azure.com',
      'https://contoso.openai.azure.com/openai/',
    ]) {
      const doc = withResourceEndpoint(parsed.document, endpoint);
      assert.deepEqual(doc.servers, [{ url: 'https://contoso.openai.azure.com/openai' }]);
    }
    const sandbox = withResourceEndpoint(parsed.document, 'https://127.0.0.1:52001/aoai/contoso-openai/');
    assert.deepEqual(sandbox.servers, [{ url: 'https://127.0.0.1:52001/aoai/contoso-openai/openai' }]);
    assert.deepEqual(importPayload(sandbox).format, 'openapi+json');
  });
});

void describe('local OpenAPI files', () => {
  void it('reads YAML with a full-URL {endpoint} template and other variables at their defaults', () => {
    const yaml = [
      'openapi: 3.0.0',
      'info: { title: t, version: "1" }',
      'servers:',
      '  - url: "{endpoint}/openai/{suffix}"',
      '    variables:',
      '      endpoint: { default: "https://x.openai.azure.com" }',
      '      suffix: { default: "v1" }',
      'paths:',
      '  /chat/completions:',
      '    post: { operationId: chat, summary: Chat }',
    ].join('\n');
    const parsed = parseOpenApiText(yaml, 'spec.yaml');
    assert.ok(parsed.ok);
    assert.deepEqual(withResourceEndpoint(parsed.document, 'https://contoso.openai.azure.com/').servers, [
      { url: 'https://contoso.openai.azure.com/openai/v1' },
    ]);
    assert.deepEqual(listSpecOperations(parsed.document), [
      { method: 'POST', path: '/chat/completions', operationId: 'chat', summary: 'Chat' },
    ]);
  });

  void it('points a Swagger 2 document at the resource with host and basePath', () => {
    const swagger = JSON.stringify({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      'x-ms-parameterized-host': { hostTemplate: '{endpoint}/openai' },
      paths: { '/deployments/{deploymentId}/embeddings': { post: { operationId: 'GetEmbeddings' } } },
    });
    const parsed = parseOpenApiText(swagger);
    assert.ok(parsed.ok);
    const doc = withResourceEndpoint(parsed.document, 'https://contoso.openai.azure.com/');
    assert.equal(doc.host, 'contoso.openai.azure.com');
    assert.equal(doc.basePath, '/openai');
    assert.equal(doc['x-ms-parameterized-host'], undefined);
    assert.equal(importPayload(doc).format, 'swagger-json');
  });

  const rejections: [string, string, RegExp][] = [
    ['not JSON or YAML', '{"openapi": ', /neither valid JSON nor valid YAML/],
    ['a list', '[1, 2]', /does not hold an OpenAPI document/],
    ['no version field', '{"paths": {}}', /no "openapi": "3.x" or "swagger": "2.0"/],
    ['OpenAPI 4', '{"openapi": "4.0.0", "paths": {}}', /no "openapi": "3.x"/],
    ['no paths', '{"openapi": "3.0.0"}', /has no "paths"/],
    ['no operations', '{"openapi": "3.0.0", "paths": {"/x": {"summary": "s"}}}', /describes no operations/],
  ];
  for (const [name, text, message] of rejections) {
    void it(`rejects ${name} with a sentence that says what to do`, () => {
      const r = parseOpenApiText(text, 'my.json');
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.error, message);
        assert.match(r.error, /^my\.json .*\. [A-Z].*\.$/);
      }
    });
  }
});
