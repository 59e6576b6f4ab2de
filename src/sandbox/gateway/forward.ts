/**
 * The backend call: node:http(s) over keep-alive agents that trust the sandbox CA, the request's headers minus
 * hop-by-hop ones plus the backend's credentials, and the response either buffered or left streaming for the
 * responder to pipe. Circuit breakers learn from every status.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { GatewayError } from './apimErrors';
import type { GatewayCall, GatewayResponse } from './call';
import { type BackendTarget, resolveTarget } from './backends';

export interface ForwardOptions {
  readonly timeoutMs: number;
  /** undefined = APIM's default for the content: buffer, except server-sent events which stream through. */
  readonly bufferResponse: boolean | undefined;
  /**
   * `buffer-request-body="true"`: the request body is kept for another attempt. Without it APIM has streamed the body
   * to the first backend, so a retried attempt sends none (why the labs set it inside `retry`).
   */
  readonly bufferRequestBody?: boolean;
}

export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);

export async function forwardCall(call: GatewayCall, options: ForwardOptions): Promise<void> {
  const target = resolveTarget(call);
  const body = call.forwardAttempts > 0 && !options.bufferRequestBody ? Buffer.alloc(0) : call.request.body;
  if (body !== call.request.body) call.ctx.log('gateway: a retried forward-request without buffer-request-body="true" sends no body');
  call.forwardAttempts++;
  let response: IncomingMessage;
  try {
    response = await send(call, target, options.timeoutMs, body);
  } catch (err) {
    if (target.breakerKey) call.state.breakers.record(target.breakerKey, target.rules, 0, undefined);
    const timedOut = err instanceof Error && err.message === 'timeout';
    call.ctx.log(`gateway: backend ${target.url} failed: ${err instanceof Error ? err.message : String(err)}`);
    throw new GatewayError(timedOut ? 504 : 500, timedOut ? 'Gateway timeout' : 'Internal server error');
  }
  const status = response.statusCode ?? 502;
  if (target.breakerKey) {
    const retryAfter = Number(response.headers['retry-after']);
    call.state.breakers.record(target.breakerKey, target.rules, status, Number.isFinite(retryAfter) ? retryAfter : undefined);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  const isEventStream = /text\/event-stream/i.test(headers['content-type'] ?? '');
  const buffer = options.bufferResponse ?? !isEventStream;
  const result: GatewayResponse = { status, headers };
  if (buffer) {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    result.body = Buffer.concat(chunks);
  } else {
    result.stream = response;
  }
  call.response = result;
}

/**
 * A keep-alive socket the backend closed while it sat in the pool fails at once with ECONNRESET; the request never
 * reached the backend, so it is sent again once on a fresh socket (the pattern Node's docs give for `reusedSocket`).
 */
async function send(call: GatewayCall, target: BackendTarget, timeoutMs: number, body: Buffer): Promise<IncomingMessage> {
  try {
    return await sendOnce(call, target, timeoutMs, body);
  } catch (err) {
    if (err instanceof StaleSocketError) return sendOnce(call, target, timeoutMs, body);
    throw err;
  }
}

class StaleSocketError extends Error {}

function sendOnce(call: GatewayCall, target: BackendTarget, timeoutMs: number, body: Buffer): Promise<IncomingMessage> {
  const url = new URL(target.url.replace(/\/+$/, '') + call.request.path);
  for (const [k, v] of call.request.query) url.searchParams.append(k, v);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(call.request.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
  Object.assign(headers, target.headers);
  headers['x-forwarded-for'] = call.request.clientIp;
  headers['content-length'] = String(body.length);
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(url, {
      method: call.request.method,
      headers,
      agent: secure ? call.state.httpsAgent : call.state.httpAgent,
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.once('response', resolve);
    req.once('error', (err: NodeJS.ErrnoException) =>
      reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(err.message) : err),
    );
    req.end(body);
  });
}
