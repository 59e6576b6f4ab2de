/**
 * Turns a failed gateway response into one sentence, "What happened. What to do.", using what the console knows about
 * the API (its key header, deployment, api-version) to say exactly what to fix.
 */
import { isRecord } from '../guards';
import type { ChatApiKind } from './chatRequest';

export interface ErrorContext {
  readonly status: number;
  /** Raw response body text (may be empty or not JSON). */
  readonly body: string;
  /** Seconds from the Retry-After header, when the response had one. */
  readonly retryAfterSeconds?: number;
  readonly keyHeader: string;
  readonly kind: ChatApiKind;
  readonly method: string;
  /** Path after the API endpoint, with query. */
  readonly path: string;
  readonly deployment?: string;
  readonly apiVersion?: string;
}

/** The explanation for a non-2xx response; undefined for success. */
export function explainResponseError(ctx: ErrorContext): string | undefined {
  if (ctx.status >= 200 && ctx.status < 300) return undefined;
  const detail = errorMessageOf(ctx.body);
  const said = detail ? ` The service said: "${detail}"` : '';
  switch (ctx.status) {
    case 400:
      if (/previous response/i.test(detail ?? '')) {
        // A stored response expires (30 days on Azure OpenAI) or was never kept: the conversation's id points at nothing.
        return `The service no longer has the previous response of this conversation.${said} Turn "Store responses" off to send the whole transcript instead, or start a new conversation.`;
      }
      return `The request was rejected as invalid.${said} Fix the request body or parameters and send again.`;
    case 401:
      return explain401(ctx, detail);
    case 403:
      return explain403(detail, said);
    case 404:
      return explain404(ctx, detail, said);
    case 408:
      return `The gateway timed out waiting for the request. Send again; if the prompt is large, check the network.`;
    case 413:
      return `The request is too large for the gateway or the model.${said} Shorten the messages or lower max tokens.`;
    case 429:
      return explain429(ctx, detail);
    default:
      if (ctx.status >= 500) return explain5xx(ctx.status, said);
      return `The request failed with status ${ctx.status}.${said} Check the request and the API's policy.`;
  }
}

function explain401(ctx: ErrorContext, detail: string | undefined): string {
  const text = detail?.toLowerCase() ?? '';
  if (text.includes('missing subscription key')) {
    return `The gateway got no subscription key. This API expects it in the "${ctx.keyHeader}" header; choose a subscription that covers the API and send again.`;
  }
  if (text.includes('invalid subscription key') || text.includes('subscription key')) {
    return `The gateway refused the subscription key. Check that the subscription is active and covers this API, and that the key goes in the "${ctx.keyHeader}" header.`;
  }
  // Past the gateway's key check, a 401 comes from the backend: its key or the gateway's managed identity.
  const said = detail ? ` The backend said: "${detail}"` : '';
  return ctx.kind === 'azureOpenAi'
    ? `The Azure OpenAI resource refused the gateway's identity.${said} Give the API Management instance's managed identity the "Cognitive Services OpenAI User" role on the resource, wait a few minutes, and send again.`
    : `The backend refused the gateway's credentials.${said} Check the backend's key in the API's named value or the managed identity's role on the model resource.`;
}

function explain403(detail: string | undefined, said: string): string {
  const text = detail?.toLowerCase() ?? '';
  if (text.includes('quota')) {
    return `The token quota for this period is used up.${said} Wait for the next period, or raise token-quota in the API's token limit policy.`;
  }
  if (/content[ _-]?(safety|filter|management)|blocked|jailbreak|harmful/.test(text)) {
    return `The request was blocked by content safety.${said} Change the prompt, or review the categories and blocklists of the API's content safety policy.`;
  }
  return `The gateway or the backend refused the request (403).${said} Check the API's policy (IP filters, quotas, content safety) and your subscription.`;
}

function explain404(ctx: ErrorContext, detail: string | undefined, said: string): string {
  const text = detail?.toLowerCase() ?? '';
  if (ctx.kind === 'azureOpenAi') {
    if (text.includes('deployment')) {
      return `The deployment "${ctx.deployment ?? ''}" does not exist on the Azure OpenAI resource.${said} Pick one of the resource's deployments.`;
    }
    if (text.includes('api version') || text.includes('api-version')) {
      return `The api-version "${ctx.apiVersion ?? ''}" is not supported.${said} Use a supported version such as 2024-10-21.`;
    }
    return `Nothing answered at ${ctx.method} ${ctx.path}.${said} Check the deployment name, the api-version and that the API's path does not repeat "/openai".`;
  }
  if (text.includes('model')) {
    return `The backend does not know this model.${said} Check the "Model" field against the provider's model names.`;
  }
  return `Nothing answered at ${ctx.method} ${ctx.path}.${said} Check the path against the API's operations and the backend URL.`;
}

function explain429(ctx: ErrorContext, detail: string | undefined): string {
  const seconds = ctx.retryAfterSeconds ?? secondsInMessage(detail);
  const when = seconds !== undefined ? `Retry after ${seconds} s` : 'Wait a minute and retry';
  const tokens = detail?.toLowerCase().includes('token') ?? false;
  return tokens || detail === undefined
    ? `The token limit was reached. ${when}, or raise tokens-per-minute in the API's token limit policy.`
    : `The rate limit was reached ("${detail}"). ${when}, or raise the limit in the API's policy or the backend's quota.`;
}

function explain5xx(status: number, said: string): string {
  if (status === 502 || status === 503) {
    return `The gateway could not get an answer from the backend (${status}).${said} Check that the backend URL is right and the model service is up, then send again.`;
  }
  if (status === 504) return `The backend took too long to answer (504).${said} Lower max tokens or use streaming, then send again.`;
  return `The backend failed (${status}).${said} Send again; if it persists, check the backend and the API's policy.`;
}

/** The message in an OpenAI (`error.message`), APIM (`message`) or Gemini (`[{error}]`) error body, shortened. */
export function errorMessageOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.trim();
    return text && !text.startsWith('<') ? shorten(text) : undefined;
  }
  const root = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
  if (!isRecord(root)) return undefined;
  const error = isRecord(root.error) ? root.error : root;
  const message = error.message;
  return typeof message === 'string' && message.trim() ? shorten(message.trim()) : undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}

function secondsInMessage(detail: string | undefined): number | undefined {
  const m = detail && /(\d+)\s*(?:s\b|sec|second)/i.exec(detail);
  return m ? Number(m[1]) : undefined;
}

/** Retry-After is seconds or an HTTP date; returns whole seconds from `now`, or undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
