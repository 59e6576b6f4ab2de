/**
 * `llm-token-limit` and `azure-openai-token-limit`: per counter key (shared across scopes), tokens per minute (429 + Retry-After) and a token
 * quota per period (403). With estimate-prompt-tokens the prompt is counted with the tokenizer before the backend
 * call; the consumption is taken from the response usage (or the streamed content) once the response is complete.
 */
import { apimErrorBody } from '../apimErrors';
import type { PolicyHandler } from '../policy/engine';
import { estimatePromptTokens } from '../prompt';
import { parseQuotaPeriod, type TokenLimits } from '../tokenLimiter';

export const tokenLimit: PolicyHandler = (node, call) => {
  const counterKey = call.value(node.attrs['counter-key']) ?? '';
  const limits: TokenLimits = {
    tokensPerMinute: numberAttr(call.value(node.attrs['tokens-per-minute'])),
    quota: numberAttr(call.value(node.attrs['token-quota'])),
    quotaPeriod: parseQuotaPeriod(call.value(node.attrs['token-quota-period'])),
  };
  const estimate = call.value(node.attrs['estimate-prompt-tokens'])?.toLowerCase() === 'true';
  const promptEstimate = estimatePromptTokens(call);
  // As in APIM, "for each key value, a single counter is used for all scopes at which the policy is configured": one
  // counter per instance, policy and key value, shared by every API, product or operation whose policy names that key
  // (a team's subscription spends one budget over all the APIs of its product). Per instance, not per sandbox.
  const key = `${call.service.id.toLowerCase()}|${node.name}|${counterKey}`;
  const decision = call.state.limiter.check(key, limits, estimate ? promptEstimate : 0);
  const names = {
    remaining: node.attrs['remaining-tokens-header-name'],
    remainingQuota: node.attrs['remaining-quota-tokens-header-name'],
    consumed: node.attrs['tokens-consumed-header-name'],
    retryAfter: node.attrs['retry-after-header-name'],
    retryAfterVariable: node.attrs['retry-after-variable-name'],
    remainingVariable: node.attrs['remaining-tokens-variable-name'],
  };

  if (!decision.allowed) {
    const seconds = decision.retryAfterSeconds;
    if (names.retryAfterVariable) call.variables.set(names.retryAfterVariable, seconds);
    const headers: Record<string, string> = { [names.retryAfter ?? 'retry-after']: String(seconds) };
    if (names.remaining) headers[names.remaining] = '0';
    if (decision.status === 403 && names.remainingQuota) headers[names.remainingQuota] = '0';
    // The message wording follows APIM's rate-limit and quota policies; the exact token-limit text is unverified.
    const message =
      decision.status === 429
        ? `Token limit is exceeded. Try again in ${seconds} seconds.`
        : `Token quota is exceeded. Quota will be replenished in ${hms(seconds)}.`;
    call.respond(decision.status, apimErrorBody(decision.status, message), headers);
    return;
  }
  if (names.remaining && decision.remainingTokens !== undefined) {
    call.responseHeaders[names.remaining.toLowerCase()] = String(decision.remainingTokens);
  }
  if (names.remainingQuota && decision.remainingQuota !== undefined) {
    call.responseHeaders[names.remainingQuota.toLowerCase()] = String(decision.remainingQuota);
  }
  if (names.remainingVariable && decision.remainingTokens !== undefined) {
    call.variables.set(names.remainingVariable, decision.remainingTokens);
  }

  call.completionListeners.push((usage, response) => {
    if (call.servedFromCache) return;
    const consumed = usage?.totalTokens ?? promptEstimate;
    call.state.limiter.consume(key, limits, consumed);
    // Buffered responses can still carry the consumption; a streamed one has already sent its headers.
    if (names.consumed && response.body) response.headers[names.consumed.toLowerCase()] = String(consumed);
  });
};

function numberAttr(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function hms(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h, m, s].map((x) => String(x).padStart(2, '0')).join(':');
}
