// The test console front end's pure parts: its inputs read as the host reads them, the raw request built by the host's
// own builder, what each host message changes in the one state, and when that state is persisted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CHAT_FORM } from '../../src/domain/chat/chatRequest';
import type { ConsoleEvent, ConsoleInitialState, OutcomeView } from '../../src/protocol/testConsole';
import { requestFor } from '../../src/testConsole/requestBuilder';
import { applyEvent, startInput } from '../../webview-ui/testConsole/consoleEvents';
import { createStore, initialConsoleState, savedViewOf, type ConsoleState } from '../../webview-ui/testConsole/consoleState';
import { draftOf, rawFromForm, readForm, readInput } from '../../webview-ui/testConsole/formInput';

function setup(kind: ConsoleInitialState['api']['kind'], deployments: string[] = []): ConsoleInitialState {
  const defaults = { ...DEFAULT_CHAT_FORM, model: kind === 'openai' ? 'gpt-4o-mini' : '', deployment: deployments[0] ?? '' };
  return {
    api: {
      apiId: 'chat',
      displayName: 'Chat',
      instance: 'apim',
      endpoint: 'https://apim.example/chat',
      kind,
      keyHeader: 'api-key',
      suggestedModels: [],
      deployments,
      operations: [],
      paths: { chatPath: kind === 'openai' ? '/v1/chat/completions' : '/chat/completions' },
      chatOperations: kind === 'passthrough' ? [] : ['chat'],
    },
    key: { state: 'loading' },
    defaults,
    rawDefaults: { method: 'POST', path: kind === 'openai' ? '/v1/chat/completions' : '/', body: '' },
    startMode: kind === 'passthrough' ? 'raw' : 'form',
    history: [],
    totals: { requests: 0, failed: 0, perRequest: [] },
  };
}

function consoleState(s: ConsoleInitialState): ConsoleState {
  return { ...initialConsoleState('Test'), ...applyEvent(initialConsoleState('Test'), { type: 'init', state: s }, undefined) };
}

void test('"Raw request" starts from exactly what the host sends for the form (one builder, the host\'s)', () => {
  for (const [kind, chatPath] of [
    ['openai', '/v1/chat/completions'],
    ['azureOpenAi', '/chat/completions'],
  ] as const) {
    const form = { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini', deployment: 'gpt 4o', temperature: 0.5, stream: true };
    const raw = rawFromForm(draftOf(form), kind, { chatPath });
    const host = requestFor({ kind, chatPath }, { mode: 'form', form: readForm(draftOf(form), kind) as typeof form });
    assert.ok(host.ok && raw);
    assert.deepEqual(raw, { method: host.request.method, path: host.request.path, body: host.request.body });
  }
  assert.equal(rawFromForm(draftOf(DEFAULT_CHAT_FORM), 'passthrough', { chatPath: '/' }), undefined);
  assert.equal(rawFromForm({ ...draftOf(DEFAULT_CHAT_FORM), maxTokens: 'many' }, 'openai', { chatPath: '/chat/completions' }), undefined);
});

void test('the form reads as typed: numbers checked with one sentence, fields the API does not show sent empty', () => {
  const draft = { ...draftOf({ ...DEFAULT_CHAT_FORM, model: 'm', deployment: 'd' }), maxTokens: ' 20 ', temperature: '' };
  assert.deepEqual(readForm(draft, 'openai'), { ...DEFAULT_CHAT_FORM, model: 'm', deployment: '', apiVersion: '', maxTokens: 20 });
  assert.deepEqual(readForm(draft, 'azureOpenAi'), { ...DEFAULT_CHAT_FORM, model: '', deployment: 'd', maxTokens: 20 });
  assert.match(readForm({ ...draft, maxTokens: '0' }, 'openai') as string, /^Max tokens must be a whole number/);
  assert.match(readForm({ ...draft, maxTokens: '1.5' }, 'openai') as string, /^Max tokens must be a whole number/);
  assert.match(readForm({ ...draft, temperature: '3' }, 'openai') as string, /^Temperature must be between 0 and 2/);
  const raw = readInput({ mode: 'raw', form: draft, raw: { method: '', path: '/x', body: '' } }, 'openai');
  assert.deepEqual(raw, { mode: 'raw', raw: { method: 'POST', path: '/x', body: '' } });
});

void test('the console starts from the inputs saved for the API, else its defaults', () => {
  const s = setup('azureOpenAi', ['gpt-4o', 'gpt-4o-mini']);
  assert.deepEqual(startInput(s, undefined), { mode: 'form', form: draftOf(s.defaults), raw: s.rawDefaults });
  const saved = {
    mode: 'raw' as const,
    form: { ...s.defaults, deployment: 'gone', userMessage: 'Hi' },
    raw: { method: 'GET', path: '/', body: '' },
  };
  const input = startInput(s, saved);
  assert.equal(input.mode, 'raw');
  assert.equal(input.form.userMessage, 'Hi');
  assert.equal(input.form.deployment, 'gpt-4o', 'a deployment no longer listed shows the first one, as the list does');
  assert.equal(startInput(setup('passthrough'), { ...saved, mode: 'form' }).mode, 'raw', 'a passthrough API has only the raw request');
});

void test("each host message changes its part of the state; a request's events count only while it runs", () => {
  let state: ConsoleState = { ...consoleState(setup('openai')), running: 'r1' };
  const apply = (event: ConsoleEvent): void => {
    state = { ...state, ...applyEvent(state, event, undefined) };
  };
  apply({ type: 'text', requestId: 'old', delta: 'stale' });
  assert.equal(state.response.answer, '');
  apply({ type: 'response', requestId: 'r1', status: 200, firstByteMs: 12 });
  assert.equal(state.response.status, '200 · first byte after 12 ms');
  apply({ type: 'text', requestId: 'r1', delta: 'Hel' });
  apply({ type: 'text', requestId: 'r1', delta: 'lo' });
  assert.deepEqual([state.response.answer, state.response.chunks], ['Hello', 2]);
  const outcome: OutcomeView = {
    method: 'POST',
    url: 'https://apim.example/chat/v1/chat/completions',
    status: 200,
    statusText: 'OK',
    streamed: true,
    text: 'Hello!',
    model: 'gpt-4o-mini',
    timing: { firstByteMs: 12, totalMs: 40 },
    rateLimit: {},
  };
  const totals = { requests: 1, failed: 0, perRequest: [] };
  apply({ type: 'done', requestId: 'r1', outcome, totals, history: [] });
  assert.equal(state.running, undefined);
  assert.deepEqual(
    [state.response.answer, state.response.status, state.response.outcomeOf],
    ['Hello!', '200 OK · streamed · gpt-4o-mini', 'r1'],
  );
  assert.equal(state.totals, totals);
  // The raw response is asked for after the request ended.
  apply({ type: 'raw', requestId: 'r1', headers: { 'x-a': '1' }, body: '{}', truncated: true });
  assert.equal(state.response.raw, 'x-a: 1\n\n{}\n… (truncated after 1 MB)');
  apply({ type: 'keyRevealed', key: 'secret' });
  apply({ type: 'key', key: { state: 'ready', subscription: 'Team A' } });
  assert.equal(state.revealedKey, undefined, 'a new key hides the revealed one');
  apply({ type: 'loadFailed', message: 'The API is gone.' });
  assert.deepEqual([state.page, state.failure], ['failed', 'The API is gone.']);
});

void test('the store persists after updates that change the inputs, never with the key or the answer', () => {
  const persisted: unknown[] = [];
  const store = createStore(consoleState(setup('openai')), (s) => persisted.push(savedViewOf(s)));
  const rendered: ConsoleState[] = [];
  store.subscribe((s) => rendered.push(s));
  store.update({ revealedKey: 'secret', response: { status: 'Sending…', answer: 'x', chunks: 1 } });
  assert.equal(persisted.length, 0);
  store.update(({ input }) => ({ input: { ...input, form: { ...input.form, userMessage: 'Hi' } } }));
  store.update(({ input }) => ({ input: { ...input, form: { ...input.form, maxTokens: 'lots' } } }));
  assert.equal(rendered.length, 4, 'every view renders once at subscribe and after each update');
  assert.deepEqual(persisted, [
    {
      mode: 'form',
      form: { ...setup('openai').defaults, deployment: '', apiVersion: '', userMessage: 'Hi' },
      raw: setup('openai').rawDefaults,
    },
    // A form whose numbers do not read is kept as the API's defaults (what the host would also start from).
    { mode: 'form', form: setup('openai').defaults, raw: setup('openai').rawDefaults },
  ]);
  assert.ok(!JSON.stringify(persisted).includes('secret'));
});
