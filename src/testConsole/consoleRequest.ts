/**
 * The console's request path: send through the gateway, read the answer as it streams (SSE) or whole, take the usage
 * the backend reported (or estimate it), time it, read the limit headers and explain a failure in one sentence.
 * Nothing here holds on to the key: it is a header of the one request and is not part of the outcome.
 */
import { answerFromBody, ChatStreamAccumulator, type ChatAnswer } from '../domain/chat/chatResponse';
import type { ChatApiKind, ConsoleHttpRequest } from '../domain/chat/chatRequest';
import { readRateLimits, readRequestId, type RateLimitInfo } from '../domain/chat/rateLimits';
import { errorMessageOf, explainResponseError } from '../domain/chat/responseErrors';
import { SseParser } from '../domain/chat/sse';
import { estimateUsage } from '../domain/chat/tokenEstimate';
import type { TokenUsage } from '../domain/chat/usage';
import { isRecord } from '../domain/guards';
import { GatewayTimeoutError, openGatewayResponse, type GatewayTransport } from './gatewayClient';

export interface ConsoleRequestInput {
  /** `{gatewayUrl}/{apiPath}`. */
  readonly endpoint: string;
  readonly request: ConsoleHttpRequest;
  /** The subscription key and the header the API reads it from; absent for APIs that need no subscription. */
  readonly key?: { readonly header: string; readonly value: string };
  readonly keyHeader: string;
  readonly kind: ChatApiKind;
  readonly deployment?: string;
  readonly apiVersion?: string;
  /** Estimate usage with the tokenizer when the backend sent none (default true). */
  readonly estimateMissingUsage?: boolean;
}

export interface ConsoleRequestEvents {
  /** Status and headers arrived. */
  onResponse?(status: number, elapsedMs: number): void;
  /** Answer text arrived (streamed responses; once for a whole body). */
  onText?(delta: string, elapsedMs: number): void;
}

export interface ConsoleTiming {
  readonly firstByteMs: number;
  /** Streamed: the first text of the answer; whole bodies: the first byte of the body. */
  readonly firstTokenMs?: number;
  readonly totalMs: number;
  /** Completion tokens over the total time. */
  readonly tokensPerSecond?: number;
}

export interface ConsoleOutcome {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly streamed: boolean;
  readonly answer: ChatAnswer;
  readonly usage?: TokenUsage;
  readonly timing: ConsoleTiming;
  readonly rateLimit: RateLimitInfo;
  readonly requestId?: string;
  /** "What happened. What to do." for a failed response. */
  readonly error?: string;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly rawBody: string;
  readonly rawBodyTruncated: boolean;
}

/** A request that got no HTTP answer (network, TLS, proxy, timeout); the message is the sentence to show. */
export class ConsoleRequestError extends Error {
  override readonly name = 'ConsoleRequestError';
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(message);
  }
}

const RAW_BODY_LIMIT = 1_000_000;

export async function runConsoleRequest(
  input: ConsoleRequestInput,
  transport: GatewayTransport,
  signal?: AbortSignal,
  events: ConsoleRequestEvents = {},
): Promise<ConsoleOutcome> {
  const url = `${input.endpoint.replace(/\/+$/, '')}${input.request.path}`;
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const headers = { ...input.request.headers, ...(input.key ? { [input.key.header]: input.key.value } : {}) };
  try {
    const res = await openGatewayResponse(
      { url, method: input.request.method, headers, ...(input.request.body !== undefined ? { body: input.request.body } : {}) },
      transport,
      signal,
    );
    const firstByteMs = elapsed();
    events.onResponse?.(res.status, firstByteMs);
    const streamed = /^text\/event-stream/i.test(res.headers['content-type'] ?? '');
    const raw = new RawBody();
    let firstTokenMs: number | undefined;
    let answer: ChatAnswer;
    let streamError: string | undefined;
    if (streamed) {
      const parser = new SseParser();
      const acc = new ChatStreamAccumulator();
      const take = (data: string): void => {
        if (data === '[DONE]') return;
        const chunk = parseJson(data);
        if (isRecord(chunk) && isRecord(chunk.error)) streamError = errorMessageOf(data) ?? 'unknown error';
        const delta = acc.add(chunk);
        if (delta) {
          firstTokenMs ??= elapsed();
          events.onText?.(delta, elapsed());
        }
      };
      await res.readBody((chunk) => {
        raw.add(chunk);
        for (const event of parser.push(chunk)) take(event.data);
      });
      for (const event of parser.end()) take(event.data);
      answer = acc.answer();
      // The Responses API ends a failed stream with an `error` or `response.failed` event rather than an error chunk.
      streamError ??= answer.streamError;
    } else {
      await res.readBody((chunk) => {
        firstTokenMs ??= elapsed();
        raw.add(chunk);
      });
      answer = answerFromBody(parseJson(raw.text())) ?? { text: '' };
      if (answer.text) events.onText?.(answer.text, elapsed());
    }
    const totalMs = elapsed();
    const ok = res.status >= 200 && res.status < 300;
    const usage =
      answer.usage ?? (ok && input.estimateMissingUsage !== false ? await estimateUsage(input.request.body, answer.text) : undefined);
    const rateLimit = readRateLimits(res.headers);
    const requestId = readRequestId(res.headers);
    const error = ok
      ? streamError && `The backend stopped the stream with an error: "${streamError}". Send again; if it persists, check the backend.`
      : explainResponseError({
          status: res.status,
          body: raw.text(),
          keyHeader: input.keyHeader,
          kind: input.kind,
          method: input.request.method,
          path: input.request.path,
          ...(rateLimit.retryAfterSeconds !== undefined ? { retryAfterSeconds: rateLimit.retryAfterSeconds } : {}),
          ...(input.deployment !== undefined ? { deployment: input.deployment } : {}),
          ...(input.apiVersion !== undefined ? { apiVersion: input.apiVersion } : {}),
        });
    return {
      url,
      status: res.status,
      statusText: res.statusText,
      streamed,
      answer,
      ...(usage ? { usage } : {}),
      timing: {
        firstByteMs,
        ...(firstTokenMs !== undefined ? { firstTokenMs } : {}),
        totalMs,
        ...(usage && usage.completionTokens > 0 && totalMs > 0 ? { tokensPerSecond: usage.completionTokens / (totalMs / 1000) } : {}),
      },
      rateLimit,
      ...(requestId ? { requestId } : {}),
      ...(error ? { error } : {}),
      responseHeaders: res.headers,
      rawBody: raw.text(),
      rawBodyTruncated: raw.truncated,
    };
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ConsoleRequestError(explainNetworkError(e, url), e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}

/** Keeps the first megabyte of the body for "raw response"; a long stream is not held in memory twice. */
class RawBody {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  add(chunk: Buffer): void {
    if (this.size >= RAW_BODY_LIMIT) {
      this.truncated = true;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  private decoded: string | undefined;

  /** Decoded once, after the body has ended. */
  text(): string {
    this.decoded ??= Buffer.concat(this.chunks).toString('utf8');
    return this.decoded;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function explainNetworkError(error: unknown, url: string): string {
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (error instanceof GatewayTimeoutError) {
    return `The gateway sent nothing for ${Math.round(error.timeoutMs / 1000)} s. Check that the backend is up, or send again with streaming on.`;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing is listening at ${host}. Check the gateway URL; for the local sandbox, start it again.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host ${host} could not be found. Check the gateway URL and your network or proxy settings.`;
    case 'ECONNRESET':
      return `The connection to ${host} was closed before the answer was complete. Send again; if it keeps happening, check the proxy or the backend.`;
    case 'ETIMEDOUT':
      return `Connecting to ${host} timed out. Check your network and proxy settings.`;
    case 'EPROXY':
      return `${(error as Error).message} Check the http.proxy setting.`;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The TLS certificate of ${host} is not trusted (${code}). If a proxy inspects TLS, add its certificate to your system; for the sandbox, reconnect so its CA is loaded.`;
    default:
      return `The request to ${host} failed: ${error instanceof Error ? error.message : String(error)}. Check the gateway URL and your network.`;
  }
}
