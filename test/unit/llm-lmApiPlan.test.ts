import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApimStep } from '../../src/domain/import/apimSteps';
import { checkPlan, criticalPathLength, planLevels } from '../../src/domain/import/importPlan';
import type { LmApiForm } from '../../src/domain/import/lmApiForm';
import { buildLmApiPlan } from '../../src/domain/import/lmApiPlan';
import { lmApiResourceNames, slugify } from '../../src/domain/import/resourceNames';
import { lmApiEndpoint, sampleCurl } from '../../src/domain/chat/sampleRequest';

export const baseForm: LmApiForm = {
  provider: 'gemini',
  displayName: 'Gemini',
  description: 'Google Gemini behind APIM',
  url: 'https://generativelanguage.googleapis.com/v1beta/openai/',
  path: '/gemini/',
  type: 'chat-completions',
  headerName: 'Authorization',
  headerValueFormat: 'Bearer {key}',
  products: ['starter'],
  subscriptionKeyHeader: 'api-key',
  policies: {},
};

const kinds = (steps: readonly ApimStep[]) => steps.map((s) => s.kind);

void test('a chat-completions import writes named value, backend, API, one operation, policy and product links', () => {
  const plan = buildLmApiPlan(baseForm, { hasKey: true, onExisting: 'conflict' });
  assert.deepEqual(kinds(plan.steps), ['namedValue', 'backend', 'api', 'operation', 'apiPolicy', 'productApi']);
  assert.deepEqual(checkPlan(plan), []);
  const byKind = Object.fromEntries(plan.steps.map((s) => [s.kind, s])) as Record<string, ApimStep>;
  assert.deepEqual(byKind.backend.dependsOn, ['namedValue:gemini-key']);
  assert.deepEqual(byKind.apiPolicy.dependsOn, ['api:gemini', 'backend:gemini-backend']);
  assert.deepEqual(byKind.operation.payload, {
    apiId: 'gemini',
    operationId: 'chat-completions',
    displayName: 'Chat completions',
    method: 'POST',
    urlTemplate: '/chat/completions',
  });
  const api = plan.steps.find((s) => s.kind === 'api')!;
  assert.equal(api.kind === 'api' && api.payload.path, 'gemini');
  assert.equal(api.kind === 'api' && api.payload.serviceUrl, 'https://generativelanguage.googleapis.com/v1beta/openai');
  const backend = plan.steps.find((s) => s.kind === 'backend')!;
  assert.deepEqual(backend.kind === 'backend' && backend.payload.credentialsHeader, { name: 'Authorization', namedValueId: 'gemini-key' });
  // named value → backend → policy is the longest chain
  assert.equal(criticalPathLength(plan), 3);
  assert.deepEqual(planLevels(plan)[0], ['namedValue:gemini-key', 'api:gemini']);
});

void test('the plan holds a reference to the key, never a key', () => {
  const plan = buildLmApiPlan(baseForm, { hasKey: true, onExisting: 'conflict' });
  const nv = plan.steps.find((s) => s.kind === 'namedValue')!;
  assert.deepEqual(nv.kind === 'namedValue' && nv.payload.value, { secretRef: 'apiKey', format: 'Bearer {key}' });
});

void test('passthrough creates wildcard operations for every method', () => {
  const plan = buildLmApiPlan({ ...baseForm, type: 'passthrough', products: [] }, { hasKey: true, onExisting: 'conflict' });
  const ops = plan.steps
    .filter((s) => s.kind === 'operation')
    .map((s) => (s.kind === 'operation' ? `${s.payload.method} ${s.payload.urlTemplate}` : ''));
  assert.deepEqual(ops, ['GET /*', 'POST /*', 'PUT /*', 'PATCH /*', 'DELETE /*', 'HEAD /*', 'OPTIONS /*']);
  assert.equal(
    plan.steps.some((s) => s.kind === 'productApi'),
    false,
  );
});

void test('without a key there is no named value and the backend sends no header', () => {
  const plan = buildLmApiPlan({ ...baseForm, provider: 'ollama' }, { hasKey: false, onExisting: 'conflict' });
  assert.equal(
    plan.steps.some((s) => s.kind === 'namedValue'),
    false,
  );
  const backend = plan.steps.find((s) => s.kind === 'backend')!;
  assert.equal(backend.kind === 'backend' && backend.payload.credentialsHeader, undefined);
  assert.deepEqual(backend.dependsOn, []);
  assert.equal(criticalPathLength(plan), 2);
});

void test('update mode marks every resource step, product links are always reused', () => {
  const plan = buildLmApiPlan(baseForm, { hasKey: true, onExisting: 'update' });
  for (const s of plan.steps) assert.equal(s.onExisting, s.kind === 'productApi' ? 'reuse' : 'update', s.id);
});

void test('the policy preview is the full XML and names the backend', () => {
  const plan = buildLmApiPlan(baseForm, { hasKey: true, onExisting: 'conflict' });
  const policy = plan.steps.find((s) => s.kind === 'apiPolicy')!;
  assert.match(policy.preview ?? '', /<set-backend-service backend-id="gemini-backend"\/>/);
});

void test('ids come from the display name and survive hostile names', () => {
  assert.equal(slugify('<x & "y">'), 'x-y');
  assert.equal(slugify('***'), 'llm-api');
  assert.equal(slugify('Émile GPT 4.1'), 'emile-gpt-4-1');
  const long = lmApiResourceNames('a'.repeat(300));
  assert.ok(long.apiId.length <= 80 && long.backendId.length <= 80 && long.namedValueId.length <= 80);
  const plan = buildLmApiPlan({ ...baseForm, displayName: '<x & "y">' }, { hasKey: true, onExisting: 'conflict' });
  assert.deepEqual(plan.steps.map((s) => s.id).slice(0, 3), ['namedValue:x-y-key', 'backend:x-y-backend', 'api:x-y']);
});

void test('checkPlan finds unknown dependencies and cycles', () => {
  const step = (id: string, dependsOn: string[]) => ({
    id,
    kind: 'k',
    resourceType: 't',
    resourceName: id,
    title: id,
    dependsOn,
    onExisting: 'conflict' as const,
    payload: {},
  });
  assert.match(checkPlan({ title: '', steps: [step('a', ['zz'])] }).join(), /unknown step "zz"/);
  assert.match(checkPlan({ title: '', steps: [step('a', ['b']), step('b', ['a'])] }).join(), /cycle/);
  assert.match(checkPlan({ title: '', steps: [step('a', []), step('a', [])] }).join(), /twice/);
  assert.throws(() => planLevels({ title: '', steps: [step('a', ['a'])] }), /Invalid import plan/);
});

void test('the endpoint and sample curl use the subscription key header with a variable, never a key', () => {
  assert.equal(lmApiEndpoint('https://gw.example/', '/gemini/'), 'https://gw.example/gemini');
  const curl = sampleCurl({ endpoint: 'https://gw.example/gemini', subscriptionKeyHeader: 'api-key', model: 'gemini-2.5-flash' });
  assert.match(curl, /curl -X POST 'https:\/\/gw\.example\/gemini\/chat\/completions'/);
  assert.match(curl, /-H "api-key: \$APIM_KEY"/);
  assert.match(curl, /"model":"gemini-2.5-flash"/);
});
