// The gateway's small policy-expression evaluator: known context properties, GetValueOrDefault, concatenation, and
// an explicit refusal of everything else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  evaluateCondition,
  evaluateValue,
  type ExpressionContext,
  UnsupportedExpressionError,
} from '../../src/sandbox/gateway/policy/expressions';
import { NamedValues } from '../../src/sandbox/gateway/policy/namedValues';
import { ResourceStore } from '../../src/sandbox/store';

const ctx: ExpressionContext = {
  subscription: { id: 'sub-1', name: 'Team A' },
  product: undefined,
  api: { id: 'llm', name: 'LLM API', path: 'llm/openai' },
  operation: { id: 'chat', name: 'Chat', method: 'POST', urlTemplate: '/chat/completions' },
  request: {
    ipAddress: '10.0.0.7',
    method: 'POST',
    path: '/chat/completions',
    headers: { 'x-team': 'blue' },
    query: new URLSearchParams('user=ann'),
  },
  response: { statusCode: 429 },
  serviceName: 'apim-1',
  region: 'westeurope',
  variables: new Map<string, unknown>([['tokens', 42]]),
};

void test('evaluates the expressions our policies use', () => {
  const cases: Array<[string, string]> = [
    ['plain literal', 'plain literal'],
    ['@(context.Subscription.Id)', 'sub-1'],
    ['@(context.Subscription.Name)', 'Team A'],
    ['@(context.Request.IpAddress)', '10.0.0.7'],
    ['@(context.Api.Name)', 'LLM API'],
    ['@(context.Api.Id)', 'llm'],
    ['@(context.Operation.Id)', 'chat'],
    ['@(context.Product.Name)', ''],
    ['@(context.Deployment.Region)', 'westeurope'],
    ['@(context.Request.Headers.GetValueOrDefault("X-Team", "none"))', 'blue'],
    ['@(context.Request.Headers.GetValueOrDefault("x-missing", "none"))', 'none'],
    ['@(context.Request.Url.Query.GetValueOrDefault("user", ""))', 'ann'],
    ['@((string)context.Variables["tokens"])', '42'],
    ['@(context.Variables.GetValueOrDefault<int>("absent", 7))', '7'],
    ['@(context.Api.Id + "-" + context.Subscription.Id)', 'llm-sub-1'],
  ];
  for (const [input, expected] of cases) assert.equal(evaluateValue(input, ctx), expected, input);
});

void test('refuses what it does not know instead of guessing', () => {
  for (const input of [
    '@(context.Request.Body.As<JObject>()["user"])',
    '@{ return "x"; }',
    '@(DateTime.UtcNow.ToString())',
    '@(context.User.Email)',
  ]) {
    assert.throws(() => evaluateValue(input, ctx), UnsupportedExpressionError, input);
  }
});

void test('named values resolve by display name or entity name, and report the missing ones', () => {
  const store = new ResourceStore();
  const svc = '/subscriptions/s/resourceGroups/r/providers/Microsoft.ApiManagement/service/x';
  store.put({ id: svc, name: 'x', type: 'Microsoft.ApiManagement/service', properties: {} });
  store.put({
    id: `${svc}/namedValues/nv1`,
    name: 'nv1',
    type: 'Microsoft.ApiManagement/service/namedValues',
    properties: { displayName: 'openai-key', value: 'Bearer k' },
  });
  const nv = new NamedValues(store, store.get(svc)!);
  assert.deepEqual(nv.substitute('{{openai-key}} and {{nv1}}'), { value: 'Bearer k and Bearer k', missing: [] });
  assert.deepEqual(nv.substitute('{{nope}}'), { value: '{{nope}}', missing: ['nope'] });
});

void test('evaluates retry conditions on the response status', () => {
  const cases: Array<[string, boolean]> = [
    ['@(context.Response.StatusCode == 429)', true],
    ['@(context.Response.StatusCode == 500)', false],
    ['@(context.Response.StatusCode >= 500 || context.Response.StatusCode == 429)', true],
    ['@(context.Response.StatusCode >= 400 && context.Response.StatusCode < 429)', false],
    ['@(context.Request.Headers.GetValueOrDefault("x-team", "") == "blue")', true],
    ['true', true],
  ];
  for (const [input, expected] of cases) assert.equal(evaluateCondition(input, ctx), expected, input);
  assert.throws(() => evaluateCondition('@(context.Response.StatusCode.ToString().StartsWith("4"))', ctx), UnsupportedExpressionError);
});
