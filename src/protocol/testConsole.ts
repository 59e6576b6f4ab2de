/**
 * Messages between the test console panel (host) and its webview. Both sides import this file. The webview never
 * receives a subscription key except in `keyRevealed`, which it shows and does not keep in its state.
 */
import { CHAT_OPERATIONS, type ChatApiKind, type ChatForm, type ChatOperation } from '../domain/chat/chatRequest';
import type { Conversation, ConversationTurn } from '../domain/chat/conversation';
import type { RateLimitInfo } from '../domain/chat/rateLimits';
import type { TurnPaths } from '../domain/chat/turnRequest';
import type { TokenUsage } from '../domain/chat/usage';
import { fail, isRecord, ok, readBoolean, readMessageType, readNumber, readOneOf, readString, type Parsed } from '../domain/guards';
import { parseSimulateThrottling, type PoolView, type RouteView, type SimulateThrottlingRequest } from './testConsolePool';
import { parseConversation } from './testConsoleConversation';

export type { ChatApiKind, ChatForm, ChatOperation, Conversation, ConversationTurn, RateLimitInfo, TokenUsage, TurnPaths };

/** The API a console targets, by ids only: the rest (path, key header, key) is read again from Azure. */
export interface ConsoleTargetRef {
  /** ARM id of the APIM service. */
  readonly serviceId: string;
  /** The API's name inside the service. */
  readonly apiId: string;
}

export interface RawRequestInput {
  readonly method: string;
  /** Path and query after the API endpoint. */
  readonly path: string;
  readonly body: string;
}

/** A form send carries the tab's conversation so far; a raw request stands alone. */
export type SendInput =
  | { readonly mode: 'form'; readonly form: ChatForm; readonly conversation?: Conversation }
  | { readonly mode: 'raw'; readonly raw: RawRequestInput };

export interface ConsoleApiInfo {
  readonly apiId: string;
  readonly displayName: string;
  readonly instance: string;
  /** `{gatewayUrl}/{path}`. */
  readonly endpoint: string;
  readonly kind: ChatApiKind;
  readonly keyHeader: string;
  readonly provider?: string;
  readonly suggestedModels: readonly string[];
  /**
   * The deployments of the Azure OpenAI / AIServices account behind the API, when found: the deployment in the path
   * (Azure OpenAI) or the names "model" may take (v1 and model inference, model in the body).
   */
  readonly deployments: readonly string[];
  readonly operations: readonly { readonly method: string; readonly urlTemplate: string }[];
  /** Where the form's requests go: chat completions and, when the API has it, the Responses API. */
  readonly paths: TurnPaths;
  /** The model APIs the form can call, in the order offered (chat completions first). */
  readonly chatOperations: readonly ChatOperation[];
}

export type KeyState = 'loading' | 'ready' | 'notRequired' | 'none' | 'error';

export interface KeyInfo {
  readonly state: KeyState;
  /** Display name of the APIM subscription whose key is used. */
  readonly subscription?: string;
  readonly message?: string;
}

export interface TimingView {
  readonly firstByteMs: number;
  readonly firstTokenMs?: number;
  readonly totalMs: number;
  readonly tokensPerSecond?: number;
}

export interface OutcomeView {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly streamed: boolean;
  readonly text: string;
  readonly finishReason?: string;
  readonly model?: string;
  readonly usage?: TokenUsage;
  readonly timing: TimingView;
  readonly rateLimit: RateLimitInfo;
  readonly requestId?: string;
  readonly error?: string;
  /** Which region/pool member answered and the gateway's attempts, when the console can tell. */
  readonly route?: RouteView;
  /** Responses API: the response's id and whether the service stored it (the next turn may then name it). */
  readonly responseId?: string;
  readonly stored?: boolean;
}

export interface HistoryEntry {
  readonly id: string;
  /** ISO time of the send. */
  readonly at: string;
  readonly label: string;
  readonly input: SendInput;
  readonly status?: number;
  readonly totalTokens?: number;
  readonly estimated?: boolean;
}

export interface RequestTokens {
  readonly id: string;
  readonly prompt: number;
  readonly completion: number;
  readonly estimated: boolean;
}

export interface SessionTotals {
  readonly requests: number;
  readonly failed: number;
  readonly usage?: TokenUsage;
  /** The latest requests, oldest first, for the chart. */
  readonly perRequest: readonly RequestTokens[];
}

export interface ConsoleInitialState {
  readonly api: ConsoleApiInfo;
  readonly key: KeyInfo;
  readonly defaults: ChatForm;
  /** Prefill of the raw request (the chat request as JSON, or the operation the console was opened on). */
  readonly rawDefaults: RawRequestInput;
  readonly startMode: SendInput['mode'];
  readonly history: readonly HistoryEntry[];
  readonly totals: SessionTotals;
}

/** What the page carries in its HTML, shown before the host has loaded anything. */
export interface ConsoleBootState {
  readonly title: string;
  /** Kept in the webview state so that VS Code can restore the panel for the same API after a reload. */
  readonly target?: ConsoleTargetRef;
  /** The panel could not be restored: the page shows this sentence and talks to no host. */
  readonly restoreError?: string;
}

/** Host → webview. */
export type ConsoleEvent =
  | { readonly type: 'init'; readonly state: ConsoleInitialState }
  | { readonly type: 'loadFailed'; readonly message: string }
  | { readonly type: 'key'; readonly key: KeyInfo }
  | { readonly type: 'keyRevealed'; readonly key: string }
  | { readonly type: 'started'; readonly requestId: string; readonly method: string; readonly url: string }
  | { readonly type: 'response'; readonly requestId: string; readonly status: number; readonly firstByteMs: number }
  | { readonly type: 'text'; readonly requestId: string; readonly delta: string }
  | {
      readonly type: 'done';
      readonly requestId: string;
      readonly outcome: OutcomeView;
      readonly totals: SessionTotals;
      readonly history: readonly HistoryEntry[];
    }
  | { readonly type: 'failed'; readonly requestId: string; readonly message: string }
  | { readonly type: 'stopped'; readonly requestId: string }
  | {
      readonly type: 'raw';
      readonly requestId: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      readonly truncated: boolean;
    }
  | { readonly type: 'history'; readonly history: readonly HistoryEntry[] }
  /** A failure of an action that is not a request (copy, open, choose a key), shown next to the buttons. */
  | { readonly type: 'notice'; readonly message: string }
  /** The API's pool and its members (after init, and after each throttling change). */
  | { readonly type: 'pool'; readonly pool: PoolView };

/** Webview → host. */
export type ConsoleRequest =
  | { readonly type: 'ready' }
  | { readonly type: 'send'; readonly requestId: string; readonly input: SendInput }
  | { readonly type: 'stop'; readonly requestId: string }
  | { readonly type: 'showRaw'; readonly requestId: string }
  | { readonly type: 'copyCurl'; readonly input: SendInput }
  | { readonly type: 'openHttp'; readonly input: SendInput }
  /** Copies the whole conversation of a form input as one curl command that replays it. */
  | { readonly type: 'copyConversation'; readonly input: SendInput }
  | { readonly type: 'revealKey' }
  | { readonly type: 'chooseKey' }
  | { readonly type: 'clearHistory' }
  /** Opens the Usage view of the console's API (the session totals link to it). */
  | { readonly type: 'showUsage' }
  /** Opens "Configure AI Policies…" on the console's API. */
  | { readonly type: 'configurePolicies' }
  /** Sandbox mode: a pool member answers 429 (or stops), through the sandbox's fault hooks. */
  | SimulateThrottlingRequest;

const REQUEST_TYPES = [
  'ready',
  'send',
  'stop',
  'showRaw',
  'copyCurl',
  'openHttp',
  'copyConversation',
  'revealKey',
  'chooseKey',
  'clearHistory',
  'showUsage',
  'configurePolicies',
  'simulateThrottling',
] as const;
const EVENT_TYPES = [
  'init',
  'loadFailed',
  'key',
  'keyRevealed',
  'started',
  'response',
  'text',
  'done',
  'failed',
  'stopped',
  'raw',
  'history',
  'notice',
  'pool',
] as const;
const MAX_TEXT = 200_000;

export function parseConsoleRequest(raw: unknown): Parsed<ConsoleRequest> {
  const type = readMessageType(raw, REQUEST_TYPES);
  if (!type.ok) return type;
  const m = raw as Record<string, unknown>;
  switch (type.value) {
    case 'ready':
    case 'revealKey':
    case 'chooseKey':
    case 'clearHistory':
    case 'showUsage':
    case 'configurePolicies':
      return ok({ type: type.value });
    case 'stop':
    case 'showRaw': {
      const id = readRequestId(m);
      return id.ok ? ok({ type: type.value, requestId: id.value }) : id;
    }
    case 'send': {
      const id = readRequestId(m);
      if (!id.ok) return id;
      const input = parseSendInput(m.input);
      return input.ok ? ok({ type: 'send', requestId: id.value, input: input.value }) : input;
    }
    case 'copyCurl':
    case 'openHttp':
    case 'copyConversation': {
      const input = parseSendInput(m.input);
      return input.ok ? ok({ type: type.value, input: input.value }) : input;
    }
    case 'simulateThrottling':
      return parseSimulateThrottling(m);
  }
}

function readRequestId(m: Record<string, unknown>): Parsed<string> {
  const id = readString(m, 'requestId', { maxLength: 100 });
  if (!id.ok) return id;
  return /^[\w-]+$/.test(id.value!) ? ok(id.value!) : fail('"requestId" may hold letters, digits, "_" and "-" only.');
}

export function parseSendInput(raw: unknown): Parsed<SendInput> {
  if (!isRecord(raw)) return fail('"input" must be an object.');
  const mode = readOneOf(raw, 'mode', ['form', 'raw'] as const);
  if (!mode.ok) return mode;
  if (mode.value === 'form') {
    const form = parseChatForm(raw.form);
    if (!form.ok) return form;
    if (raw.conversation === undefined) return ok({ mode: 'form', form: form.value });
    const conversation = parseConversation(raw.conversation);
    return conversation.ok ? ok({ mode: 'form', form: form.value, conversation: conversation.value }) : conversation;
  }
  const rawInput = parseRawRequestInput(raw.raw);
  return rawInput.ok ? ok({ mode: 'raw', raw: rawInput.value }) : rawInput;
}

export function parseRawRequestInput(r: unknown): Parsed<RawRequestInput> {
  if (!isRecord(r)) return fail('"raw" must be an object.');
  const method = readString(r, 'method', { maxLength: 16 });
  if (!method.ok) return method;
  const path = readString(r, 'path', { maxLength: 4_000 });
  if (!path.ok) return path;
  const body = readString(r, 'body', { maxLength: MAX_TEXT });
  if (!body.ok) return body;
  return ok({ method: method.value!, path: path.value!, body: body.value! });
}

export function parseChatForm(raw: unknown): Parsed<ChatForm> {
  if (!isRecord(raw)) return fail('"form" must be an object.');
  const text: Record<string, string> = {};
  for (const [field, max] of [
    ['model', 200],
    ['deployment', 200],
    ['apiVersion', 50],
    ['systemMessage', MAX_TEXT],
    ['userMessage', MAX_TEXT],
  ] as const) {
    const v = readString(raw, field, { maxLength: max });
    if (!v.ok) return v;
    text[field] = v.value!;
  }
  const maxTokens = readNumber(raw, 'maxTokens', { optional: true, integer: true, min: 1, max: 1_000_000 });
  if (!maxTokens.ok) return maxTokens;
  const temperature = readNumber(raw, 'temperature', { optional: true, min: 0, max: 2 });
  if (!temperature.ok) return temperature;
  const stream = readBoolean(raw, 'stream');
  if (!stream.ok) return stream;
  const operation = raw.operation === undefined ? ok(undefined) : readOneOf(raw, 'operation', CHAT_OPERATIONS);
  if (!operation.ok) return operation;
  const store = readBoolean(raw, 'store', { optional: true });
  if (!store.ok) return store;
  return ok({
    model: text.model,
    deployment: text.deployment,
    apiVersion: text.apiVersion,
    systemMessage: text.systemMessage,
    userMessage: text.userMessage,
    ...(maxTokens.value !== undefined ? { maxTokens: maxTokens.value } : {}),
    ...(temperature.value !== undefined ? { temperature: temperature.value } : {}),
    stream: stream.value!,
    ...(operation.value !== undefined ? { operation: operation.value } : {}),
    ...(store.value !== undefined ? { store: store.value } : {}),
  });
}

/** The webview trusts the host, but still drops anything that is not one of its events (other extensions' noise). */
export function parseConsoleEvent(raw: unknown): ConsoleEvent | undefined {
  const type = readMessageType(raw, EVENT_TYPES);
  return type.ok ? (raw as ConsoleEvent) : undefined;
}
