/**
 * A raw ARM call through an SDK client's own pipeline (bearer token for the cloud, the sandbox CA, retries, user agent),
 * for what the SDKs we ship cannot say: a field that needs a newer api-version than the SDK's (APIM's 2024-05-01 has no
 * `largeLanguageModel` on diagnostics and no managed identity on backends), a property the REST spec leaves out
 * (`CustomMetricsOptedInType` of Application Insights components), or a resource type without an SDK among our
 * dependencies (Log Analytics workspaces). The body is JSON both ways; errors are shaped like the SDK's RestError.
 */
import type { AzureClients } from './clients';
import { loadSdk } from './loadSdk';

export interface ArmRequest {
  readonly method: 'GET' | 'PUT' | 'DELETE';
  /** Path from the ARM endpoint, starting with `/subscriptions/`. */
  readonly path: string;
  readonly apiVersion: string;
  readonly body?: unknown;
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
}

export interface ArmResponse<T> {
  readonly status: number;
  readonly body: T | undefined;
  readonly etag?: string;
}

/** The subscription an ARM path belongs to (whose client signs the call). */
const subscriptionOf = (path: string): string => /^\/subscriptions\/([^/]+)/i.exec(path)?.[1] ?? '';

export async function armRequest<T>(clients: AzureClients, request: ArmRequest): Promise<ArmResponse<T>> {
  const [client, sdk] = await Promise.all([clients.apim(subscriptionOf(request.path)), loadSdk()]);
  const base = clients.cloud.resourceManagerEndpoint.replace(/\/+$/, '');
  const sep = request.path.includes('?') ? '&' : '?';
  const headers = sdk.createHttpHeaders({ accept: 'application/json' });
  if (request.body !== undefined) headers.set('content-type', 'application/json');
  if (request.ifMatch) headers.set('If-Match', request.ifMatch);
  if (request.ifNoneMatch) headers.set('If-None-Match', request.ifNoneMatch);
  const response = await client.sendRequest(
    sdk.createPipelineRequest({
      url: `${base}${request.path}${sep}api-version=${request.apiVersion}`,
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    }),
  );
  const body: unknown = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
  if (response.status >= 400) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw Object.assign(new Error(error?.message ?? `Azure Resource Manager answered ${response.status}.`), {
      name: 'RestError',
      statusCode: response.status,
      code: error?.code,
    });
  }
  const etag = response.headers.get('etag') ?? (body as { etag?: string } | undefined)?.etag;
  return { status: response.status, body: body as T | undefined, ...(etag ? { etag } : {}) };
}

/** The resource, or undefined on 404. */
export async function armGetOrUndefined<T>(clients: AzureClients, path: string, apiVersion: string): Promise<ArmResponse<T> | undefined> {
  try {
    return await armRequest<T>(clients, { method: 'GET', path, apiVersion });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}
