/** APIs of an APIM instance: page-at-a-time list with a server-side filter, get, delete. */
import type { ApiContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ApiRef, ServiceRef } from './refs';
import { apimMaxPageSize, odataString, readPage, type Page, type PageOptions } from './paging';

export interface ApiSummary extends ApiRef {
  /** ARM id of the API. */
  readonly id: string;
  readonly serviceUrl?: string;
  readonly description?: string;
}

export interface ApiListOptions extends PageOptions {
  /** Text the display name must contain (server-side `$filter`). */
  readonly nameContains?: string;
  readonly pageSize?: number;
}

const defaultSubscriptionKeyHeader = 'Ocp-Apim-Subscription-Key';

export function toApiSummary(service: ServiceRef, api: ApiContract): ApiSummary | undefined {
  // Non-current revisions (`name;rev=2`) are versions of an API already listed, not APIs of their own.
  if (!api.name || !api.id || api.name.includes(';rev=') || api.isCurrent === false) return undefined;
  return {
    id: api.id,
    service,
    apiId: api.name,
    displayName: api.displayName ?? api.name,
    path: api.path ?? '',
    subscriptionKeyHeader: api.subscriptionKeyParameterNames?.header ?? defaultSubscriptionKeyHeader,
    subscriptionRequired: api.subscriptionRequired ?? true,
    ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}),
    ...(api.description ? { description: api.description } : {}),
  };
}

export function displayNameFilter(text: string): string {
  return `contains(properties/displayName,${odataString(text)})`;
}

export async function listApisPage(clients: AzureClients, service: ServiceRef, options: ApiListOptions = {}): Promise<Page<ApiSummary>> {
  const client = await clients.apim(service.subscriptionId);
  const filter = options.nameContains ? displayNameFilter(options.nameContains) : undefined;
  const pages = client.api
    .listByService(service.resourceGroup, service.name, {
      top: options.pageSize ?? apimMaxPageSize,
      ...(filter ? { filter } : {}),
      abortSignal: options.abortSignal,
    })
    .byPage({ continuationToken: options.continuationToken });
  return readPage(pages, (api) => toApiSummary(service, api));
}

export async function getApi(clients: AzureClients, service: ServiceRef, apiId: string): Promise<ApiSummary | undefined> {
  const client = await clients.apim(service.subscriptionId);
  return toApiSummary(service, await client.api.get(service.resourceGroup, service.name, apiId));
}

/** Deletes the API with all its revisions, whatever its current ETag (the user confirmed it). */
export async function deleteApi(clients: AzureClients, api: Pick<ApiRef, 'service' | 'apiId'>): Promise<void> {
  const client = await clients.apim(api.service.subscriptionId);
  await client.api.beginDeleteAndWait(api.service.resourceGroup, api.service.name, api.apiId, '*', { deleteRevisions: true });
}
