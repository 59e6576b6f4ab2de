/**
 * What the console sends: the request shape an API takes (OpenAI-compatible chat, Azure OpenAI deployments with an
 * api-version, or a passthrough where the user writes the request), and the HTTP request built from the form.
 */

export type ChatApiKind = 'openai' | 'azureOpenAi' | 'passthrough';

/** Which API of the model the form calls: chat completions (`messages`) or the Responses API (`input`). */
export type ChatOperation = 'chat' | 'responses';
export const CHAT_OPERATIONS: readonly ChatOperation[] = ['chat', 'responses'];

/** A message of the conversation so far, as chat completions and the Responses API's `input` both take it. */
export interface HistoryMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface OperationShape {
  readonly method: string;
  readonly urlTemplate: string;
}

export interface ChatForm {
  /** OpenAI-compatible APIs: the `model` field. */
  readonly model: string;
  /** Azure OpenAI APIs: the deployment in the path. */
  readonly deployment: string;
  /** Azure OpenAI APIs: the `api-version` query parameter. */
  readonly apiVersion: string;
  readonly systemMessage: string;
  readonly userMessage: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly stream: boolean;
  /** 'chat' when absent (forms saved before the Responses API was offered). */
  readonly operation?: ChatOperation;
  /** Responses API: `store: false` when false; the next turn then sends the whole transcript instead of its id. */
  readonly store?: boolean;
}

/** A request relative to the API's endpoint (`{gatewayUrl}/{apiPath}`), before the key header is added. */
export interface ConsoleHttpRequest {
  readonly method: string;
  /** Path and query after the API endpoint, starting with '/'. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Latest GA inference api-version of Azure OpenAI when the seed was written. */
export const DEFAULT_AZURE_OPENAI_API_VERSION = '2024-10-21';

/** The seeds' sample request. */
export const DEFAULT_CHAT_FORM: ChatForm = {
  model: '',
  deployment: '',
  apiVersion: DEFAULT_AZURE_OPENAI_API_VERSION,
  systemMessage: 'You are a helpful assistant',
  userMessage: 'How are you?',
  maxTokens: 50,
  stream: false,
};

const AZURE_CHAT = /^\/?deployments\/\{[^}]+\}\/chat\/completions$/i;
const OPENAI_CHAT = /^\/?(?:v1\/)?chat\/completions$/i;
const RESPONSES = /^\/?(?:v1\/)?responses$/i;

/**
 * Decides the request shape from the API's operations: Azure OpenAI wins over plain chat; an API with only the
 * Responses API is OpenAI-compatible too (model in the body); otherwise passthrough.
 */
export function detectChatApiKind(operations: readonly OperationShape[]): ChatApiKind {
  const posts = operations.filter((o) => o.method.toUpperCase() === 'POST').map((o) => o.urlTemplate.split('?')[0] ?? '');
  if (posts.some((t) => AZURE_CHAT.test(t))) return 'azureOpenAi';
  if (posts.some((t) => OPENAI_CHAT.test(t) || RESPONSES.test(t))) return 'openai';
  return 'passthrough';
}

/** The Responses API path of an OpenAI-compatible API (`/responses`, `/v1/responses`), when it has that operation. */
export function responsesPathOf(operations: readonly OperationShape[]): string | undefined {
  const template = operations.find(
    (o) => o.method.toUpperCase() === 'POST' && RESPONSES.test(o.urlTemplate.split('?')[0] ?? ''),
  )?.urlTemplate;
  return template ? `/${template.replace(/^\/+/, '').split('?')[0]}` : undefined;
}

/** Whether the API has a chat completions operation (an API may offer the Responses API alone). */
export function hasChatOperation(operations: readonly OperationShape[]): boolean {
  return operations.some((o) => {
    const t = o.urlTemplate.split('?')[0] ?? '';
    return o.method.toUpperCase() === 'POST' && (AZURE_CHAT.test(t) || OPENAI_CHAT.test(t));
  });
}

/** The chat path of an OpenAI-compatible API (some expose `/v1/chat/completions`). */
export function openAiChatPath(operations: readonly OperationShape[]): string {
  const template = operations.find(
    (o) => o.method.toUpperCase() === 'POST' && OPENAI_CHAT.test(o.urlTemplate.split('?')[0] ?? ''),
  )?.urlTemplate;
  return template ? `/${template.replace(/^\/+/, '').split('?')[0]}` : '/chat/completions';
}

/** The chat completions body; `history` is the conversation so far, between the system message and the new one. */
export function buildChatBody(
  kind: Exclude<ChatApiKind, 'passthrough'>,
  form: ChatForm,
  history: readonly HistoryMessage[] = [],
): Record<string, unknown> {
  const messages = [
    ...(form.systemMessage.trim() ? [{ role: 'system', content: form.systemMessage }] : []),
    ...history.map((m) => ({ role: m.role, content: m.content })),
    { role: 'user', content: form.userMessage },
  ];
  return {
    // Azure OpenAI takes the model from the deployment in the path.
    ...(kind === 'openai' ? { model: form.model } : {}),
    messages,
    ...(form.maxTokens !== undefined ? { max_tokens: form.maxTokens } : {}),
    ...(form.temperature !== undefined ? { temperature: form.temperature } : {}),
    // Without include_usage a stream carries no usage at all.
    ...(form.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

export function buildChatRequest(
  kind: Exclude<ChatApiKind, 'passthrough'>,
  form: ChatForm,
  chatPath = '/chat/completions',
  history: readonly HistoryMessage[] = [],
): ConsoleHttpRequest {
  const path =
    kind === 'azureOpenAi'
      ? `/deployments/${encodeURIComponent(form.deployment)}/chat/completions?api-version=${encodeURIComponent(form.apiVersion)}`
      : chatPath;
  return {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', accept: form.stream ? 'text/event-stream' : 'application/json' },
    body: JSON.stringify(buildChatBody(kind, form, history), null, 2),
  };
}

/** A request written by hand (raw body editor, passthrough APIs); a JSON body is checked so that typos fail here. */
export function buildRawRequest(
  method: string,
  path: string,
  body: string,
): { ok: true; request: ConsoleHttpRequest } | { ok: false; error: string } {
  const verb = method.trim().toUpperCase();
  if (!/^[A-Z]+$/.test(verb)) return { ok: false, error: `"${method}" is not an HTTP method. Use GET, POST, PUT, PATCH or DELETE.` };
  const normalisedPath = `/${path.trim().replace(/^\/+/, '')}`;
  if (/\s/.test(normalisedPath)) return { ok: false, error: 'The path contains spaces. Encode them as %20.' };
  const hasBody = body.trim() !== '' && verb !== 'GET' && verb !== 'HEAD';
  if (hasBody) {
    try {
      JSON.parse(body);
    } catch (e) {
      return { ok: false, error: `The body is not valid JSON (${(e as Error).message}). Fix it or clear it.` };
    }
  }
  return {
    ok: true,
    request: {
      method: verb,
      path: normalisedPath,
      headers: hasBody ? { 'content-type': 'application/json' } : {},
      ...(hasBody ? { body } : {}),
    },
  };
}
