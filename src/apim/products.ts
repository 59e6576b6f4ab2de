/** Products of an APIM instance. */
import type { ProductContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ServiceRef } from './refs';
import { listAllInParallel, readAll, sdkPageFetcher } from './paging';

export interface ProductSummary {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly state?: string;
  readonly subscriptionRequired?: boolean;
  readonly approvalRequired?: boolean;
  /** Subscriptions one user may hold to the product at once; undefined for no limit. */
  readonly subscriptionsLimit?: number;
}

export function toProductSummary(p: ProductContract): ProductSummary | undefined {
  if (!p.id || !p.name) return undefined;
  return {
    id: p.id,
    name: p.name,
    displayName: p.displayName ?? p.name,
    ...(p.state ? { state: p.state } : {}),
    ...(p.subscriptionRequired !== undefined ? { subscriptionRequired: p.subscriptionRequired } : {}),
    ...(p.approvalRequired !== undefined ? { approvalRequired: p.approvalRequired } : {}),
    ...(typeof p.subscriptionsLimit === 'number' ? { subscriptionsLimit: p.subscriptionsLimit } : {}),
  };
}

export async function listProducts(clients: AzureClients, service: ServiceRef, abortSignal?: AbortSignal): Promise<ProductSummary[]> {
  const client = await clients.apim(service.subscriptionId);
  // Over 100 items, the pages come in parallel by $skip, like the tree's API list.
  return listAllInParallel(
    sdkPageFetcher((options) => client.product.listByService(service.resourceGroup, service.name, options), toProductSummary),
    (p) => p.id,
    abortSignal ? { abortSignal } : {},
  );
}

/** Names of the products an API belongs to. */
export async function listApiProductNames(clients: AzureClients, service: ServiceRef, apiId: string): Promise<string[]> {
  const client = await clients.apim(service.subscriptionId);
  return readAll(client.apiProduct.listByApis(service.resourceGroup, service.name, apiId).byPage(), (p) => p.name);
}
