// Token usage read by the gateway from JSON bodies and from SSE streams split at arbitrary points.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { SseUsageTap, usageFromJsonBody } from '../../src/sandbox/gateway/usage';

const sse = [
  'data: {"model":"gpt-4o","choices":[{"delta":{"role":"assistant","content":""}}]}\n\n',
  'data: {"model":"gpt-4o","choices":[{"delta":{"content":"Hello there"}}]}\n\n',
  'data: {"model":"gpt-4o","choices":[{"delta":{"content":", friend."}}]}\n\n',
].join('');
const usageChunk =
  'data: {"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16}}\n\ndata: [DONE]\n\n';

void test('usageFromJsonBody reads OpenAI and Responses-style usage', () => {
  assert.deepEqual(usageFromJsonBody(Buffer.from('{"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}')), {
    promptTokens: 3,
    completionTokens: 2,
    totalTokens: 5,
  });
  assert.deepEqual(usageFromJsonBody(Buffer.from('{"usage":{"input_tokens":3,"output_tokens":2}}')), {
    promptTokens: 3,
    completionTokens: 2,
    totalTokens: 5,
  });
  assert.equal(usageFromJsonBody(Buffer.from('not json')), undefined);
  assert.equal(usageFromJsonBody(Buffer.from('{"choices":[]}')), undefined);
});

void test('SseUsageTap finds the final usage chunk wherever the stream is split', () => {
  const body = Buffer.from(sse + usageChunk);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: body.length - 1 }), { maxLength: 8 }), (cuts) => {
      const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), body.length];
      const tap = new SseUsageTap();
      for (let i = 1; i < points.length; i++) tap.push(body.subarray(points[i - 1], points[i]));
      assert.deepEqual(tap.result(999), { promptTokens: 12, completionTokens: 4, totalTokens: 16 });
    }),
  );
});

void test('SseUsageTap without a usage chunk counts the streamed content with the tokenizer', () => {
  const tap = new SseUsageTap();
  tap.push(Buffer.from(`${sse}data: [DONE]\n\n`));
  const completion = o200k.countTokens('Hello there, friend.');
  assert.deepEqual(tap.result(7), { promptTokens: 7, completionTokens: completion, totalTokens: 7 + completion });
});
