/**
 * Reads an Azure Monitor metrics answer (the SDK's `Response`, described here by shape so the domain loads no SDK)
 * into plain series: one per metric and dimension value, with a total and a count per bucket.
 */
import { TOKEN_METRICS, type TokenMetric } from './metricsQueries';

export interface RawMetricsResponse {
  readonly value: ReadonlyArray<{
    readonly name: { readonly value: string };
    readonly errorCode?: string;
    readonly errorMessage?: string;
    readonly timeseries?: ReadonlyArray<{
      readonly metadatavalues?: ReadonlyArray<{ readonly name?: { readonly value?: string }; readonly value?: string }>;
      readonly data?: ReadonlyArray<{ readonly timeStamp: Date | string; readonly total?: number; readonly count?: number }>;
    }>;
  }>;
}

export interface MetricPoint {
  readonly t: number;
  readonly total: number;
  readonly count: number;
}

export interface MetricSeries {
  readonly metric: TokenMetric;
  /** The value of the split dimension; undefined for an unsplit series. */
  readonly value: string | undefined;
  readonly points: readonly MetricPoint[];
}

export interface ParsedMetrics {
  readonly series: readonly MetricSeries[];
  /** A split was asked for but Azure returned series without dimension values: custom metric dimensions are off. */
  readonly dimensionsMissing: boolean;
}

export function parseMetricsResponse(response: RawMetricsResponse, splitBy: string | undefined): ParsedMetrics {
  const series: MetricSeries[] = [];
  let dimensionsMissing = false;
  for (const metric of response.value) {
    const name = TOKEN_METRICS.find((m) => m.toLowerCase() === metric.name.value.toLowerCase());
    if (!name) continue;
    if (metric.errorCode && metric.errorCode !== 'Success') {
      throw new Error(`Azure Monitor could not read "${metric.name.value}": ${metric.errorMessage ?? metric.errorCode}`);
    }
    for (const ts of metric.timeseries ?? []) {
      const points = (ts.data ?? []).map((d) => ({
        t: new Date(d.timeStamp).getTime(),
        total: finite(d.total),
        count: finite(d.count),
      }));
      let value: string | undefined;
      if (splitBy) {
        const meta = ts.metadatavalues?.find((m) => m.name?.value?.toLowerCase() === splitBy.toLowerCase());
        if (!meta) {
          if (points.some((p) => p.total > 0 || p.count > 0)) dimensionsMissing = true;
          continue;
        }
        value = meta.value ?? '';
      }
      series.push({ metric: name, value, points });
    }
  }
  return { series, dimensionsMissing };
}

function finite(n: number | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}
