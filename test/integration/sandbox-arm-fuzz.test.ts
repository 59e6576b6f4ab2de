// Property test: whatever JSON a client PUTs or PATCHes, the ARM emulator answers with a 2xx or a 4xx ARM error,
// never a 5xx, and keeps serving.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DEMO_NAMES, demoServiceId, sandboxPerSuite } from './helpers/sandbox';

const FIELDS = [
  'displayName',
  'path',
  'serviceUrl',
  'protocols',
  'format',
  'value',
  'type',
  'apiType',
  'subscriptionKeyParameterNames',
  'isCurrent',
  'method',
  'urlTemplate',
  'templateParameters',
  'url',
  'protocol',
  'credentials',
  'circuitBreaker',
  'pool',
  'secret',
  'keyVault',
  'scope',
  'state',
  'primaryKey',
  'roleDefinitionId',
  'principalId',
  'principalType',
  'apiVersionSetId',
  'tags',
];

void describe('sandbox ARM: fuzzed bodies', () => {
  const sb = sandboxPerSuite();
  let svc: string;
  before(() => {
    svc = demoServiceId(sb, 'aiGateway');
  });

  void it('never answers 5xx to any JSON body on any write', async () => {
    const targets = (): Array<[string, string]> => [
      ['PUT', `${svc}/apis/fuzz-api`],
      ['PATCH', `${svc}/apis/echo-api`],
      ['PUT', `${svc}/apis/echo-api/operations/fuzz-op`],
      ['PUT', `${svc}/backends/fuzz-backend`],
      ['PUT', `${svc}/namedValues/fuzz-nv`],
      ['PUT', `${svc}/products/fuzz-product`],
      ['PUT', `${svc}/subscriptions/fuzz-sub`],
      ['PUT', `${svc}/apis/echo-api/policies/policy`],
      ['PUT', `${svc}/policies/policy`],
      ['PATCH', svc],
      ['PUT', `${svc}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`],
    ];
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ properties: fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue(), { maxKeys: 6 }) }),
      fc.record({ identity: fc.jsonValue(), tags: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 0, max: 10 }), async (value, pick) => {
        const [method, path] = targets()[pick];
        const apiVersion = path.includes('roleAssignments') ? '2022-04-01' : '2024-05-01';
        const r = await sb.arm(`${path}?api-version=${apiVersion}`, {
          method,
          // PUT without If-Match creates; PATCH needs it.
          headers: method === 'PATCH' ? { 'If-Match': '*' } : {},
          body: JSON.stringify(value),
        });
        assert.ok(r.status < 500, `${method} ${path} ${JSON.stringify(value)} → ${r.status} ${r.text}`);
        if (r.status >= 400) assert.equal(typeof r.json<{ error: { code: string } }>().error.code, 'string');
      }),
      { numRuns: 400 },
    );
    assert.equal(
      (await sb.apim().api.get(DEMO_NAMES.aiGateway.resourceGroup, DEMO_NAMES.aiGateway.service, 'openai-chat')).name,
      'openai-chat',
    );
  });
});
