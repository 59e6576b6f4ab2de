/**
 * `llm-emit-token-metric` / `azure-openai-emit-token-metric`: once the response's usage is known, records prompt,
 * completion and total tokens with the configured namespace and dimensions in ctx.metrics (read through the hooks and
 * the metrics API), under the Application Insights component the API's diagnostic and logger lead to. As in Azure,
 * nothing is recorded without that chain, and the dimensions are dropped when the component does not take them.
 */
import type { GatewayCall } from '../call';
import { metricsSinkOf } from '../metricsSink';
import type { PolicyHandler } from '../policy/engine';

/** Dimensions APIM fills in by itself when `value` is omitted. */
const DEFAULT_DIMENSIONS: Readonly<Record<string, (c: GatewayCall) => string>> = {
  'api id': (c) => c.api.name,
  'operation id': (c) => c.operation.name,
  'product id': (c) => c.productId ?? '',
  'subscription id': (c) => c.subscription?.name ?? '',
  'user id': () => '',
  location: (c) => c.service.location ?? '',
  'gateway id': () => 'managed',
  'backend id': (c) => c.backendId ?? '',
  'client ip': (c) => c.request.clientIp,
};

export const emitTokenMetric: PolicyHandler = (node, call) => {
  const sink = metricsSinkOf(call);
  if (typeof sink === 'string') {
    call.ctx.log(`gateway: <${node.name}> emits nothing: ${sink}`);
    return;
  }
  const namespace = call.value(node.attrs.namespace) || 'API Management';
  const dimensions: Record<string, string> = {};
  for (const d of node.children.filter((c) => c.name === 'dimension')) {
    const name = d.attrs.name;
    if (!name) continue;
    dimensions[name] =
      d.attrs.value !== undefined ? (call.value(d.attrs.value) ?? '') : (DEFAULT_DIMENSIONS[name.toLowerCase()]?.(call) ?? '');
  }
  call.completionListeners.push((usage) => {
    if (!usage || call.servedFromCache) return;
    call.ctx.metrics.push({
      componentId: sink.component.id,
      time: new Date(call.state.clock.now()).toISOString(),
      namespace,
      serviceName: call.service.name,
      apiId: call.api.name,
      dimensions: sink.withDimensions ? dimensions : {},
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      totalTokens: usage.totalTokens,
    });
  });
};
