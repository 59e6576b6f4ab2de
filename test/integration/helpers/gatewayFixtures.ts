/**
 * Fixture builders for gateway and mock-model tests: ARM-shaped resources written straight into a running sandbox's
 * store (the shapes ARM PUT bodies carry), and a small HTTPS client that trusts the sandbox CA.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server';
import type { ArmResource, ResourceStore } from '../../../src/sandbox/store';

export const SUB = '00000000-0000-0000-0000-0000000000aa';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-test`;

export async function startEmptySandbox(): Promise<RunningSandbox> {
  return startSandbox({ seed: 'empty' });
}

export const serviceId = (name: string): string => `${RG}/providers/Microsoft.ApiManagement/service/${name}`;
export const accountId = (name: string): string => `${RG}/providers/Microsoft.CognitiveServices/accounts/${name}`;

function put(
  store: ResourceStore,
  id: string,
  type: string,
  properties: Record<string, unknown>,
  extra: Partial<ArmResource> = {},
): ArmResource {
  return store.put({ id, name: id.split('/').pop()!, type, properties, ...extra });
}

export function addService(store: ResourceStore, name: string, identityPrincipalId?: string): string {
  const id = serviceId(name);
  put(
    store,
    id,
    'Microsoft.ApiManagement/service',
    { gatewayUrl: '' },
    {
      location: 'westeurope',
      ...(identityPrincipalId ? { identity: { type: 'SystemAssigned', principalId: identityPrincipalId } } : {}),
    },
  );
  return id;
}

export interface ApiSpec {
  readonly path: string;
  readonly serviceUrl?: string;
  readonly subscriptionRequired?: boolean;
  readonly keyHeader?: string;
  readonly keyQuery?: string;
  /** `[method, urlTemplate]` per operation. */
  readonly operations?: ReadonlyArray<readonly [string, string]>;
  readonly policy?: string;
}

export function addApi(store: ResourceStore, svc: string, apiName: string, spec: ApiSpec): string {
  const id = `${svc}/apis/${apiName}`;
  put(store, id, 'Microsoft.ApiManagement/service/apis', {
    displayName: apiName,
    path: spec.path,
    serviceUrl: spec.serviceUrl,
    subscriptionRequired: spec.subscriptionRequired,
    subscriptionKeyParameterNames: { header: spec.keyHeader ?? 'Ocp-Apim-Subscription-Key', query: spec.keyQuery ?? 'subscription-key' },
    isCurrent: true,
  });
  for (const [i, [method, urlTemplate]] of (spec.operations ?? [['POST', '/chat/completions']]).entries()) {
    put(store, `${id}/operations/op${i}`, 'Microsoft.ApiManagement/service/apis/operations', {
      displayName: `op${i}`,
      method,
      urlTemplate,
    });
  }
  if (spec.policy) setPolicy(store, id, spec.policy);
  return id;
}

export function setPolicy(store: ResourceStore, scopeId: string, xml: string): void {
  put(store, `${scopeId}/policies/policy`, 'Microsoft.ApiManagement/service/policies', { format: 'rawxml', value: xml });
}

export function addSubscription(store: ResourceStore, svc: string, sid: string, scope: string, primaryKey: string, state = 'active'): void {
  put(store, `${svc}/subscriptions/${sid}`, 'Microsoft.ApiManagement/service/subscriptions', {
    displayName: sid,
    scope: `${svc}${scope}`,
    primaryKey,
    secondaryKey: `${primaryKey}-secondary`,
    state,
  });
}

export function addBackend(store: ResourceStore, svc: string, backendId: string, properties: Record<string, unknown>): void {
  put(store, `${svc}/backends/${backendId}`, 'Microsoft.ApiManagement/service/backends', {
    protocol: 'http',
    type: 'Single',
    ...properties,
  });
}

export function addNamedValue(store: ResourceStore, svc: string, name: string, value: string, secret = true): void {
  put(store, `${svc}/namedValues/${name}`, 'Microsoft.ApiManagement/service/namedValues', { displayName: name, value, secret });
}

export function addProduct(store: ResourceStore, svc: string, product: string, apiNames: readonly string[]): void {
  put(store, `${svc}/products/${product}`, 'Microsoft.ApiManagement/service/products', { displayName: product, state: 'published' });
  for (const a of apiNames) put(store, `${svc}/products/${product}/apis/${a}`, 'Microsoft.ApiManagement/service/products/apis', {});
}

export function addAccount(
  store: ResourceStore,
  origin: string,
  name: string,
  key: string,
  deployments: ReadonlyArray<readonly [string, string]>,
  modelVersion = '2024-08-06',
): string {
  const id = accountId(name);
  put(
    store,
    id,
    'Microsoft.CognitiveServices/accounts',
    { endpoint: `${origin}/aoai/${name}/` },
    { kind: 'OpenAI', secrets: { key1: key, key2: `${key}-2` } },
  );
  for (const [deployment, model] of deployments) {
    put(store, `${id}/deployments/${deployment}`, 'Microsoft.CognitiveServices/accounts/deployments', {
      model: { format: 'OpenAI', name: model, version: modelVersion },
    });
  }
  return id;
}

export function addRoleAssignment(store: ResourceStore, scope: string, name: string, principalId: string, roleGuid: string): void {
  put(store, `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, 'Microsoft.Authorization/roleAssignments', {
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
    principalId,
    principalType: 'ServicePrincipal',
    scope,
  });
}

export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** Starts a request and resolves with the live response (for streaming tests). */
export function open(sandbox: RunningSandbox, url: string, options: RequestOptions = {}): Promise<IncomingMessage> {
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      ca: sandbox.context.caPem,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(body);
  });
}

export async function call(sandbox: RunningSandbox, url: string, options: RequestOptions = {}): Promise<HttpResult> {
  const res = await open(sandbox, url, options);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** The `data:` payloads of an SSE body. */
export function sseData(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6));
}
