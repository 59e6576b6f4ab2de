/** APIs of an APIM instance: page-at-a-time list with a server-side filter, get, delete. */
import type { ApiContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ApiRef, ServiceRef } from './refs';
import { mapLimited } from './concurrency';
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

/**
 * Every API of an instance, fast: the first page tells the total (APIM's `count`), and the other pages are fetched in
 * parallel with `$skip` instead of one after another through nextLink. If the list grew meanwhile, the last page's
 * nextLink is followed; duplicates from a list that shifted are dropped.
 */
export async function listAllApis(
  clients: AzureClients,
  service: ServiceRef,
  options: { readonly nameContains?: string; readonly concurrency?: number; readonly abortSignal?: AbortSignal } = {},
): Promise<ApiSummary[]> {
  const client = await clients.apim(service.subscriptionId);
  const filter = options.nameContains ? displayNameFilter(options.nameContains) : undefined;
  const map = (api: ApiContract) => toApiSummary(service, api);
  let total: number | undefined;
  const pageAt = (skip: number, continuationToken?: string) =>
    readPage(
      client.api
        .listByService(service.resourceGroup, service.name, {
          top: apimMaxPageSize,
          ...(skip > 0 ? { skip } : {}),
          ...(filter ? { filter } : {}),
          abortSignal: options.abortSignal,
          onResponse: (_raw, flat) => {
            const count = (flat as { count?: unknown } | undefined)?.count;
            if (skip === 0 && !continuationToken && typeof count === 'number') total = count;
          },
        })
        .byPage(continuationToken ? { continuationToken } : undefined),
      map,
    );
  const first = await pageAt(0);
  const pages: Page<ApiSummary>[] = [first];
  if (first.continuationToken && total !== undefined) {
    const skips: number[] = [];
    for (let skip = apimMaxPageSize; skip < total; skip += apimMaxPageSize) skips.push(skip);
    pages.push(...(await mapLimited(skips, options.concurrency ?? 8, (skip) => pageAt(skip))));
  }
  // Without a count, or when the list grew meanwhile, walk the rest through nextLink.
  for (let token = pages.at(-1)?.continuationToken; token; token = pages.at(-1)?.continuationToken) pages.push(await pageAt(0, token));
  const seen = new Set<string>();
  return pages.flatMap((p) => p.items).filter((a) => !seen.has(a.id) && seen.add(a.id) !== undefined);
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
