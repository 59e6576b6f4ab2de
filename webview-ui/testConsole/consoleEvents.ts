/** What each message from the host changes in the console's state. */
import type { ConsoleEvent, ConsoleInitialState, OutcomeView } from '../../src/protocol/testConsole';
import type { ConsoleSavedView } from '../../src/protocol/testConsoleState';
import { addTurn } from '../../src/protocol/webviewShared';
import { EMPTY_RESPONSE, type ConsoleState } from './consoleState';
import { formatMs } from './format';
import { draftOf, type InputDraft } from './formInput';

/** The inputs to start from: those saved for this API when there are any, else the API's defaults. */
export function startInput(setup: ConsoleInitialState, saved: ConsoleSavedView | undefined): InputDraft {
  const draft = draftOf(saved?.form ?? setup.defaults);
  const deployments = setup.api.deployments;
  // A saved form may name an operation this API no longer has (or none, from before the Responses API was offered).
  const operation = draft.operation && setup.api.chatOperations.includes(draft.operation) ? draft.operation : setup.defaults.operation;
  const form = { ...draft, ...(operation ? { operation } : {}) };
  return {
    mode: setup.api.kind === 'passthrough' ? 'raw' : (saved?.mode ?? setup.startMode),
    // The list offers the API's deployments only; it shows the first when the saved one is gone.
    form:
      setup.api.kind === 'azureOpenAi' && deployments.length > 0 && !deployments.includes(form.deployment)
        ? { ...form, deployment: deployments[0] }
        : form,
    raw: saved?.raw ?? setup.rawDefaults,
  };
}

/** A 2xx answer to a form send becomes a turn of the transcript, and the message box is emptied for the next one. */
function withTurn(state: ConsoleState, o: OutcomeView): Partial<ConsoleState> {
  const sent = state.turnInFlight;
  if (!sent || o.status < 200 || o.status >= 300 || o.error !== undefined) return { turnInFlight: undefined };
  const conversation = addTurn(state.conversation, {
    operation: sent.operation ?? 'chat',
    user: sent.userMessage,
    assistant: o.text,
    // Only a stored response can be named by the next turn; otherwise that turn sends the transcript.
    ...(o.responseId && o.stored !== false ? { responseId: o.responseId } : {}),
    ...(o.model ? { model: o.model } : {}),
    ...(o.usage ? { usage: o.usage } : {}),
  });
  const input = state.input;
  // What the user typed while the answer streamed is theirs to keep.
  const typed = input.form.userMessage !== sent.userMessage;
  return { turnInFlight: undefined, conversation, ...(typed ? {} : { input: { ...input, form: { ...input.form, userMessage: '' } } }) };
}

export function applyEvent(state: ConsoleState, event: ConsoleEvent, saved: ConsoleSavedView | undefined): Partial<ConsoleState> {
  switch (event.type) {
    case 'init':
      return {
        page: 'console',
        setup: event.state,
        input: startInput(event.state, saved),
        key: event.state.key,
        revealedKey: undefined,
        running: undefined,
        response: EMPTY_RESPONSE,
        totals: event.state.totals,
        history: event.state.history,
        notice: undefined,
      };
    case 'loadFailed':
      return { page: 'failed', title: 'Test console', failure: event.message };
    case 'key':
      return { key: event.key, revealedKey: undefined };
    case 'keyRevealed':
      return { revealedKey: event.key };
    case 'history':
      return { history: event.history };
    case 'notice':
      return { notice: event.message };
    case 'pool':
      return { pool: event.pool };
  }
  // The raw response may be asked for after the request ended; every other event belongs to the request in flight.
  if (event.requestId !== state.running && event.type !== 'raw') return {};
  const response = state.response;
  switch (event.type) {
    case 'started':
      return { response: { ...response, status: `${event.method} ${event.url}` } };
    case 'response':
      return { response: { ...response, status: `${event.status} · first byte after ${formatMs(event.firstByteMs)}` } };
    case 'text':
      return { response: { ...response, answer: response.answer + event.delta, chunks: response.chunks + 1 } };
    case 'done': {
      const o = event.outcome;
      const status = [`${o.status} ${o.statusText}`.trim(), o.streamed ? 'streamed' : undefined, o.model].filter(Boolean).join(' · ');
      // The final text replaces the streamed one: the same text, and a whole body arrives only here.
      return {
        running: undefined,
        response: { ...response, status, answer: o.text, outcome: o, outcomeOf: event.requestId, error: o.error ?? response.error },
        totals: event.totals,
        history: event.history,
        ...withTurn(state, o),
      };
    }
    case 'failed':
      return { running: undefined, turnInFlight: undefined, response: { ...response, status: 'Failed', error: event.message } };
    case 'stopped':
      return { running: undefined, turnInFlight: undefined, response: { ...response, status: 'Stopped' } };
    case 'raw': {
      const lines = Object.entries(event.headers).map(([k, v]) => `${k}: ${v}`);
      const body = event.body + (event.truncated ? '\n… (truncated after 1 MB)' : '');
      return { response: { ...response, raw: [...lines, '', body].join('\n') } };
    }
  }
}
