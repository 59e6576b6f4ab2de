/**
 * APIM subscriptions (the keys callers send to the gateway). The test console lists the ones whose scope covers an
 * API and reads a key with listSecrets; the key goes straight to the request, never to a log or a file.
 */
import type { SubscriptionContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ServiceRef } from './refs';
import { apimMaxPageSize, readAll } from './paging';

export interface ApimSubscriptionSummary {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  /** `/apis/{id}`, `/products/{id}` or `/apis` (all APIs), as the scope's tail. */
  readonly scope: string;
  readonly state: string;
  /** The owner's user id (`1` is the built-in administrator), when the subscription has one. */
  readonly ownerUserId?: string;
}

export interface SubscriptionKeys {
  readonly primaryKey: string;
  readonly secondaryKey: string;
}

export function toSubscriptionSummary(s: SubscriptionContract): ApimSubscriptionSummary | undefined {
  if (!s.id || !s.name) return undefined;
  const scope = /\/(apis|products)(\/[^/]+)?\/?$/i.exec(s.scope ?? '')?.[0] ?? s.scope ?? '';
  const owner = /\/users\/([^/]+)\/?$/i.exec(s.ownerId ?? '')?.[1];
  return {
    id: s.id,
    name: s.name,
    displayName: s.displayName ?? s.name,
    scope,
    state: s.state ?? 'active',
    ...(owner ? { ownerUserId: owner } : {}),
  };
}

export async function listApimSubscriptions(
  clients: AzureClients,
  service: ServiceRef,
  abortSignal?: AbortSignal,
): Promise<ApimSubscriptionSummary[]> {
  const client = await clients.apim(service.subscriptionId);
  return readAll(
    client.subscription.list(service.resourceGroup, service.name, { top: apimMaxPageSize, abortSignal }).byPage(),
    toSubscriptionSummary,
  );
}

/** Whether a subscription's scope lets its key call the API (directly, through one of the API's products, or all APIs). */
export function scopeCoversApi(scope: string, apiId: string, productNames: readonly string[]): boolean {
  const s = scope.toLowerCase().replace(/\/+$/, '');
  if (s === '/apis' || s === '') return true;
  if (s === `/apis/${apiId.toLowerCase()}`) return true;
  return productNames.some((p) => s === `/products/${p.toLowerCase()}`);
}

export async function listSubscriptionKeys(
  clients: AzureClients,
  service: ServiceRef,
  subscriptionName: string,
): Promise<SubscriptionKeys> {
  const client = await clients.apim(service.subscriptionId);
  const keys = await client.subscription.listSecrets(service.resourceGroup, service.name, subscriptionName);
  if (!keys.primaryKey || !keys.secondaryKey) throw new Error(`The subscription "${subscriptionName}" returned no keys.`);
  return { primaryKey: keys.primaryKey, secondaryKey: keys.secondaryKey };
}
