/**
 * The console's one state object and its one update function. Views render from the state and change it only through
 * `update`, which also keeps the inputs and the tab's conversation in the webview state (`setState`,
 * src/protocol/testConsoleState.ts: the target, the inputs and the transcript, never a key). New parts of the console
 * add a field here and a view that renders it.
 */
import type {
  ChatForm,
  ConsoleInitialState,
  ConsoleTargetRef,
  Conversation,
  HistoryEntry,
  KeyInfo,
  OutcomeView,
  RawRequestInput,
  SessionTotals,
} from '../../src/protocol/testConsole';
import type { PoolView } from '../../src/protocol/testConsolePool';
import type { ConsolePersistedState, ConsoleSavedView } from '../../src/protocol/testConsoleState';
import { EMPTY_CONVERSATION } from '../../src/protocol/webviewShared';
import { readForm, readRaw, type InputDraft } from './formInput';

/** The answer on screen: of the request running, or of the last one. */
export interface ResponseState {
  /** The line under "Response": what is happening, then the status. */
  readonly status: string;
  readonly answer: string;
  /** Streamed text events received for the answer. */
  readonly chunks: number;
  readonly outcome?: OutcomeView;
  /** The id of the request whose outcome is shown ("Show raw response" asks the host for it). */
  readonly outcomeOf?: string;
  readonly error?: string;
  /** The raw response (headers and body) once the user asked for it. */
  readonly raw?: string;
}

export interface ConsoleState {
  readonly page: 'loading' | 'console' | 'failed';
  readonly title: string;
  /** page 'failed': why there is no console. */
  readonly failure?: string;
  /** What the host sent when the API was loaded; set on page 'console'. */
  readonly setup?: ConsoleInitialState;
  readonly input: InputDraft;
  readonly key: KeyInfo;
  /** Shown only while revealed; never persisted. */
  readonly revealedKey?: string;
  /** The id of the request in flight. */
  readonly running?: string;
  /** The form the request in flight was sent with (a form send): its answer becomes a turn of the conversation. */
  readonly turnInFlight?: ChatForm;
  /** The tab's transcript: the answered turns, restored with the tab. */
  readonly conversation: Conversation;
  readonly response: ResponseState;
  readonly totals: SessionTotals;
  readonly history: readonly HistoryEntry[];
  /** A sentence next to the buttons: input that does not read, or an action that failed. */
  readonly notice?: string;
  /** The pool the API routes to, once the host has read it (poolSection.ts). */
  readonly pool?: PoolView;
}

export type ConsoleView = (state: ConsoleState, previous: ConsoleState | undefined) => void;

export interface ConsoleStore {
  readonly state: ConsoleState;
  update(change: Partial<ConsoleState> | ((state: ConsoleState) => Partial<ConsoleState>)): void;
  /** Renders `view` now and after every update. */
  subscribe(view: ConsoleView): void;
}

export const EMPTY_RESPONSE: ResponseState = { status: 'Nothing sent yet', answer: '', chunks: 0 };
const EMPTY_RAW: RawRequestInput = { method: 'POST', path: '', body: '' };

export function initialConsoleState(title: string, conversation: Conversation = EMPTY_CONVERSATION): ConsoleState {
  return {
    conversation,
    page: 'loading',
    title,
    input: {
      mode: 'form',
      form: {
        model: '',
        deployment: '',
        apiVersion: '',
        systemMessage: '',
        userMessage: '',
        maxTokens: '',
        temperature: '',
        stream: false,
      },
      raw: EMPTY_RAW,
    },
    key: { state: 'loading' },
    response: EMPTY_RESPONSE,
    totals: { requests: 0, failed: 0, perRequest: [] },
    history: [],
  };
}

/** The inputs as they are kept; a form whose numbers do not read is kept as the API's defaults. */
export function savedViewOf(state: ConsoleState): ConsoleSavedView | undefined {
  if (!state.setup) return undefined;
  const form = readForm(state.input.form, state.setup.api.kind);
  return { mode: state.input.mode, form: typeof form === 'string' ? state.setup.defaults : form, raw: readRaw(state.input.raw) };
}

/** What the tab keeps: the target, the inputs (or those saved before the API loaded) and the transcript when any. */
export function persistedOf(state: ConsoleState, target: ConsoleTargetRef, saved: ConsoleSavedView | undefined): ConsolePersistedState {
  const view = savedViewOf(state) ?? saved;
  return { target, ...(view ? { view } : {}), ...(state.conversation.turns.length > 0 ? { conversation: state.conversation } : {}) };
}

/** `persist` runs after each update that changed the inputs or the conversation. */
export function createStore(initial: ConsoleState, persist: (state: ConsoleState) => void): ConsoleStore {
  let state = initial;
  const views: ConsoleView[] = [];
  return {
    get state() {
      return state;
    },
    update(change) {
      const previous = state;
      state = { ...state, ...(typeof change === 'function' ? change(state) : change) };
      if (state.input !== previous.input || state.setup !== previous.setup || state.conversation !== previous.conversation) persist(state);
      for (const view of views) view(state, previous);
    },
    subscribe(view) {
      views.push(view);
      view(state, undefined);
    },
  };
}
