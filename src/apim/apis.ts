/** APIs of an APIM instance: one page or every page (in parallel) with a server-side filter, get, delete. */
import type { ApiContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ApiRef, ServiceRef } from './refs';
import {
  apimMaxPageSize,
  listAllInParallel,
  odataString,
  readPage,
  sdkPageFetcher,
  type Page,
  type PageFetcher,
  type PageOptions,
} from './paging';

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

/**
 * Pages of an instance's API list, by offset or nextLink, with APIM's `count`: what the tree's parallel listing reads.
 * The filter is applied by the server on every page, so that it searches the whole instance.
 */
export function apiPageFetcher(clients: AzureClients, service: ServiceRef, nameContains?: string): PageFetcher<ApiSummary> {
  const filter = nameContains ? displayNameFilter(nameContains) : undefined;
  return async (request) => {
    const client = await clients.apim(service.subscriptionId);
    const fetch = sdkPageFetcher(
      (options) => client.api.listByService(service.resourceGroup, service.name, { ...options, ...(filter ? { filter } : {}) }),
      (api: ApiContract) => toApiSummary(service, api),
    );
    return fetch(request);
  };
}

/** Every API of an instance, pages in parallel by `$skip` from the first page's `count` (see listPagesInParallel). */
export function listAllApis(
  clients: AzureClients,
  service: ServiceRef,
  options: { readonly nameContains?: string; readonly concurrency?: number; readonly abortSignal?: AbortSignal } = {},
): Promise<ApiSummary[]> {
  return listAllInParallel(apiPageFetcher(clients, service, options.nameContains), (a) => a.id, {
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
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
