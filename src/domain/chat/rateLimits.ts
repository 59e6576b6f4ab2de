/**
 * What a response says about limits and tracing: the token-limit policy's remaining/consumed headers (the names the
 * AI-gateway samples and Azure OpenAI use), Retry-After, and the request id to quote in a support case.
 */
import { parseRetryAfter } from './responseErrors';

export interface RateLimitInfo {
  readonly remainingTokens?: number;
  readonly consumedTokens?: number;
  readonly remainingRequests?: number;
  readonly retryAfterSeconds?: number;
}

const number = (value: string | undefined): number | undefined =>
  value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;

/** `headers` has lower-case names. */
export function readRateLimits(headers: Readonly<Record<string, string>>, now = Date.now()): RateLimitInfo {
  const retryAfterMs = number(headers['retry-after-ms']);
  const retryAfter =
    parseRetryAfter(headers['retry-after'], now) ?? (retryAfterMs !== undefined ? Math.ceil(retryAfterMs / 1000) : undefined);
  const entries: Array<[keyof RateLimitInfo, number | undefined]> = [
    ['remainingTokens', number(headers['x-ratelimit-remaining-tokens'])],
    ['consumedTokens', number(headers['x-ratelimit-consumed-tokens'] ?? headers['consumed-tokens'])],
    ['remainingRequests', number(headers['x-ratelimit-remaining-requests'])],
    ['retryAfterSeconds', retryAfter],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/** APIM sets apim-request-id; Azure OpenAI and others set their own. The first present wins. */
export function readRequestId(headers: Readonly<Record<string, string>>): string | undefined {
  return ['apim-request-id', 'x-ms-request-id', 'x-request-id', 'request-id']
    .map((h) => headers[h])
    .find((v) => v !== undefined && v !== '');
}
