/**
 * `retry`: runs its child policies, then again while `condition` holds, up to `count` more times, waiting `interval`
 * seconds between attempts (none before the first retry with `first-fast-retry`). With a pool backend this is how
 * APIM fails over within one request: the failed attempt trips the member's breaker and the next attempt picks another.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayCall } from '../call';
import { type PolicyHandler, runSection } from '../policy/engine';
import type { PolicyNode, SectionName } from '../policy/xml';

const MAX_INTERVAL_S = 30;

export async function runRetry(
  node: PolicyNode,
  call: GatewayCall,
  section: SectionName,
  handlers: Readonly<Record<string, PolicyHandler>>,
): Promise<void> {
  const count = Math.max(0, Math.floor(Number(call.value(node.attrs.count) ?? '0')) || 0);
  const interval = Math.min(MAX_INTERVAL_S, Math.max(0, Number(call.value(node.attrs.interval) ?? '0') || 0));
  const firstFast = call.value(node.attrs['first-fast-retry'])?.toLowerCase() === 'true';
  for (let attempt = 0; ; attempt++) {
    await runSection(node.children, call, section, handlers);
    if (call.final || attempt >= count || !call.condition(node.attrs.condition)) return;
    // The abandoned answer of a streamed attempt must not hold its connection.
    call.response?.stream?.resume();
    if (!(firstFast && attempt === 0) && interval > 0) await sleep(interval * 1000);
  }
}
