/**
 * From what the user filled in (the form or a raw request) to the HTTP request for the API, and to the text shared by
 * "Copy as curl" / "Open as .http". One place, so that what is sent and what is copied cannot differ.
 */
import { buildChatRequest, buildRawRequest, type ConsoleHttpRequest } from '../domain/chat/chatRequest';
import { toCurl, toHttpFile, type ShareableRequest } from '../domain/chat/curl';
import type { SendInput } from '../protocol/testConsole';
import type { ConsoleTarget } from './consoleTarget';

export type BuiltRequest = { readonly ok: true; readonly request: ConsoleHttpRequest } | { readonly ok: false; readonly error: string };

export function requestFor(target: Pick<ConsoleTarget, 'kind' | 'chatPath'>, input: SendInput): BuiltRequest {
  if (input.mode === 'raw') return buildRawRequest(input.raw.method, input.raw.path, input.raw.body);
  if (target.kind === 'passthrough') {
    return { ok: false, error: 'This API has no chat completions operation. Write the request in "Raw request".' };
  }
  const form = input.form;
  if (target.kind === 'azureOpenAi' && !form.deployment.trim()) {
    return { ok: false, error: 'No deployment is chosen. Enter the deployment to call.' };
  }
  if (target.kind === 'azureOpenAi' && !form.apiVersion.trim()) {
    return { ok: false, error: 'No API version is set. Enter one such as 2024-10-21.' };
  }
  if (target.kind === 'openai' && !form.model.trim()) {
    return { ok: false, error: 'No model is set. Enter the model to call, e.g. gpt-4o-mini.' };
  }
  if (!form.userMessage.trim()) return { ok: false, error: 'The user message is empty. Write a message to send.' };
  return { ok: true, request: buildChatRequest(target.kind, form, target.chatPath) };
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
