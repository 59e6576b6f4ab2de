// The mock model's SSE chunks always join to exactly the non-streamed text, whatever the characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Completion, streamPayloads } from '../../src/sandbox/model/completion';
import { tokenizer } from '../../src/domain/chat/tokenCounter';

const usage = {
  prompt_tokens: 1,
  completion_tokens: 1,
  total_tokens: 2,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

void test('streamed content joins to the completion text, with usage last when asked', () => {
  const t = tokenizer;
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.boolean(), (text, includeUsage) => {
      const tokens = t.encode(text);
      const c: Completion = { id: 'x', created: 0, model: 'gpt-4o', tokens, text: t.decode(tokens), finishReason: 'stop', usage };
      const payloads = streamPayloads(c, includeUsage);
      assert.equal(payloads[payloads.length - 1], '[DONE]');
      const events = payloads
        .slice(0, -1)
        .map((p) => JSON.parse(p) as { choices: Array<{ delta: { content?: string } }>; usage?: unknown });
      assert.equal(events.flatMap((e) => e.choices.map((ch) => ch.delta.content ?? '')).join(''), c.text);
      if (includeUsage) assert.deepEqual(events[events.length - 1].usage, usage);
      else assert.ok(events.every((e) => !('usage' in e)));
    }),
  );
});
