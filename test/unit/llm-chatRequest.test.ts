import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CHAT_FORM, buildChatRequest, buildRawRequest, detectChatApiKind, openAiChatPath } from '../../src/domain/chat/chatRequest';
import { estimateUsage } from '../../src/domain/chat/tokenEstimate';

void test('request shape from operations', () => {
  const table: Array<[Array<{ method: string; urlTemplate: string }>, string]> = [
    [[{ method: 'POST', urlTemplate: '/chat/completions' }], 'openai'],
    [[{ method: 'post', urlTemplate: '/v1/chat/completions' }], 'openai'],
    [
      [
        { method: 'POST', urlTemplate: '/deployments/{deployment-id}/chat/completions?api-version={api-version}' },
        { method: 'POST', urlTemplate: '/deployments/{deployment-id}/embeddings' },
      ],
      'azureOpenAi',
    ],
    [['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((method) => ({ method, urlTemplate: '/*' })), 'passthrough'],
    [[{ method: 'GET', urlTemplate: '/chat/completions' }], 'passthrough'],
    [[], 'passthrough'],
  ];
  for (const [ops, kind] of table) assert.equal(detectChatApiKind(ops), kind, JSON.stringify(ops));
  assert.equal(openAiChatPath([{ method: 'POST', urlTemplate: 'v1/chat/completions' }]), '/v1/chat/completions');
  assert.equal(openAiChatPath([]), '/chat/completions');
});

void test('OpenAI-compatible sample request: model in the body, stream with include_usage', () => {
  const r = buildChatRequest('openai', { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini', stream: true, temperature: 0.2 });
  assert.equal(r.path, '/chat/completions');
  assert.deepEqual(JSON.parse(r.body!), {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are a helpful assistant' },
      { role: 'user', content: 'How are you?' },
    ],
    max_tokens: 50,
    temperature: 0.2,
    stream: true,
    stream_options: { include_usage: true },
  });
  assert.equal(r.headers.accept, 'text/event-stream');
});

void test('Azure OpenAI: deployment and api-version in the path, no model, no empty system message', () => {
  const r = buildChatRequest('azureOpenAi', { ...DEFAULT_CHAT_FORM, deployment: 'gpt 4o', apiVersion: '2024-10-21', systemMessage: '  ' });
  assert.equal(r.path, '/deployments/gpt%204o/chat/completions?api-version=2024-10-21');
  assert.deepEqual(JSON.parse(r.body!), { messages: [{ role: 'user', content: 'How are you?' }], max_tokens: 50 });
});

void test('raw requests: method and JSON are checked, GET sends no body', () => {
  assert.deepEqual(buildRawRequest('post', 'models//x', '{"a":1}'), {
    ok: true,
    request: { method: 'POST', path: '/models//x', headers: { 'content-type': 'application/json' }, body: '{"a":1}' },
  });
  assert.deepEqual(buildRawRequest('GET', '/models', '{"ignored": true}'), {
    ok: true,
    request: { method: 'GET', path: '/models', headers: {} },
  });
  const bad = buildRawRequest('POST', '/chat/completions', '{"a":');
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error : '', /not valid JSON/);
  assert.equal(buildRawRequest('PO ST', '/', '').ok, false);
});

void test("estimated usage counts chat messages like OpenAI and the answer with the model's encoding", async () => {
  const body = buildChatRequest('openai', { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini' }).body;
  const usage = await estimateUsage(body, 'I am doing well, thank you!');
  // o200k: "You are a helpful assistant" = 5, "How are you?" = 4, roles 1 each; 3 per message + 3 priming.
  assert.deepEqual(usage, { promptTokens: 3 + (3 + 1 + 5) + (3 + 1 + 4), completionTokens: 8, totalTokens: 28, estimated: true });
});
