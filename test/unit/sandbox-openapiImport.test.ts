// OpenAPI import: what the sandbox takes from a document (title, server, operations) and what it refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImport } from '../../src/sandbox/arm/openapiImport';
import { ArmError } from '../../src/sandbox/arm/errors';

const isValidationError = (e: unknown): boolean => e instanceof ArmError && e.status === 400 && e.code === 'ValidationError';

void describe('parseImport', () => {
  void it('reads Swagger 2.0 documents with host, basePath and shared parameters', () => {
    const spec = parseImport(
      'swagger-json',
      JSON.stringify({
        swagger: '2.0',
        info: { title: 'Old', version: '1' },
        host: 'old.contoso.example',
        basePath: '/v2',
        schemes: ['https'],
        paths: {
          '/items/{id}': {
            parameters: [{ name: 'id', in: 'path', type: 'string' }],
            get: { operationId: 'Items_Get', parameters: [{ name: 'q', in: 'query', type: 'string', required: true }] },
          },
        },
      }),
      'query',
    );
    assert.equal(spec.title, 'Old');
    assert.equal(spec.serviceUrl, 'https://old.contoso.example/v2');
    assert.deepEqual(
      spec.operations.map((o) => [
        o.name,
        o.method,
        o.urlTemplate,
        o.templateParameters.map((p) => p.name),
        o.queryParameters.map((p) => [p.name, p.required]),
      ]),
      [['items-get', 'GET', '/items/{id}', ['id'], [['q', true]]]],
    );
  });

  void it("normalizes operation names by APIM's documented rules, with -1, -2 suffixes for duplicates", () => {
    const spec = parseImport(
      'openapi',
      'openapi: 3.0.0\ninfo: {title: T, version: "1"}\npaths:\n  /a: {get: {operationId: "X y"}}\n  /b: {get: {operationId: "x--Y"}}\n  /c: {get: {operationId: "x_y"}}\n  "/foo/{bar}": {get: {}}\n',
      'query',
    );
    assert.deepEqual(
      spec.operations.map((o) => [o.name, o.displayName]),
      [
        ['x-y', 'X y'],
        ['x-y-1', 'x--Y'],
        ['x-y-2', 'x_y'],
        ['get-foo-bar', 'Get - /foo/{bar}'],
      ],
    );
    const long = parseImport(
      'openapi+json',
      JSON.stringify({ openapi: '3.0.0', paths: { '/a': { get: { operationId: 'a'.repeat(100) } } } }),
      'query',
    );
    assert.equal(long.operations[0].name.length, 76);
  });

  void it("turns required query parameters into template parameters with 'template', APIM's default", () => {
    const doc = JSON.stringify({
      openapi: '3.0.1',
      components: { parameters: { ApiVersion: { name: 'api-version', in: 'query', required: true, schema: { type: 'string' } } } },
      paths: {
        '/deployments/{deployment-id}/chat/completions': {
          post: {
            operationId: 'ChatCompletions_Create',
            parameters: [
              { name: 'deployment-id', in: 'path', required: true, schema: { type: 'string' } },
              { $ref: '#/components/parameters/ApiVersion' },
              { name: 'trace', in: 'query', schema: { type: 'boolean' } },
            ],
          },
        },
      },
    });
    const [templated] = parseImport('openapi+json', doc, 'template').operations;
    assert.equal(templated.name, 'chatcompletions-create');
    assert.equal(templated.urlTemplate, '/deployments/{deployment-id}/chat/completions?api-version={api-version}');
    assert.deepEqual(
      templated.templateParameters.map((p) => p.name),
      ['deployment-id', 'api-version'],
    );
    assert.deepEqual(
      templated.queryParameters.map((p) => p.name),
      ['trace'],
    );
    const [query] = parseImport('openapi+json', doc, 'query').operations;
    assert.equal(query.urlTemplate, '/deployments/{deployment-id}/chat/completions');
    assert.deepEqual(
      query.queryParameters.map((p) => [p.name, p.required]),
      [
        ['api-version', true],
        ['trace', false],
      ],
    );
  });

  for (const [format, value] of [
    ['openapi+json', '{'],
    ['openapi+json', '[]'],
    ['openapi+json', '{"info": {}}'],
    ['openapi+json', '{"openapi": "3.0.0"}'],
    ['openapi', 'a: [unclosed'],
    ['wsdl', '<definitions/>'],
    ['openapi+json-link', 'https://example.com/x.json'],
  ] as const) {
    void it(`refuses ${format} ${value.slice(0, 30)}`, () => assert.throws(() => parseImport(format, value, 'query'), isValidationError));
  }
});
