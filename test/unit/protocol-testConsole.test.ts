import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConsoleEvent, parseConsoleRequest } from '../../src/protocol/testConsole';
import { DEFAULT_CHAT_FORM } from '../../src/domain/chat/chatRequest';

const form = { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini' };

void test('valid requests from the webview parse to themselves', () => {
  const messages = [
    { type: 'ready' },
    { type: 'send', requestId: 'r-1', input: { mode: 'form', form } },
    { type: 'send', requestId: 'r_2', input: { mode: 'raw', raw: { method: 'POST', path: '/chat/completions', body: '{}' } } },
    { type: 'stop', requestId: 'r-1' },
    { type: 'showRaw', requestId: 'r-1' },
    { type: 'copyCurl', input: { mode: 'form', form: { ...form, temperature: 0.7 } } },
    { type: 'openHttp', input: { mode: 'form', form } },
    { type: 'revealKey' },
    { type: 'chooseKey' },
    { type: 'clearHistory' },
    { type: 'showUsage' },
    { type: 'configurePolicies' },
  ];
  for (const m of messages) assert.deepEqual(parseConsoleRequest(m), { ok: true, value: m });
});

void test('invalid requests are refused with the field that is wrong', () => {
  const table: Array<[unknown, RegExp]> = [
    ['send', /not an object/],
    [{ type: 'exec' }, /"type" must be one of/],
    [{ type: 'send', requestId: 'a b', input: { mode: 'form', form } }, /"requestId"/],
    [{ type: 'send', requestId: 'r', input: { mode: 'form', form: { ...form, maxTokens: 0 } } }, /"maxTokens" must be at least 1/],
    [{ type: 'send', requestId: 'r', input: { mode: 'form', form: { ...form, temperature: 3 } } }, /"temperature" must be at most 2/],
    [{ type: 'send', requestId: 'r', input: { mode: 'form', form: { ...form, stream: 'yes' } } }, /"stream"/],
    [{ type: 'send', requestId: 'r', input: { mode: 'form', form: { ...form, userMessage: 5 } } }, /"userMessage" must be a string/],
    [{ type: 'send', requestId: 'r', input: { mode: 'raw', raw: { method: 'POST', path: '/x' } } }, /"body" must be a string/],
    [{ type: 'copyCurl', input: { mode: 'shell' } }, /"mode" must be one of/],
  ];
  for (const [m, error] of table) {
    const parsed = parseConsoleRequest(m);
    assert.equal(parsed.ok, false, JSON.stringify(m));
    assert.match(!parsed.ok ? parsed.error : '', error);
  }
});

void test('events: known types pass, others are dropped', () => {
  assert.deepEqual(parseConsoleEvent({ type: 'text', requestId: 'r', delta: 'hi' }), { type: 'text', requestId: 'r', delta: 'hi' });
  assert.equal(parseConsoleEvent({ type: 'eval', code: '1' }), undefined);
  assert.equal(parseConsoleEvent(null), undefined);
});
