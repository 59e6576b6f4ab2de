/**
 * Where APIM sends what `llm-emit-token-metric` emits: the API's `applicationinsights` diagnostic must have
 * `metrics: true` and point at an Application Insights logger, whose instrumentation key (or connection string)
 * names the component that ingests the metric. Anything missing and Azure emits nothing, without an error; the
 * sandbox does the same and says why in its log.
 */
import { componentForKey, customMetricsWithDimensions } from '../arm/appInsights';
import { TYPES } from '../arm/ids';
import type { ArmResource } from '../store';
import type { GatewayCall } from './call';

export interface MetricsSink {
  readonly component: ArmResource;
  readonly withDimensions: boolean;
}

export function metricsSinkOf(call: GatewayCall): MetricsSink | string {
  const diagnostic = call.ctx.store.get(`${call.api.id}/diagnostics/applicationinsights`);
  if (!diagnostic) return `API ${call.api.name} has no 'applicationinsights' diagnostic`;
  if (diagnostic.properties.metrics !== true) return `the 'applicationinsights' diagnostic of API ${call.api.name} has metrics off`;
  const logger = loggerOf(call, diagnostic.properties.loggerId);
  if (!logger || logger.properties.loggerType !== 'applicationInsights') {
    return `the diagnostic's logger '${String(diagnostic.properties.loggerId)}' is not an Application Insights logger of ${call.service.name}`;
  }
  const credentials = (logger.properties.credentials ?? {}) as Record<string, string>;
  const secret = credentials.connectionString ?? credentials.instrumentationKey ?? '';
  const { value, missing } = call.namedValues.substitute(secret);
  const component = missing.length > 0 ? undefined : componentForKey(call.ctx.store, value);
  if (!component) return `logger ${logger.name} holds no instrumentation key of an existing Application Insights component`;
  return { component, withDimensions: customMetricsWithDimensions(component) };
}

/** A diagnostic's `loggerId`: a full ARM id or `/loggers/{id}` relative to the service. */
export function loggerOf(call: GatewayCall, loggerId: unknown): ArmResource | undefined {
  if (typeof loggerId !== 'string' || loggerId === '') return undefined;
  const own = `${call.service.id}/loggers/`.toLowerCase();
  if (loggerId.startsWith('/subscriptions/') && !loggerId.toLowerCase().startsWith(own)) return undefined;
  const name = loggerId.slice(loggerId.lastIndexOf('/') + 1);
  const logger = call.ctx.store.get(`${call.service.id}/loggers/${name}`);
  return logger?.type === TYPES.logger ? logger : undefined;
}
