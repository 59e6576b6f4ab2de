/**
 * Runs metrics queries against Azure Monitor through @azure/arm-monitor, all of a view's queries at once, and reads
 * which dimensions a namespace's metrics carry (metric definitions). "Metric never emitted" (Azure's 400 "Failed to
 * find metric configuration") is not an error for the view: it means no data yet.
 */
import type { AzureClients } from '../azure/clients';
import type { MetricsQuery } from '../domain/usage/metricsQueries';
import type { RawMetricsResponse } from '../domain/usage/metricsResult';

export class NoMetricsYetError extends Error {
  override readonly name = 'NoMetricsYetError';
}

function subscriptionOf(resourceId: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] ?? '';
}

/** The SDK's URL template adds the leading slash itself. */
const resourceUri = (id: string): string => id.replace(/^\/+/, '');

export async function readMetrics(
  clients: AzureClients,
  componentId: string,
  queries: readonly MetricsQuery[],
  signal?: AbortSignal,
): Promise<RawMetricsResponse[]> {
  const monitor = await clients.monitor(subscriptionOf(componentId));
  return Promise.all(
    queries.map(async (q) => {
      try {
        return await monitor.metrics.list(resourceUri(componentId), {
          metricnames: q.metricnames,
          metricnamespace: q.metricnamespace,
          aggregation: q.aggregation,
          interval: q.interval,
          timespan: q.timespan,
          ...(q.filter ? { filter: q.filter } : {}),
          ...(q.top ? { top: q.top } : {}),
          ...(q.orderby ? { orderby: q.orderby } : {}),
          abortSignal: signal,
        });
      } catch (e) {
        if (isMetricNotFound(e)) throw new NoMetricsYetError((e as Error).message);
        throw e;
      }
    }),
  );
}

export function isMetricNotFound(e: unknown): boolean {
  return (e as { statusCode?: number }).statusCode === 400 && /failed to find metric configuration/i.test((e as Error).message ?? '');
}

/** Dimension names of the namespace's token metrics, as Azure knows them; empty when nothing was emitted yet. */
export async function readMetricDimensions(
  clients: AzureClients,
  componentId: string,
  namespace: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const monitor = await clients.monitor(subscriptionOf(componentId));
  const names: string[] = [];
  for await (const d of monitor.metricDefinitions.list(resourceUri(componentId), { metricnamespace: namespace, abortSignal: signal })) {
    for (const dim of d.dimensions ?? []) {
      if (dim.value && !names.some((n) => n.toLowerCase() === dim.value.toLowerCase())) names.push(dim.value);
    }
  }
  return names;
}
