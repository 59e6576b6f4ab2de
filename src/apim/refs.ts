/** Plain references to the APIM resources the UI passes around (tree nodes carry them; commands and panels take them). */
import { isRecord } from '../domain/guards';

export interface ServiceRef {
  /** ARM id of the service: `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.ApiManagement/service/{name}`. */
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location?: string;
  readonly skuName?: string;
  readonly gatewayUrl?: string;
}

export interface ApiRef {
  readonly service: ServiceRef;
  /** The API's name (its id inside the service, without `;rev=`). */
  readonly apiId: string;
  readonly displayName: string;
  /** The API's URL suffix; the endpoint is `{gatewayUrl}/{path}`. */
  readonly path: string;
  readonly subscriptionKeyHeader: string;
  readonly subscriptionRequired: boolean;
}

export function parseServiceId(id: string): Pick<ServiceRef, 'id' | 'subscriptionId' | 'resourceGroup' | 'name'> {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ApiManagement\/service\/([^/]+)/i.exec(id);
  if (!m) throw new Error(`Not an API Management service id: ${id}`);
  return { id: m[0], subscriptionId: m[1], resourceGroup: m[2], name: m[3] };
}

/** `{gatewayUrl}/{path}` without doubled or trailing slashes. */
export function apiEndpoint(api: Pick<ApiRef, 'service' | 'path'>): string | undefined {
  const base = api.service.gatewayUrl?.replace(/\/+$/, '');
  if (!base) return undefined;
  const path = api.path.replace(/^\/+|\/+$/g, '');
  return path ? `${base}/${path}` : base;
}

export function isApiRef(value: unknown): value is ApiRef {
  return (
    isRecord(value) &&
    isRecord(value.service) &&
    typeof value.service.id === 'string' &&
    typeof value.service.subscriptionId === 'string' &&
    typeof value.service.resourceGroup === 'string' &&
    typeof value.service.name === 'string' &&
    typeof value.apiId === 'string' &&
    typeof value.displayName === 'string' &&
    typeof value.path === 'string' &&
    typeof value.subscriptionKeyHeader === 'string' &&
    typeof value.subscriptionRequired === 'boolean'
  );
}
