/**
 * The policy documents that apply to a call, from the store: global, product (of the subscription's product scope),
 * API and operation, parsed once per distinct XML text and composed with `<base/>`.
 */
import type { ArmResource, ResourceStore } from '../store';
import { type ComposedPolicy, composePolicies, DEFAULT_GLOBAL_POLICY } from './policy/compose';
import { parsePolicyXml, type PolicyDocument } from './policy/xml';

/** Parsed documents by XML text: policies change rarely and are read on every request. */
const parsedCache = new Map<string, PolicyDocument>();
const PARSED_CACHE_LIMIT = 500;

function policyAt(store: ResourceStore, scopeId: string): PolicyDocument | undefined {
  const resource = store.get(`${scopeId}/policies/policy`);
  const xml = resource?.properties.value;
  if (typeof xml !== 'string') return undefined;
  let doc = parsedCache.get(xml);
  if (!doc) {
    doc = parsePolicyXml(xml);
    if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.clear();
    parsedCache.set(xml, doc);
  }
  return doc;
}

export function effectivePolicy(
  store: ResourceStore,
  service: ArmResource,
  api: ArmResource,
  operation: ArmResource,
  productId: string | undefined,
): ComposedPolicy {
  return composePolicies([
    policyAt(store, service.id) ?? DEFAULT_GLOBAL_POLICY,
    productId ? policyAt(store, `${service.id}/products/${productId}`) : undefined,
    policyAt(store, api.id),
    policyAt(store, operation.id),
  ]);
}
