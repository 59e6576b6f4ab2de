/**
 * `llm-emit-token-metric` / `azure-openai-emit-token-metric`: once the response's usage is known, records prompt,
 * completion and total tokens with the configured namespace and dimensions in ctx.metrics (read through the hooks).
 */
import type { GatewayCall } from '../call';
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
      time: new Date(call.state.clock.now()).toISOString(),
      namespace,
      serviceName: call.service.name,
      apiId: call.api.name,
      dimensions,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      totalTokens: usage.totalTokens,
    });
  });
};
