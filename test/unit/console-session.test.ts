import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addToHistory, addToTotals, EMPTY_TOTALS, HISTORY_LIMIT, isHistoryEntry } from '../../src/testConsole/history';
import { curlFor, labelFor, requestFor } from '../../src/testConsole/requestBuilder';
import { DEFAULT_CHAT_FORM } from '../../src/domain/chat/chatRequest';
import type { OutcomeView, SendInput } from '../../src/protocol/testConsole';

const form: SendInput = { mode: 'form', form: { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini' } };
const outcome = (status: number, usage?: OutcomeView['usage']): OutcomeView => ({
  method: 'POST',
  url: 'https://x/chat/completions',
  status,
  statusText: '',
  streamed: false,
  text: '',
  timing: { firstByteMs: 1, totalMs: 2 },
  rateLimit: {},
  ...(usage ? { usage } : {}),
});

void test('history: newest first, capped, labelled, without answers or keys', () => {
  let history = addToHistory([], 'a', new Date(0), form, outcome(200, { promptTokens: 1, completionTokens: 2, totalTokens: 3 }));
  for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
    history = addToHistory(history, `r${i}`, new Date(i), { mode: 'raw', raw: { method: 'get', path: '/models', body: '' } }, undefined);
  }
  assert.equal(history.length, HISTORY_LIMIT);
  assert.equal(history[0].id, `r${HISTORY_LIMIT + 4}`);
  assert.equal(history[0].label, 'GET /models');
  assert.deepEqual(
    addToHistory([], 'a', new Date(0), form, outcome(200, { promptTokens: 1, completionTokens: 2, totalTokens: 3, estimated: true }))[0],
    {
      id: 'a',
      at: '1970-01-01T00:00:00.000Z',
      label: 'How are you?',
      input: form,
      status: 200,
      totalTokens: 3,
      estimated: true,
    },
  );
  assert.ok(history.every(isHistoryEntry));
  assert.equal(isHistoryEntry({ id: 'x', at: 'y', label: 'z', input: { mode: 'shell' } }), false);
});

void test('session totals: sums usage, counts failures, keeps the chart series', () => {
  let totals = addToTotals(EMPTY_TOTALS, 'a', outcome(200, { promptTokens: 10, completionTokens: 5, totalTokens: 15 }));
  totals = addToTotals(totals, 'b', outcome(429));
  totals = addToTotals(totals, 'c', undefined);
  totals = addToTotals(totals, 'd', outcome(200, { promptTokens: 1, completionTokens: 1, totalTokens: 2, estimated: true }));
  assert.deepEqual(totals, {
    requests: 4,
    failed: 2,
    usage: { promptTokens: 11, completionTokens: 6, totalTokens: 17, estimated: true },
    perRequest: [
      { id: 'a', prompt: 10, completion: 5, estimated: false },
      { id: 'd', prompt: 1, completion: 1, estimated: true },
    ],
  });
});

void test('requests from inputs: missing fields are explained; curl drops the accept header and streams with --no-buffer', () => {
  const target = { kind: 'azureOpenAi' as const, chatPath: '/chat/completions' };
  const noDeployment = requestFor(target, form);
  assert.equal(noDeployment.ok, false);
  assert.match(!noDeployment.ok ? noDeployment.error : '', /No deployment is chosen/);
  assert.match(JSON.stringify(requestFor({ kind: 'passthrough', chatPath: '' }, form)), /Raw request/);
  const built = requestFor({ kind: 'openai', chatPath: '/v1/chat/completions' }, { mode: 'form', form: { ...form.form, stream: true } });
  assert.ok(built.ok);
  const curl = curlFor({ endpoint: 'https://gw/llm', api: { displayName: 'x', subscriptionKeyHeader: 'api-key' } as never }, built.request);
  assert.match(curl, /^curl --no-buffer -X POST 'https:\/\/gw\/llm\/v1\/chat\/completions'/);
  assert.ok(!curl.includes('accept'));
  assert.equal(labelFor({ mode: 'form', form: { ...form.form, userMessage: 'x'.repeat(100) } }).length, 60);
});
