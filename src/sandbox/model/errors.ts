/** The error bodies the mock model answers with: OpenAI's shape, and Azure OpenAI's own for its gateway-level errors. */
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** `{ error: { message, type, param, code } }` as api.openai.com sends it. */
export function sendOpenAiError(
  res: ServerResponse,
  status: number,
  message: string,
  options: { type?: string; param?: string | null; code?: string | null; headers?: Record<string, string> } = {},
): void {
  const type = options.type ?? (status === 401 ? 'invalid_request_error' : status >= 500 ? 'server_error' : 'invalid_request_error');
  sendJson(res, status, { error: { message, type, param: options.param ?? null, code: options.code ?? null } }, options.headers);
}

/** `{ error: { code, message } }`: what Azure OpenAI's front door answers before a request reaches a model. */
export function sendAzureError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}
