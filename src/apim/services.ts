/** APIM instances of a subscription. */
import type { ApiManagementServiceResource } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import { parseServiceId, type ServiceRef } from './refs';
import { readAll } from './paging';

export function toServiceRef(resource: ApiManagementServiceResource): ServiceRef | undefined {
  if (!resource.id) return undefined;
  const ids = parseServiceId(resource.id);
  return {
    ...ids,
    ...(resource.location ? { location: resource.location } : {}),
    ...(resource.sku?.name ? { skuName: resource.sku.name } : {}),
    ...(resource.gatewayUrl ? { gatewayUrl: resource.gatewayUrl } : {}),
  };
}

export async function listServices(clients: AzureClients, subscriptionId: string, abortSignal?: AbortSignal): Promise<ServiceRef[]> {
  const client = await clients.apim(subscriptionId);
  return readAll(client.apiManagementService.list({ abortSignal }).byPage(), toServiceRef);
}

export async function getService(clients: AzureClients, serviceId: string): Promise<ServiceRef | undefined> {
  const ref = parseServiceId(serviceId);
  const client = await clients.apim(ref.subscriptionId);
  return toServiceRef(await client.apiManagementService.get(ref.resourceGroup, ref.name));
}
