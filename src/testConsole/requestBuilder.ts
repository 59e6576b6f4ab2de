/**
 * From what the user filled in (the form with the tab's conversation, or a raw request) to the HTTP request for the
 * API, and to the text shared by "Copy as curl" / "Open as .http". One place, so that what is sent and what is copied
 * cannot differ. Every check that refuses a send says why in one sentence, and nothing is sent then.
 */
import { buildRawRequest, type ChatForm, type ConsoleHttpRequest } from '../domain/chat/chatRequest';
import { checkTranscriptSize, EMPTY_CONVERSATION } from '../domain/chat/conversation';
import { toCurl, toHttpFile, type ShareableRequest } from '../domain/chat/curl';
import { MIN_OUTPUT_TOKENS } from '../domain/chat/responsesRequest';
import { buildReplayRequest, buildTurnRequest } from '../domain/chat/turnRequest';
import type { SendInput } from '../protocol/testConsole';
import type { ConsoleTarget } from './consoleTarget';

export type BuiltRequest = { readonly ok: true; readonly request: ConsoleHttpRequest } | { readonly ok: false; readonly error: string };

export type RequestTarget = Pick<ConsoleTarget, 'kind' | 'chatPath'> &
  Partial<Pick<ConsoleTarget, 'responsesPath' | 'deployments' | 'chatOperations'>>;

export function requestFor(target: RequestTarget, input: SendInput): BuiltRequest {
  if (input.mode === 'raw') return buildRawRequest(input.raw.method, input.raw.path, input.raw.body);
  if (target.kind === 'passthrough') {
    return { ok: false, error: 'This API has no chat completions operation. Write the request in "Raw request".' };
  }
  const form = input.form;
  const problem = formProblem(target, form);
  if (problem) return { ok: false, error: problem };
  if (!form.userMessage.trim()) return { ok: false, error: 'The user message is empty. Write a message to send.' };
  const conversation = input.conversation ?? EMPTY_CONVERSATION;
  const tooLong = checkTranscriptSize(conversation, form.systemMessage, form.userMessage);
  if (tooLong) return { ok: false, error: tooLong };
  return { ok: true, request: buildTurnRequest(target.kind, form, paths(target), conversation) };
}

/** The whole conversation as one request that replays it ("Copy conversation as curl"). */
export function replayRequestFor(target: RequestTarget, input: SendInput): BuiltRequest {
  if (input.mode === 'raw' || target.kind === 'passthrough' || !input.conversation?.turns.length) {
    return { ok: false, error: 'There is no conversation to copy yet. Send a message first.' };
  }
  const problem = formProblem(target, input.form);
  if (problem) return { ok: false, error: problem };
  const request = buildReplayRequest(target.kind, input.form, paths(target), input.conversation);
  return request ? { ok: true, request } : { ok: false, error: 'There is no conversation to copy yet. Send a message first.' };
}

function paths(target: RequestTarget): { chatPath: string; responsesPath?: string } {
  return { chatPath: target.chatPath, ...(target.responsesPath ? { responsesPath: target.responsesPath } : {}) };
}

function formProblem(target: RequestTarget, form: ChatForm): string | undefined {
  if (target.kind === 'azureOpenAi' && !form.deployment.trim()) return 'No deployment is chosen. Enter the deployment to call.';
  if (target.kind === 'azureOpenAi' && !form.apiVersion.trim()) return 'No API version is set. Enter one such as 2024-10-21.';
  if (target.kind === 'openai' && !form.model.trim()) return 'No model is set. Enter the model to call, e.g. gpt-4o-mini.';
  const deployments = target.deployments ?? [];
  // Model in the body of an API in front of an Azure account: only its deployments answer (Azure says 404 otherwise).
  if (target.kind === 'openai' && deployments.length > 0 && !deployments.some((d) => d.toLowerCase() === form.model.trim().toLowerCase())) {
    return `The model "${form.model.trim()}" is not a deployment of the account behind this API. Use one of ${deployments.map((d) => `"${d}"`).join(', ')}; nothing was sent.`;
  }
  if (form.operation === 'responses') {
    if (!target.responsesPath) return 'This API has no Responses operation (POST /responses). Choose "Chat completions".';
    if (form.maxTokens !== undefined && form.maxTokens < MIN_OUTPUT_TOKENS) {
      return `The Responses API takes at least ${MIN_OUTPUT_TOKENS} max output tokens. Raise "Max tokens" or clear it.`;
    }
  } else if (target.chatOperations && !target.chatOperations.includes('chat')) {
    return 'This API has no chat completions operation. Choose "Responses".';
  }
  return undefined;
}

/** A short label for history rows: the start of the user message, or the method and path. */
export function labelFor(input: SendInput): string {
  const text = input.mode === 'form' ? input.form.userMessage : `${input.raw.method.toUpperCase()} ${input.raw.path}`;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
}

function shareable(target: Pick<ConsoleTarget, 'endpoint' | 'api'>, request: ConsoleHttpRequest): ShareableRequest {
  const { accept: _accept, ...headers } = request.headers;
  return {
    method: request.method,
    url: `${target.endpoint.replace(/\/+$/, '')}${request.path}`,
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    keyHeader: target.api.subscriptionKeyHeader,
    stream: request.headers.accept === 'text/event-stream',
  };
}

export function curlFor(target: Pick<ConsoleTarget, 'endpoint' | 'api'>, request: ConsoleHttpRequest): string {
  return toCurl(shareable(target, request));
}

export function httpFileFor(target: Pick<ConsoleTarget, 'endpoint' | 'api'>, request: ConsoleHttpRequest): string {
  return toHttpFile(shareable(target, request), `${target.api.displayName}: request from the AI Gateway test console`);
}
