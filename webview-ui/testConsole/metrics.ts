/** The figures of one answer, as rows of the metrics table: usage, timing, rate limits and ids. */
import type { OutcomeView } from '../../src/protocol/testConsole';
import type { RouteView } from '../../src/protocol/testConsolePool';
import { formatMs, formatNumber } from './format';

/** [data-metric key, label, text]; rows without a text are not shown. */
export type MetricRow = readonly [string, string, string | undefined];

const count = (n: number | undefined): string | undefined => (n !== undefined ? formatNumber(n) : undefined);

export function metricRows(o: OutcomeView): MetricRow[] {
  const est = o.usage?.estimated ? ' (estimated)' : '';
  return [
    ['promptTokens', 'Prompt tokens', o.usage && formatNumber(o.usage.promptTokens) + est],
    ['completionTokens', 'Completion tokens', o.usage && formatNumber(o.usage.completionTokens) + est],
    ['totalTokens', 'Total tokens', o.usage && formatNumber(o.usage.totalTokens) + est],
    ['cachedTokens', 'Cached tokens', count(o.usage?.cachedTokens)],
    ['reasoningTokens', 'Reasoning tokens', count(o.usage?.reasoningTokens)],
    ['finishReason', 'Finish reason', o.finishReason],
    ['status', 'Status', String(o.status)],
    // An error body carries no tokens: only its total time means something.
    ['timeToFirstToken', 'Time to first token', o.status >= 200 && o.status < 300 ? formatMs(o.timing.firstTokenMs) : undefined],
    ['totalTime', 'Total time', formatMs(o.timing.totalMs)],
    ['tokensPerSecond', 'Tokens per second', o.timing.tokensPerSecond?.toFixed(1)],
    ['remainingTokens', 'Remaining tokens', count(o.rateLimit.remainingTokens)],
    ['consumedTokens', 'Consumed tokens', count(o.rateLimit.consumedTokens)],
    ['remainingRequests', 'Remaining requests', count(o.rateLimit.remainingRequests)],
    ['retryAfter', 'Retry after', o.rateLimit.retryAfterSeconds !== undefined ? `${o.rateLimit.retryAfterSeconds} s` : undefined],
    ['requestId', 'Request id', o.requestId],
    ['answeredBy', 'Answered by', answeredBy(o.route)],
    ['attempts', 'Gateway attempts', attempts(o.route)],
  ];
}

/** The region from `x-ms-region` (said as such), and the pool member in it when one is. */
function answeredBy(route: RouteView | undefined): string | undefined {
  if (!route?.region) return undefined;
  return `${route.region} (x-ms-region)${route.member ? ` · pool member ${route.member}` : ''}`;
}

function attempts(route: RouteView | undefined): string | undefined {
  const a = route?.attempts;
  if (!a) return undefined;
  return a.count === 0 ? `none: no call reached the pool's members (${a.basis})` : `${a.count} (${a.basis})`;
}
