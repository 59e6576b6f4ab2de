// The console's Responses path and conversations through the real controller, against an API imported from the seeded
// AIServices account in Azure OpenAI v1 mode: webview messages in, protocol events out. Two Responses turns chained by
// previous_response_id (whole and streamed), the same without stored responses (the transcript sent as input), a chat
// conversation, the whole conversation copied as curl, and the bad input: a model the account has no deployment of, an
// oversized transcript and a turn after the API was deleted, each one sentence with nothing sent or lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deleteApi, getApi, type ApiSummary } from '../../src/apim/apis';
import type { ServiceRef } from '../../src/apim/refs';
import type { ChatForm } from '../../src/domain/chat/chatRequest';
import { addTurn, EMPTY_CONVERSATION, MAX_TRANSCRIPT_CHARS, type Conversation } from '../../src/domain/chat/conversation';
import { aoaiResourceNames } from '../../src/domain/import/azureOpenAi/names';
import type { ConsoleEvent, ConsoleInitialState, HistoryEntry, OutcomeView, SendInput } from '../../src/protocol/testConsole';
import type { SecretStore } from '../../src/testConsole/subscriptionKeys';
import { TestConsoleController } from '../../src/testConsole/testConsoleController';
import { accountId, aoaiForm, clientsOf, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard } from './helpers/aoaiWizardImport';
import { sandboxPerSuite } from './helpers/sandbox';

const log = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let service: ServiceRef;
let api: ApiSummary;
const sb = sandboxPerSuite({}, async (started) => {
  service = await serviceRef(started, 'aiGateway');
  const form = aoaiForm(accountId(started, 'aiServices'), { compatibility: 'v1', basePath: 'foundry', displayName: 'Foundry v1' });
  const run = await importThroughWizard(started, service, { form, onExisting: 'conflict' });
  assert.equal(run.outcome.status, 'succeeded', describeWizardOutcome(run.outcome));
  api = (await getApi(clientsOf(started), service, aoaiResourceNames('Foundry v1').apiId))!;
});

/** A console controller recording what it posts, copies and saves. */
function recordingConsole(): {
  controller: TestConsoleController;
  events: ConsoleEvent[];
  copied: string[];
  history: () => readonly HistoryEntry[];
} {
  const events: ConsoleEvent[] = [];
  const copied: string[] = [];
  const secrets = new Map<string, string>();
  let history: readonly HistoryEntry[] = [];
  const store: SecretStore = {
    get: (k) => Promise.resolve(secrets.get(k)),
    store: (k, v) => Promise.resolve(void secrets.set(k, v)),
    delete: (k) => Promise.resolve(void secrets.delete(k)),
  };
  const clients = clientsOf(sb);
  const controller = new TestConsoleController(api, {
    clients: () => clients,
    secrets: store,
    chooseSubscription: (candidates) => Promise.resolve(candidates[0]),
    transport: () => ({ extraCaPem: clients.extraCaPem }),
    post: (e) => events.push(e),
    log,
    loadHistory: () => history,
    saveHistory: (h) => Promise.resolve(void (history = h)),
    copyText: (text) => Promise.resolve(void copied.push(text)),
    openHttpFile: () => Promise.resolve(),
  });
  return { controller, events, copied, history: () => history };
}

type Console = ReturnType<typeof recordingConsole>;

function eventsOf(c: Console, requestId: string): ConsoleEvent[] {
  return c.events.filter((e) => 'requestId' in e && e.requestId === requestId);
}

/** Sends one turn and returns how it ended: the outcome of an answer, or the sentence of a refusal. */
async function sendTurn(c: Console, requestId: string, form: ChatForm, conversation: Conversation): Promise<ConsoleEvent | undefined> {
  const input: SendInput = { mode: 'form', form, conversation };
  await c.controller.handle({ type: 'send', requestId, input });
  return eventsOf(c, requestId).at(-1);
}

async function answered(c: Console, requestId: string, form: ChatForm, conversation: Conversation): Promise<OutcomeView> {
  const end = await sendTurn(c, requestId, form, conversation);
  if (end?.type !== 'done') throw new Error(`turn ${requestId} ended with ${JSON.stringify(end)}`);
  return end.outcome;
}

async function refused(c: Console, requestId: string, form: ChatForm, conversation: Conversation): Promise<string> {
  const end = await sendTurn(c, requestId, form, conversation);
  if (end?.type !== 'failed') throw new Error(`turn ${requestId} ended with ${JSON.stringify(end)}`);
  return end.message;
}

/** What the webview adds to its transcript after a 2xx answer. */
function turnOf(form: ChatForm, outcome: OutcomeView): Parameters<typeof addTurn>[1] {
  return {
    operation: form.operation ?? 'chat',
    user: form.userMessage,
    assistant: outcome.text,
    ...(outcome.responseId && outcome.stored !== false ? { responseId: outcome.responseId } : {}),
    ...(outcome.usage ? { usage: outcome.usage } : {}),
  };
}

async function ready(c: Console): Promise<ConsoleInitialState> {
  await c.controller.handle({ type: 'ready' });
  const init = c.events.find((e): e is Extract<ConsoleEvent, { type: 'init' }> => e.type === 'init');
  assert.ok(init, 'init');
  return init.state;
}

void describe('test console: Responses API and conversations on a v1 API', () => {
  let init: ConsoleInitialState;
  let responsesForm: ChatForm;

  void it('offers chat completions and Responses, the account deployments as models, and starts on a chat deployment', async () => {
    const c = recordingConsole();
    init = await ready(c);
    assert.equal(init.api.kind, 'openai');
    assert.deepEqual(init.api.chatOperations, ['chat', 'responses']);
    assert.deepEqual(init.api.paths, { chatPath: '/chat/completions', responsesPath: '/responses' });
    assert.deepEqual([...init.api.deployments].sort(), ['gpt-4o-mini', 'text-embedding-3-large']);
    assert.equal(init.defaults.model, 'gpt-4o-mini');
    assert.equal(init.defaults.operation, 'chat');
    responsesForm = { ...init.defaults, operation: 'responses', maxTokens: 200 };
    c.controller.dispose();
  });

  void it('two Responses turns: the second names the first by previous_response_id and its answer knows the first', async () => {
    const c = recordingConsole();
    await ready(c);
    const first = { ...responsesForm, userMessage: 'Remember the colour teal' };
    const one = await answered(c, 'resp-1', first, EMPTY_CONVERSATION);
    assert.equal(one.status, 200, one.error);
    assert.match(one.responseId ?? '', /^resp_/);
    assert.equal(one.stored, true);
    assert.ok(one.usage && one.usage.promptTokens > 0 && one.usage.completionTokens > 0 && !one.usage.estimated);
    assert.equal(one.usage.cachedTokens, 0, 'input_tokens_details.cached_tokens is read');
    assert.equal(one.usage.reasoningTokens, 0, 'output_tokens_details.reasoning_tokens is read');
    assert.equal(one.finishReason, 'completed');
    assert.match(one.text, /^You asked: "Remember the colour teal"/);

    const conversation = addTurn(EMPTY_CONVERSATION, turnOf(first, one));
    const second = { ...responsesForm, userMessage: 'Which colour did I name?', stream: true };
    const two = await answered(c, 'resp-2', second, conversation);
    assert.equal(two.status, 200, two.error);
    assert.equal(two.streamed, true);
    assert.match(two.text, /^Earlier in this conversation you asked: "Remember the colour teal"/);
    const streamed = eventsOf(c, 'resp-2')
      .filter((e): e is Extract<ConsoleEvent, { type: 'text' }> => e.type === 'text')
      .map((e) => e.delta);
    assert.ok(streamed.length > 1, 'response.output_text.delta events arrive one by one');
    assert.equal(streamed.join(''), two.text);
    // The second turn's input is the stored history plus the new message: more input tokens than the first turn's.
    assert.ok(two.usage && !two.usage.estimated && two.usage.promptTokens > one.usage.promptTokens + one.usage.completionTokens);
    assert.match(two.url, /\/foundry\/openai\/v1\/responses$/);
    // The history keeps the inputs of each send, never the conversation.
    assert.ok(c.history().every((h) => h.input.mode === 'form' && !('conversation' in h.input)));
    c.controller.dispose();
  });

  void it('without stored responses the transcript goes as input, and the answer still knows the first turn', async () => {
    const c = recordingConsole();
    await ready(c);
    const first = { ...responsesForm, store: false, userMessage: 'My name is Ada' };
    const one = await answered(c, 'nostore-1', first, EMPTY_CONVERSATION);
    assert.equal(one.status, 200, one.error);
    assert.equal(one.stored, false);
    const conversation = addTurn(EMPTY_CONVERSATION, turnOf(first, one));
    assert.equal(conversation.turns[0].responseId, undefined, 'an unstored response cannot be named');
    const two = await answered(c, 'nostore-2', { ...first, userMessage: 'What is my name?' }, conversation);
    assert.equal(two.status, 200, two.error);
    assert.match(two.text, /^Earlier in this conversation you asked: "My name is Ada"/);
    c.controller.dispose();
  });

  void it('a chat conversation sends the earlier turns as messages', async () => {
    const c = recordingConsole();
    await ready(c);
    const first = { ...init.defaults, userMessage: 'Plan a trip to Lisbon' };
    const one = await answered(c, 'chat-1', first, EMPTY_CONVERSATION);
    assert.equal(one.status, 200, one.error);
    const two = await answered(c, 'chat-2', { ...first, userMessage: 'And the budget?' }, addTurn(EMPTY_CONVERSATION, turnOf(first, one)));
    assert.equal(two.status, 200, two.error);
    assert.match(two.text, /^Earlier in this conversation you asked: "Plan a trip to Lisbon"/);
    c.controller.dispose();
  });

  void it('"Copy conversation as curl" replays the whole conversation as input, with the key as a variable only', async () => {
    const c = recordingConsole();
    await ready(c);
    const conversation = addTurn(
      addTurn(EMPTY_CONVERSATION, { operation: 'responses', user: 'First question', assistant: 'First answer', responseId: 'resp_1' }),
      {
        operation: 'responses',
        user: 'Second question',
        assistant: 'Second answer',
        responseId: 'resp_2',
      },
    );
    await c.controller.handle({
      type: 'copyConversation',
      input: { mode: 'form', form: { ...responsesForm, userMessage: '' }, conversation },
    });
    assert.equal(c.copied.length, 1, JSON.stringify(c.events.at(-1)));
    const curl = c.copied[0];
    assert.match(curl, /\/foundry\/openai\/v1\/responses'/);
    assert.match(curl, /"role": "user",\s+"content": "First question"/);
    assert.match(curl, /"role": "assistant",\s+"content": "First answer"/);
    assert.match(curl, /"input": \[[\s\S]*"content": "Second question"\s+}\s+\]/);
    assert.doesNotMatch(curl, /previous_response_id|Second answer/);
    assert.match(curl, /-H "api-key: \$APIM_KEY"/);
    const key = await masterKey(sb, service);
    assert.ok(!curl.includes(key));
    c.controller.dispose();
  });

  void it('a model the account has no deployment of: one sentence, nothing sent', async () => {
    const c = recordingConsole();
    await ready(c);
    const sentence = await refused(c, 'bad-model', { ...responsesForm, model: 'gpt-5-turbo' }, EMPTY_CONVERSATION);
    const offered = init.api.deployments.map((d) => `"${d}"`).join(', ');
    assert.equal(
      sentence,
      `The model "gpt-5-turbo" is not a deployment of the account behind this API. Use one of ${offered}; nothing was sent.`,
    );
    assert.ok(!eventsOf(c, 'bad-model').some((e) => e.type === 'started'), 'nothing was sent');
    c.controller.dispose();
  });

  void it('an oversized transcript: one sentence with the limit and why, nothing sent', async () => {
    const c = recordingConsole();
    await ready(c);
    const long = 'x'.repeat(MAX_TRANSCRIPT_CHARS / 2);
    const conversation = addTurn(EMPTY_CONVERSATION, { operation: 'chat', user: long, assistant: long });
    const sentence = await refused(c, 'too-long', { ...init.defaults, userMessage: 'One more?' }, conversation);
    assert.match(
      sentence,
      /^This conversation is too long to continue: .* at most 400,000 \(about 100,000 tokens.*context window.*\)\. .*nothing was sent and the transcript is kept\.$/,
    );
    assert.ok(!eventsOf(c, 'too-long').some((e) => e.type === 'started'));
    c.controller.dispose();
  });

  void it('a turn after the API was deleted: one sentence that says so, and no key in anything the webview got', async () => {
    const c = recordingConsole();
    await ready(c);
    const first = { ...responsesForm, userMessage: 'Hello before the deletion' };
    const one = await answered(c, 'gone-1', first, EMPTY_CONVERSATION);
    assert.equal(one.status, 200, one.error);
    await deleteApi(clientsOf(sb), api);
    const two = await answered(c, 'gone-2', { ...first, userMessage: 'Still there?' }, addTurn(EMPTY_CONVERSATION, turnOf(first, one)));
    assert.equal(two.status, 404);
    assert.equal(
      two.error,
      'The API "Foundry v1" no longer exists in "contoso-ai-gateway": it was deleted after this console opened. Nothing of the conversation is lost; import the API again, or close this tab.',
    );
    const before = JSON.stringify(c.events);
    await c.controller.handle({ type: 'revealKey' });
    const revealed = c.events.at(-1);
    assert.ok(revealed?.type === 'keyRevealed' && revealed.key.length > 10);
    assert.ok(!before.includes(revealed.key), 'the key never reaches the webview unless revealed');
    c.controller.dispose();
  });
});
