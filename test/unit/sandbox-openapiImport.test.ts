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
        paths: { '/items/{id}': { parameters: [{ name: 'id', in: 'path', type: 'string' }], get: { operationId: 'Items_Get', parameters: [{ name: 'q', in: 'query', type: 'string', required: true }] } } },
      }),
    );
    assert.equal(spec.title, 'Old');
    assert.equal(spec.serviceUrl, 'https://old.contoso.example/v2');
    assert.deepEqual(spec.operations.map((o) => [o.name, o.method, o.urlTemplate, o.templateParameters.map((p) => p.name), o.queryParameters.map((p) => [p.name, p.required])]), [
      ['items-get', 'GET', '/items/{id}', ['id'], [['q', true]]],
    ]);
  });

  void it('gives unique operation names when operationIds collide after cleaning', () => {
    const spec = parseImport('openapi', 'openapi: 3.0.0\ninfo: {title: T, version: "1"}\npaths:\n  /a: {get: {operationId: "x y"}}\n  /b: {get: {operationId: "x-y"}}\n');
    assert.deepEqual(spec.operations.map((o) => o.name), ['x-y', 'x-y-2']);
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
    void it(`refuses ${format} ${value.slice(0, 30)}`, () => assert.throws(() => parseImport(format, value), isValidationError));
  }
});
