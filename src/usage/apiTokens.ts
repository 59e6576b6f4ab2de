/**
 * An LLM API's total tokens in the last 24 hours, for its row in the tree: found the Usage view's way (logger,
 * token metric policy, diagnostic, then one metrics call for Total Tokens), at most a few lookups at a time so that a
 * tree of many LLM APIs never floods Azure, and undefined whenever metrics are not set up or cannot be read.
 */
import type { ApiRef } from '../apim/refs';
import type { AzureClients } from '../azure/clients';
import { dimensionFilter } from '../domain/usage/metricsQueries';
import { parseMetricsResponse } from '../domain/usage/metricsResult';
import { TIME_RANGES, windowFor } from '../domain/usage/timeRanges';
import type { Logger } from '../log';
import { readMetrics } from './metricsReader';
import { resolveUsageSource } from './usageSource';

const MAX_IN_FLIGHT = 3;
let inFlight = 0;
const waiting: Array<() => void> = [];

async function limited<T>(run: () => Promise<T>): Promise<T> {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight++;
  try {
    return await run();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

export function tokensInLast24h(clients: AzureClients, api: ApiRef, log: Logger, now = Date.now()): Promise<number | undefined> {
  return limited(async () => {
    try {
      const resolved = await resolveUsageSource(clients, { service: api.service, api });
      if (!resolved.ok) return undefined;
      const { source } = resolved;
      const window = windowFor(TIME_RANGES['24h'], now);
      const filter = dimensionFilter(source.scope, []);
      const [response] = await readMetrics(clients, source.componentId, [
        {
          purpose: 'totals',
          metricnames: 'Total Tokens',
          metricnamespace: source.namespaces[0],
          aggregation: 'Total,Count',
          interval: 'PT1H',
          timespan: window.timespan,
          ...(filter ? { filter } : {}),
        },
      ]);
      return parseMetricsResponse(response, undefined).series.reduce((a, s) => a + s.points.reduce((b, p) => b + p.total, 0), 0);
    } catch (e) {
      log.trace(`Tokens of ${api.apiId} in the last 24 hours: not available (${(e as Error).message})`);
      return undefined;
    }
  });
}

/** `12.3k tokens in 24 h` */
export function tokensLabel(tokens: number): string {
  const compact =
    tokens >= 1e6
      ? `${(tokens / 1e6).toFixed(tokens >= 1e7 ? 0 : 1)}M`
      : tokens >= 1e3
        ? `${(tokens / 1e3).toFixed(tokens >= 1e4 ? 0 : 1)}k`
        : String(tokens);
  return `${compact} tokens in 24 h`;
}
