// The console's conversations, pure: how a turn carries the history (chat messages, previous_response_id or Responses
// input), the replay that "Copy conversation" copies, the size limit, Responses answers whole and streamed, and the
// front end's transcript state (a 2xx answer adds a turn, a failure keeps the transcript, the tab keeps it, never a key).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CHAT_FORM, type ChatForm } from '../../src/domain/chat/chatRequest';
import { answerFromBody, ChatStreamAccumulator } from '../../src/domain/chat/chatResponse';
import {
  addTurn,
  checkTranscriptSize,
  conversationUsage,
  EMPTY_CONVERSATION,
  MAX_TRANSCRIPT_CHARS,
  MAX_TURNS,
  responsesContinuation,
  type Conversation,
} from '../../src/domain/chat/conversation';
import { explainResponseError } from '../../src/domain/chat/responseErrors';
import { buildReplayRequest, buildTurnRequest } from '../../src/domain/chat/turnRequest';
import type { ConsoleEvent, ConsoleInitialState, OutcomeView } from '../../src/protocol/testConsole';
import { parseSendInput } from '../../src/protocol/testConsole';
import { parseConsolePersistedState } from '../../src/protocol/testConsoleState';
import { applyEvent } from '../../webview-ui/testConsole/consoleEvents';
import { initialConsoleState, persistedOf, type ConsoleState } from '../../webview-ui/testConsole/consoleState';

const form: ChatForm = { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini', userMessage: 'Third?', operation: 'responses' };
const paths = { chatPath: '/chat/completions', responsesPath: '/responses' };
const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15 };
const two: Conversation = {
  turns: [
    { operation: 'chat', user: 'First?', assistant: 'First.', usage },
    { operation: 'responses', user: 'Second?', assistant: 'Second.', responseId: 'resp_2', usage: { ...usage, cachedTokens: 4 } },
  ],
};
const body = (c: Conversation, f: ChatForm = form): Record<string, unknown> =>
  JSON.parse(buildTurnRequest('openai', f, paths, c).body ?? '') as Record<string, unknown>;

void test('a Responses turn names the last stored response; without one, or with store off, it sends the transcript as input', () => {
  assert.deepEqual(responsesContinuation(two, true), { previousResponseId: 'resp_2', history: [] });
  assert.deepEqual(body(two), {
    model: 'gpt-4o-mini',
    instructions: 'You are a helpful assistant',
    input: 'Third?',
    previous_response_id: 'resp_2',
    max_output_tokens: 50,
  });
  const asInput = [
    { role: 'user', content: 'First?' },
    { role: 'assistant', content: 'First.' },
    { role: 'user', content: 'Second?' },
    { role: 'assistant', content: 'Second.' },
    { role: 'user', content: 'Third?' },
  ];
  assert.deepEqual(body(two, { ...form, store: false, stream: true }), {
    model: 'gpt-4o-mini',
    instructions: 'You are a helpful assistant',
    input: asInput,
    max_output_tokens: 50,
    store: false,
    stream: true,
  });
  // The last turn was chat (no stored response): the earlier turns go as input.
  const chatLast = addTurn(two, { operation: 'chat', user: 'Third?', assistant: 'Third.' });
  assert.equal(responsesContinuation(chatLast, true).previousResponseId, undefined);
  assert.equal((body(chatLast) as { input: unknown[] }).input.length, 7);
  // A first turn is a plain string input.
  assert.equal(body(EMPTY_CONVERSATION).input, 'Third?');
  assert.equal(buildTurnRequest('openai', form, paths, two).path, '/responses');
});

void test('a chat turn sends the system message, every earlier turn as messages, then the new one', () => {
  const chat = JSON.parse(buildTurnRequest('openai', { ...form, operation: 'chat' }, paths, two).body ?? '') as { messages: unknown[] };
  assert.deepEqual(chat.messages, [
    { role: 'system', content: 'You are a helpful assistant' },
    { role: 'user', content: 'First?' },
    { role: 'assistant', content: 'First.' },
    { role: 'user', content: 'Second?' },
    { role: 'assistant', content: 'Second.' },
    { role: 'user', content: 'Third?' },
  ]);
  // An API without the Responses operation gets chat completions whatever the form says.
  assert.equal(buildTurnRequest('openai', form, { chatPath: '/v1/chat/completions' }, two).path, '/v1/chat/completions');
});

void test('"Copy conversation" replays the last turn with the earlier ones inlined, never by a stored id', () => {
  const replay = buildReplayRequest('openai', { ...form, userMessage: '' }, paths, two);
  assert.ok(replay);
  const b = JSON.parse(replay.body ?? '') as Record<string, unknown>;
  assert.deepEqual(b.input, [
    { role: 'user', content: 'First?' },
    { role: 'assistant', content: 'First.' },
    { role: 'user', content: 'Second?' },
  ]);
  assert.equal(b.previous_response_id, undefined);
  assert.equal(buildReplayRequest('openai', form, paths, EMPTY_CONVERSATION), undefined);
});

void test('usage adds up over the turns; the size limit says its figure and why, and leaves the transcript alone', () => {
  assert.deepEqual(conversationUsage(two), { promptTokens: 20, completionTokens: 10, totalTokens: 30, cachedTokens: 4 });
  assert.equal(conversationUsage(EMPTY_CONVERSATION), undefined);
  assert.equal(checkTranscriptSize(two, 'system', 'next'), undefined);
  const big: Conversation = { turns: [{ operation: 'chat', user: 'x'.repeat(MAX_TRANSCRIPT_CHARS), assistant: 'y' }] };
  const sentence = checkTranscriptSize(big, '', 'z');
  assert.match(
    sentence ?? '',
    /holds 400,002 characters, and a turn carries at most 400,000 \(about 100,000 tokens, near the 128,000-token context window/,
  );
  assert.equal(big.turns[0].user.length, MAX_TRANSCRIPT_CHARS, 'nothing of the transcript is cut');
  const many: Conversation = {
    turns: Array.from({ length: MAX_TURNS }, () => ({ operation: 'chat' as const, user: 'a', assistant: 'b' })),
  };
  assert.match(
    checkTranscriptSize(many, '', 'c') ?? '',
    /^This conversation has 200 turns, the most the console keeps in a tab \(200, because VS Code saves the transcript with the tab\)/,
  );
});

void test('a Responses body and stream read as text, status, id, store and usage with cached and reasoning tokens', () => {
  const response = {
    id: 'resp_abc',
    object: 'response',
    status: 'incomplete',
    incomplete_details: { reason: 'max_output_tokens' },
    model: 'gpt-4o-mini-2024-07-18',
    store: true,
    output: [{ id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello there', annotations: [] }] }],
    usage: {
      input_tokens: 30,
      input_tokens_details: { cached_tokens: 12 },
      output_tokens: 9,
      output_tokens_details: { reasoning_tokens: 5 },
      total_tokens: 39,
    },
  };
  const expected = {
    text: 'Hello there',
    finishReason: 'max_output_tokens',
    model: 'gpt-4o-mini-2024-07-18',
    usage: { promptTokens: 30, completionTokens: 9, totalTokens: 39, cachedTokens: 12, reasoningTokens: 5 },
    responseId: 'resp_abc',
    stored: true,
  };
  assert.deepEqual(answerFromBody(response), expected);
  const acc = new ChatStreamAccumulator();
  const pending = { ...response, status: 'in_progress', output: [], usage: null, incomplete_details: null };
  const deltas = [
    { type: 'response.created', response: pending },
    { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', content: [] } },
    { type: 'response.output_text.delta', item_id: 'msg_1', delta: 'Hello' },
    { type: 'response.output_text.delta', item_id: 'msg_1', delta: ' there' },
    { type: 'response.output_text.done', item_id: 'msg_1', text: 'Hello there' },
    { type: 'response.incomplete', response },
  ].map((e) => acc.add(e));
  assert.deepEqual(deltas, ['', '', 'Hello', ' there', '', '']);
  assert.deepEqual(acc.answer(), expected);
  // A stream cut before its last event keeps the text and the id it had; an error event is the stream's error.
  const cut = new ChatStreamAccumulator();
  cut.add({ type: 'response.created', response: pending });
  cut.add({ type: 'response.output_text.delta', delta: 'Hel' });
  cut.add({ type: 'error', code: 'server_error', message: 'The model failed.' });
  assert.deepEqual(cut.answer(), {
    text: 'Hel',
    finishReason: 'in_progress',
    model: 'gpt-4o-mini-2024-07-18',
    responseId: 'resp_abc',
    stored: true,
    streamError: 'The model failed.',
  });
});

void test('a previous response the service no longer has is one sentence that says what to do', () => {
  const sentence = explainResponseError({
    status: 400,
    body: JSON.stringify({ error: { message: "Previous response with id 'resp_1' not found.", code: 'previous_response_not_found' } }),
    keyHeader: 'api-key',
    kind: 'openai',
    method: 'POST',
    path: '/responses',
  });
  assert.match(sentence ?? '', /^The service no longer has the previous response of this conversation\. .* Turn "Store responses" off/);
});

function setupOf(): ConsoleInitialState {
  return {
    api: {
      apiId: 'v1',
      displayName: 'Foundry v1',
      instance: 'apim',
      endpoint: 'https://apim.example/foundry/openai/v1',
      kind: 'openai',
      keyHeader: 'api-key',
      suggestedModels: [],
      deployments: ['gpt-4o-mini'],
      operations: [],
      paths,
      chatOperations: ['chat', 'responses'],
    },
    key: { state: 'ready', subscription: 'Team' },
    defaults: { ...form, userMessage: 'Hi' },
    rawDefaults: { method: 'POST', path: '/chat/completions', body: '' },
    startMode: 'form',
    history: [],
    totals: { requests: 0, failed: 0, perRequest: [] },
  };
}

void test('the front end: a 2xx answer to a form send becomes a turn and empties the message; a failure keeps all', () => {
  const start = initialConsoleState('Test', two);
  let state: ConsoleState = { ...start, ...applyEvent(start, { type: 'init', state: setupOf() }, undefined) };
  assert.equal(state.conversation, two, 'the transcript restored with the tab survives the API loading');
  assert.equal(state.input.form.operation, 'responses');
  const sent = { ...form, userMessage: 'Hi' };
  const apply = (event: ConsoleEvent): void => {
    state = { ...state, ...applyEvent(state, event, undefined) };
  };
  const outcome: OutcomeView = {
    method: 'POST',
    url: 'https://apim.example/foundry/openai/v1/responses',
    status: 200,
    statusText: 'OK',
    streamed: false,
    text: 'Hello!',
    usage,
    timing: { firstByteMs: 1, totalMs: 2 },
    rateLimit: {},
    responseId: 'resp_3',
    stored: true,
  };
  const done = (requestId: string, o: OutcomeView): ConsoleEvent => ({
    type: 'done',
    requestId,
    outcome: o,
    totals: state.totals,
    history: [],
  });

  state = { ...state, running: 'r1', turnInFlight: sent };
  apply(done('r1', outcome));
  assert.equal(state.conversation.turns.length, 3);
  assert.deepEqual(state.conversation.turns[2], { operation: 'responses', user: 'Hi', assistant: 'Hello!', responseId: 'resp_3', usage });
  assert.equal(state.input.form.userMessage, '', 'the message box is emptied for the next turn');
  assert.equal(state.turnInFlight, undefined);

  // A refused turn (429, the API gone) or a failed one leaves the transcript and the typed message as they were.
  const before = state.conversation;
  state = {
    ...state,
    running: 'r2',
    turnInFlight: { ...sent, userMessage: 'Again' },
    input: { ...state.input, form: { ...state.input.form, userMessage: 'Again' } },
  };
  apply(done('r2', { ...outcome, status: 404, error: 'The API "Foundry v1" no longer exists.' }));
  assert.equal(state.conversation, before);
  assert.equal(state.input.form.userMessage, 'Again');
  state = { ...state, running: 'r3', turnInFlight: { ...sent, userMessage: 'Again' } };
  apply({ type: 'failed', requestId: 'r3', message: 'This conversation is too long to continue.' });
  assert.equal(state.conversation, before);
  assert.equal(state.turnInFlight, undefined);
  // An unstored response is not named by the next turn.
  state = { ...state, running: 'r4', turnInFlight: { ...sent, userMessage: 'Again', store: false } };
  apply(done('r4', { ...outcome, stored: false, responseId: 'resp_4' }));
  assert.equal(state.conversation.turns.at(-1)?.responseId, undefined);
  // What the user typed while the answer streamed stays.
  state = { ...state, running: 'r5', turnInFlight: sent, input: { ...state.input, form: { ...state.input.form, userMessage: 'typing…' } } };
  apply(done('r5', outcome));
  assert.equal(state.input.form.userMessage, 'typing…');

  // The tab keeps the transcript (parsed back as it was), never the revealed key.
  const target = { serviceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim', apiId: 'v1' };
  const kept = persistedOf({ ...state, revealedKey: 'secret-key-value' }, target, undefined);
  assert.ok(!JSON.stringify(kept).includes('secret-key-value'));
  const parsed = parseConsolePersistedState(JSON.parse(JSON.stringify(kept)));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  assert.deepEqual(parsed.value.conversation, state.conversation);
  assert.equal(persistedOf({ ...state, conversation: EMPTY_CONVERSATION }, target, undefined).conversation, undefined);
});

void test('a transcript from the webview is checked: forged fields and ids, and unbounded sizes, are refused', () => {
  const send = (conversation: unknown) => parseSendInput({ mode: 'form', form: DEFAULT_CHAT_FORM, conversation });
  assert.ok(send(two).ok);
  assert.match(
    (send({ turns: [{ ...two.turns[1], responseId: 'resp 1; rm -rf' }] }) as { error: string }).error,
    /^turn 1: "responseId" is not a response id/,
  );
  assert.match(
    (send({ turns: [{ ...two.turns[0], operation: 'embeddings' }] }) as { error: string }).error,
    /"operation" must be one of chat, responses/,
  );
  assert.match(
    (send({ turns: [{ ...two.turns[0], usage: { promptTokens: -1, completionTokens: 0, totalTokens: 0 } }] }) as { error: string }).error,
    /at least 0/,
  );
  assert.ok(!send({ turns: Array.from({ length: MAX_TURNS + 2 }, () => two.turns[0]) }).ok);
  const huge = { operation: 'chat', user: 'u'.repeat(1_000_000), assistant: 'a'.repeat(1_000_000) };
  assert.match((send({ turns: [huge, huge] }) as { error: string }).error, /more than 2000000 characters/);
});
