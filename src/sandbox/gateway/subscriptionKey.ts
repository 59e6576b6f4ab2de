/**
 * APIM's subscription key check: the key travels in the API's configured header or query parameter, and is valid when
 * an active subscription of the service holds it and its scope covers the API (all APIs, this API, or a product that
 * includes this API).
 */
import type { ArmResource, ResourceStore } from '../store';
import { memo } from '../storeMemo';
import { INVALID_KEY, MISSING_KEY } from './apimErrors';

export const DEFAULT_KEY_HEADER = 'Ocp-Apim-Subscription-Key';
export const DEFAULT_KEY_QUERY = 'subscription-key';

export interface KeyNames {
  readonly header: string;
  readonly query: string;
}

export function keyNamesOf(api: ArmResource): KeyNames {
  const names = (api.properties.subscriptionKeyParameterNames ?? {}) as { header?: unknown; query?: unknown };
  return {
    header: typeof names.header === 'string' && names.header !== '' ? names.header : DEFAULT_KEY_HEADER,
    query: typeof names.query === 'string' && names.query !== '' ? names.query : DEFAULT_KEY_QUERY,
  };
}

export type KeyCheck =
  | { readonly ok: true; readonly subscription: ArmResource | undefined; readonly productId: string | undefined }
  | { readonly ok: false; readonly message: string };

export function checkSubscriptionKey(
  store: ResourceStore,
  service: ArmResource,
  api: ArmResource,
  presented: string | undefined,
): KeyCheck {
  const required = api.properties.subscriptionRequired !== false;
  if (presented === undefined || presented === '') {
    return required ? { ok: false, message: MISSING_KEY } : { ok: true, subscription: undefined, productId: undefined };
  }
  for (const sub of subscriptionsByKey(store, service).get(presented) ?? []) {
    const p = sub.properties;
    if (!isActive(sub)) continue;
    const coverage = scopeCovers(store, service, api, typeof p.scope === 'string' ? p.scope : '');
    if (coverage.covers) return { ok: true, subscription: sub, productId: coverage.productId };
  }
  return required ? { ok: false, message: INVALID_KEY } : { ok: true, subscription: undefined, productId: undefined };
}

/** Subscriptions by primary and secondary key: a service can have thousands, and every request looks one up. */
function subscriptionsByKey(store: ResourceStore, service: ArmResource): ReadonlyMap<string, readonly ArmResource[]> {
  return memo(store, `gateway:subscriptions:${service.id.toLowerCase()}`, () => {
    const byKey = new Map<string, ArmResource[]>();
    for (const sub of store.children(service.id, 'subscriptions')) {
      for (const key of [sub.properties.primaryKey, sub.properties.secondaryKey]) {
        if (typeof key === 'string' && key !== '') byKey.set(key, [...(byKey.get(key) ?? []), sub]);
      }
    }
    return byKey;
  });
}

/**
 * Only an active subscription's keys open the gateway: a suspended, submitted, cancelled, rejected or expired one gets
 * APIM's 401 "invalid subscription key … for an active subscription" (the message Microsoft's troubleshooting article
 * "Unauthorized errors (401) while invoking APIs" shows; APIM has no separate wording for a suspended subscription that
 * we could find). A subscription without a state is treated as active: the seed's built-in ones are active.
 */
function isActive(sub: ArmResource): boolean {
  const state = sub.properties.state;
  return state === undefined || (typeof state === 'string' && state.toLowerCase() === 'active');
}

/** Scopes come as `/apis`, `/apis/{id}`, `/products/{id}`, or as full resource ids ending that way (or the service id). */
function scopeCovers(store: ResourceStore, service: ArmResource, api: ArmResource, scope: string): { covers: boolean; productId?: string } {
  const s = scope.toLowerCase().replace(/\/+$/, '');
  if (s === '' || s === service.id.toLowerCase() || s.endsWith('/apis')) return { covers: true };
  const apiMatch = /\/apis\/([^/]+)$/.exec(s);
  if (apiMatch) return { covers: apiMatch[1] === api.name.toLowerCase() };
  const productMatch = /\/products\/([^/]+)$/.exec(s);
  if (productMatch) {
    const productName = productMatch[1];
    const linked = store.get(`${service.id}/products/${productName}/apis/${api.name}`) !== undefined;
    return linked
      ? { covers: true, productId: store.get(`${service.id}/products/${productName}`)?.name ?? productName }
      : { covers: false };
  }
  return { covers: false };
}
