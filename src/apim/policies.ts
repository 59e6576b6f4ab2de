/**
 * API and service policies as raw XML with their ETag. Writes are conditional (If-Match) so that a policy someone else
 * changed is never overwritten: a stale ETag becomes a ConflictError.
 */
import type { AzureClients } from '../azure/clients';
import { loadSdk } from '../azure/loadSdk';
import { ConflictError, isRestErrorLike } from './errors';
import type { ApiRef, ServiceRef } from './refs';

export interface PolicyDocument {
  readonly xml: string;
  /** ETag to send as If-Match when writing it back; undefined when the API has no policy yet. */
  readonly etag?: string;
}

/**
 * GETs a policy as raw XML with its ETag. Not `apiPolicy.get`/`policy.get`: their operation spec is marked XML in
 * SDK 10, so the JSON answer ARM sends loses `value`. The same client pipeline (credential, CA, retries) is used.
 */
export async function getPolicyAt(
  clients: AzureClients,
  subscriptionId: string,
  scopeId: string,
  abortSignal?: AbortSignal,
): Promise<PolicyDocument | undefined> {
  const [client, sdk] = await Promise.all([clients.apim(subscriptionId), loadSdk()]);
  const url = `${clients.cloud.resourceManagerEndpoint.replace(/\/+$/, '')}${scopeId}/policies/policy?api-version=${client.apiVersion}&format=rawxml`;
  const request = sdk.createPipelineRequest({ url, method: 'GET', ...(abortSignal ? { abortSignal } : {}) });
  request.headers.set('accept', 'application/json');
  const response = await client.sendRequest(request);
  if (response.status === 404) return undefined;
  const body = parseJson(response.bodyAsText ?? undefined);
  if (response.status >= 400) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new sdk.RestError(error?.message ?? `Azure Resource Manager answered ${response.status}`, {
      code: error?.code,
      statusCode: response.status,
      request,
      response,
    });
  }
  const value = (body as { properties?: { value?: unknown } } | undefined)?.properties?.value;
  const etag = response.headers.get('etag');
  return { xml: typeof value === 'string' ? value : '', ...(etag ? { etag } : {}) };
}

function parseJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The API's policy, or undefined when it has none. */
export function getApiPolicy(
  clients: AzureClients,
  api: Pick<ApiRef, 'service' | 'apiId'>,
  abortSignal?: AbortSignal,
): Promise<PolicyDocument | undefined> {
  return getPolicyAt(clients, api.service.subscriptionId, `${api.service.id}/apis/${encodeURIComponent(api.apiId)}`, abortSignal);
}

/**
 * Writes the API's policy. With an `etag` the write only succeeds if nobody changed the policy since it was read;
 * without one it only succeeds if there is no policy yet (If-None-Match is not offered by APIM, so we check first).
 * Returns the new ETag.
 */
export async function putApiPolicy(
  clients: AzureClients,
  api: Pick<ApiRef, 'service' | 'apiId'>,
  xml: string,
  etag: string | undefined,
): Promise<string | undefined> {
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
export async function getServicePolicyXml(
  clients: AzureClients,
  service: ServiceRef,
  abortSignal?: AbortSignal,
): Promise<string | undefined> {
  return (await getPolicyAt(clients, service.subscriptionId, service.id, abortSignal))?.xml;
}
