// Gateway routing: API by longest path prefix, operations by method and URL template ({param}, /* wildcard).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiTable, matchOperation, matchTemplate } from '../../src/sandbox/gateway/router';
import type { ArmResource } from '../../src/sandbox/store';

const api = (name: string, path: string, extra: Record<string, unknown> = {}): ArmResource => ({
  id: `/s/apis/${name}`,
  name,
  type: 'apis',
  properties: { path, ...extra },
});
const op = (name: string, method: string, urlTemplate: string): ArmResource => ({
  id: `/s/apis/a/operations/${name}`,
  name,
  type: 'operations',
  properties: { method, urlTemplate },
});

void test('matchTemplate: literals, parameters, wildcard, query part ignored', () => {
  const cases: Array<[string, string, Record<string, string> | undefined]> = [
    ['/chat/completions', '/chat/completions', {}],
    ['/chat/completions', '/CHAT/Completions', {}],
    ['/chat/completions', '/chat', undefined],
    ['/chat/completions', '/chat/completions/extra', undefined],
    [
      '/deployments/{deployment-id}/chat/completions?api-version={v}',
      '/deployments/gpt-4o/chat/completions',
      { 'deployment-id': 'gpt-4o' },
    ],
    ['/deployments/{id}/embeddings', '/deployments/my%20dep/embeddings', { id: 'my dep' }],
    ['/*', '/anything/at/all', {}],
    ['/*', '', {}],
    ['/v1/*', '/v1/models', {}],
    ['/v1/*', '/v2/models', undefined],
    ['/', '', {}],
  ];
  for (const [template, path, expected] of cases) assert.deepEqual(matchTemplate(template, path), expected, `${template} ~ ${path}`);
});

void test('ApiTable: longest prefix wins, segment-wise, skipping non-current revisions', () => {
  const apis = [
    api('root', ''),
    api('llm', 'llm'),
    api('openai', 'llm/openai'),
    api('old', 'llm/openai/v2', { isCurrent: false }),
    api('llmx', 'llmx'),
  ];
  const cases: Array<[string, string | undefined, string | undefined]> = [
    ['/llm/openai/chat/completions', 'openai', '/chat/completions'],
    ['/llm/openai/v2/chat', 'openai', '/v2/chat'],
    ['/llm/chat', 'llm', '/chat'],
    ['/llmx/chat', 'llmx', '/chat'],
    ['/llmy/chat', 'root', '/llmy/chat'],
    ['/LLM/OpenAI', 'openai', ''],
  ];
  for (const [path, name, rest] of cases) {
    const m = new ApiTable(apis).match(path);
    assert.equal(m?.api.name, name, path);
    assert.equal(m?.operationPath, rest, path);
  }
  assert.equal(new ApiTable([api('llm', 'llm')]).match('/other'), undefined);
});

void test('matchOperation: method must match; a literal template beats a wildcard', () => {
  const ops = [
    op('all-post', 'POST', '/*'),
    op('chat', 'POST', '/chat/completions'),
    op('dep', 'POST', '/deployments/{d}/chat/completions'),
    op('get', 'GET', '/*'),
  ];
  assert.equal(matchOperation(ops, 'POST', '/chat/completions')?.operation.name, 'chat');
  assert.equal(matchOperation(ops, 'POST', '/embeddings')?.operation.name, 'all-post');
  assert.deepEqual(matchOperation(ops, 'POST', '/deployments/x/chat/completions')?.params, { d: 'x' });
  assert.equal(matchOperation(ops, 'GET', '/chat/completions')?.operation.name, 'get');
  assert.equal(matchOperation(ops, 'DELETE', '/chat/completions'), undefined);
});
