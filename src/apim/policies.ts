/**
 * API and service policies as raw XML with their ETag. Writes are conditional (If-Match) so that a policy someone else
 * changed is never overwritten: a stale ETag becomes a ConflictError.
 */
import type { AzureClients } from '../azure/clients';
import { ConflictError, isRestErrorLike } from './errors';
import type { ApiRef, ServiceRef } from './refs';

export interface PolicyDocument {
  readonly xml: string;
  /** ETag to send as If-Match when writing it back; undefined when the API has no policy yet. */
  readonly etag?: string;
}

const notFound = (e: unknown): boolean => isRestErrorLike(e) && e.statusCode === 404;

/** The API's policy, or undefined when it has none. */
export async function getApiPolicy(clients: AzureClients, api: Pick<ApiRef, 'service' | 'apiId'>, abortSignal?: AbortSignal): Promise<PolicyDocument | undefined> {
  const client = await clients.apim(api.service.subscriptionId);
  try {
    const policy = await client.apiPolicy.get(api.service.resourceGroup, api.service.name, api.apiId, 'policy', { format: 'rawxml', abortSignal });
    return { xml: policy.value ?? '', ...(policy.eTag ? { etag: policy.eTag } : {}) };
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}

/**
 * Writes the API's policy. With an `etag` the write only succeeds if nobody changed the policy since it was read;
 * without one it only succeeds if there is no policy yet (If-None-Match is not offered by APIM, so we check first).
 * Returns the new ETag.
 */
export async function putApiPolicy(clients: AzureClients, api: Pick<ApiRef, 'service' | 'apiId'>, xml: string, etag: string | undefined): Promise<string | undefined> {
  const client = await clients.apim(api.service.subscriptionId);
  if (etag === undefined && (await getApiPolicy(clients, api)) !== undefined) {
    throw new ConflictError('The API got a policy since you opened it.');
  }
  try {
    const result = await client.apiPolicy.createOrUpdate(
      api.service.resourceGroup,
      api.service.name,
      api.apiId,
      'policy',
      { value: xml, format: 'rawxml' },
      etag ? { ifMatch: etag } : {},
    );
    return result.eTag;
  } catch (e) {
    if (isRestErrorLike(e) && e.statusCode === 412) throw new ConflictError('The policy changed in Azure since you opened it.');
    throw e;
  }
}

/** The service-wide (All APIs) policy XML, or undefined when there is none. */
export async function getServicePolicyXml(clients: AzureClients, service: ServiceRef): Promise<string | undefined> {
  const client = await clients.apim(service.subscriptionId);
  try {
    return (await client.policy.get(service.resourceGroup, service.name, 'policy', { format: 'rawxml' })).value;
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}
