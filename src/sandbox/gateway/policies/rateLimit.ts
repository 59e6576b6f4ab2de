/** `rate-limit` (per subscription) and `rate-limit-by-key`: 429 with Retry-After once the calls of the period are used. */
import { apimErrorBody } from '../apimErrors';
import type { PolicyHandler } from '../policy/engine';

export const rateLimit: PolicyHandler = (node, call) => {
  const calls = Number(call.value(node.attrs.calls));
  const period = Number(call.value(node.attrs['renewal-period']));
  if (!Number.isFinite(calls) || !Number.isFinite(period) || period <= 0) {
    call.ctx.log(`gateway: <${node.name}> needs numeric calls and renewal-period; skipped`);
    return;
  }
  const scope =
    node.name === 'rate-limit-by-key' ? `key:${call.value(node.attrs['counter-key']) ?? ''}` : `sub:${call.subscription?.name ?? ''}`;
  const decision = call.state.calls.take(`${call.api.id.toLowerCase()}|${node.name}|${scope}`, calls, period);
  const remainingHeader = node.attrs['remaining-calls-header-name'];
  if (decision.allowed) {
    if (remainingHeader) call.responseHeaders[remainingHeader.toLowerCase()] = String(decision.remaining);
    return;
  }
  const headers: Record<string, string> = { [node.attrs['retry-after-header-name'] ?? 'retry-after']: String(decision.retryAfterSeconds) };
  if (remainingHeader) headers[remainingHeader] = '0';
  const variable = node.attrs['retry-after-variable-name'];
  if (variable) call.variables.set(variable, decision.retryAfterSeconds);
  call.respond(429, apimErrorBody(429, `Rate limit is exceeded. Try again in ${decision.retryAfterSeconds} seconds.`), headers);
};
