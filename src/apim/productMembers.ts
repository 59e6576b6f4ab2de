/** What a product holds: its APIs, its subscriptions (keys never read here) and its policy. */
import type { AzureClients } from '../azure/clients';
import { toApiSummary, type ApiSummary } from './apis';
import { apimMaxPageSize, readAll } from './paging';
import { getPolicyAt, type PolicyDocument } from './policies';
import type { ServiceRef } from './refs';
import { toSubscriptionSummary, type ApimSubscriptionSummary } from './subscriptions';

export async function listProductApis(clients: AzureClients, service: ServiceRef, productId: string): Promise<ApiSummary[]> {
  const client = await clients.apim(service.subscriptionId);
  return readAll(
    client.productApi.listByProduct(service.resourceGroup, service.name, productId, { top: apimMaxPageSize }).byPage(),
    (api) => toApiSummary(service, api),
  );
}

export async function listProductSubscriptions(
  clients: AzureClients,
  service: ServiceRef,
  productId: string,
): Promise<ApimSubscriptionSummary[]> {
  const client = await clients.apim(service.subscriptionId);
  return readAll(
    client.productSubscriptions.list(service.resourceGroup, service.name, productId, { top: apimMaxPageSize }).byPage(),
    toSubscriptionSummary,
  );
}

export function getProductPolicy(clients: AzureClients, service: ServiceRef, productId: string): Promise<PolicyDocument | undefined> {
  return getPolicyAt(clients, service.subscriptionId, `${service.id}/products/${encodeURIComponent(productId)}`);
}
