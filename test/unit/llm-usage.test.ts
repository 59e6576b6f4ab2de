import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUsage, extractUsage, type TokenUsage } from '../../src/domain/chat/usage';
import { ChatStreamAccumulator, answerFromBody } from '../../src/domain/chat/chatResponse';
import { parseSse } from './helpers/sse';

const cases: Array<{ name: string; body: unknown; usage: TokenUsage | undefined }> = [
  {
    name: 'OpenAI chat completion',
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Fine.' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 21,
        completion_tokens: 3,
        total_tokens: 24,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
      },
    },
    usage: { promptTokens: 21, completionTokens: 3, totalTokens: 24, cachedTokens: 0, reasoningTokens: 0 },
  },
  {
    name: 'Azure OpenAI with content filter results, cached prompt and reasoning',
    body: {
      id: 'chatcmpl-2',
      model: 'o3-mini-2025-01-31',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }],
      choices: [{ index: 0, finish_reason: 'length', message: { role: 'assistant', content: 'Let me think' }, content_filter_results: {} }],
      usage: {
        completion_tokens: 50,
        prompt_tokens: 1534,
        total_tokens: 1584,
        prompt_tokens_details: { cached_tokens: 1408 },
        completion_tokens_details: { reasoning_tokens: 46 },
      },
    },
    usage: { promptTokens: 1534, completionTokens: 50, totalTokens: 1584, cachedTokens: 1408, reasoningTokens: 46 },
  },
  {
    name: 'Gemini OpenAI-compatible endpoint (no details)',
    body: {
      choices: [{ finish_reason: 'stop', index: 0, message: { content: 'Hi', role: 'assistant' } }],
      created: 1,
      model: 'gemini-2.0-flash',
      object: 'chat.completion',
      usage: { completion_tokens: 9, prompt_tokens: 11, total_tokens: 20 },
    },
    usage: { promptTokens: 11, completionTokens: 9, totalTokens: 20 },
  },
  {
    name: 'Gemini native usageMetadata with thoughts and cache',
    body: {
      candidates: [{ content: { parts: [{ text: 'Hi' }], role: 'model' }, finishReason: 'STOP' }],
      usageMetadata: {
        promptTokenCount: 12,
        candidatesTokenCount: 5,
        thoughtsTokenCount: 30,
        totalTokenCount: 47,
        cachedContentTokenCount: 8,
      },
      modelVersion: 'gemini-2.5-flash',
    },
    usage: { promptTokens: 12, completionTokens: 35, totalTokens: 47, cachedTokens: 8, reasoningTokens: 30 },
  },
  {
    name: 'Responses API (input/output tokens)',
    body: {
      object: 'response',
      usage: {
        input_tokens: 36,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 87,
        output_tokens_details: { reasoning_tokens: 64 },
        total_tokens: 123,
      },
    },
    usage: { promptTokens: 36, completionTokens: 87, totalTokens: 123, cachedTokens: 0, reasoningTokens: 64 },
  },
  {
    name: 'Responses API completed event wraps the response',
    body: { type: 'response.completed', response: { usage: { input_tokens: 5, output_tokens: 7, total_tokens: 12 } } },
    usage: { promptTokens: 5, completionTokens: 7, totalTokens: 12 },
  },
  {
    name: 'missing total is the sum',
    body: { usage: { prompt_tokens: 4, completion_tokens: 6 } },
    usage: { promptTokens: 4, completionTokens: 6, totalTokens: 10 },
  },
  { name: 'streamed chunk with usage: null', body: { choices: [{ delta: { content: 'a' } }], usage: null }, usage: undefined },
  { name: 'error body', body: { error: { message: 'nope', type: 'invalid_request_error' } }, usage: undefined },
  { name: 'negative or fractional counts are not usage', body: { usage: { prompt_tokens: -1, completion_tokens: 1.5 } }, usage: undefined },
  { name: 'not an object', body: '[DONE]', usage: undefined },
];

for (const c of cases) {
  void test(`usage: ${c.name}`, () => assert.deepEqual(extractUsage(c.body), c.usage));
}

void test('non-streamed answer: text, finish reason and model (OpenAI and Gemini native)', () => {
  assert.deepEqual(answerFromBody(cases[0].body), { text: 'Fine.', finishReason: 'stop', model: 'gpt-4o-mini', usage: cases[0].usage });
  assert.deepEqual(answerFromBody(cases[3].body), { text: 'Hi', finishReason: 'STOP', model: 'gemini-2.5-flash', usage: cases[3].usage });
  assert.equal(answerFromBody({ hello: 'world' }), undefined);
});

void test('streamed Azure OpenAI: filter-results chunk first, usage in the final chunk with empty choices', () => {
  const stream =
    [
      'data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}',
      'data: {"choices":[{"delta":{"role":"assistant","content":""},"finish_reason":null,"index":0}],"id":"c1","model":"gpt-4o-2024-08-06","usage":null}',
      'data: {"choices":[{"delta":{"content":"I am "},"finish_reason":null,"index":0}],"id":"c1","model":"gpt-4o-2024-08-06","usage":null}',
      'data: {"choices":[{"delta":{"content":"fine."},"finish_reason":null,"index":0}],"id":"c1","model":"gpt-4o-2024-08-06","usage":null}',
      'data: {"choices":[{"delta":{},"finish_reason":"stop","index":0}],"id":"c1","model":"gpt-4o-2024-08-06","usage":null}',
      'data: {"choices":[],"id":"c1","model":"gpt-4o-2024-08-06","usage":{"completion_tokens":4,"prompt_tokens":20,"total_tokens":24,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}',
      'data: [DONE]',
    ].join('\n\n') + '\n\n';
  const acc = new ChatStreamAccumulator();
  const deltas: string[] = [];
  for (const ev of parseSse(stream)) {
    if (ev.data === '[DONE]') break;
    deltas.push(acc.add(JSON.parse(ev.data)));
  }
  assert.deepEqual(deltas, ['', '', 'I am ', 'fine.', '', '']);
  assert.deepEqual(acc.answer(), {
    text: 'I am fine.',
    finishReason: 'stop',
    model: 'gpt-4o-2024-08-06',
    usage: { promptTokens: 20, completionTokens: 4, totalTokens: 24, cachedTokens: 0, reasoningTokens: 0 },
  });
});

void test('streamed Gemini native chunks: the last usageMetadata wins', () => {
  const acc = new ChatStreamAccumulator();
  acc.add({ candidates: [{ content: { parts: [{ text: 'Hel' }] } }], usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } });
  acc.add({
    candidates: [{ content: { parts: [{ text: 'lo' }] }, finishReason: 'STOP' }],
    usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
  });
  assert.deepEqual(acc.answer(), { text: 'Hello', finishReason: 'STOP', usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } });
});

void test('addUsage sums, keeps details only when present, and stays estimated once estimated', () => {
  const a: TokenUsage = { promptTokens: 1, completionTokens: 2, totalTokens: 3, cachedTokens: 1 };
  const b: TokenUsage = { promptTokens: 10, completionTokens: 20, totalTokens: 30, estimated: true };
  assert.deepEqual(addUsage(a, b), { promptTokens: 11, completionTokens: 22, totalTokens: 33, cachedTokens: 1, estimated: true });
});
