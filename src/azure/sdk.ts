/**
 * Everything that loads an Azure SDK module at runtime. Built as its own bundle (dist/azureSdk.js) and loaded on
 * first use through loadSdk.ts, so that activating the extension loads none of it.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiManagementClient } from '@azure/arm-apimanagement';
import { ApplicationInsightsManagementClient } from '@azure/arm-appinsights';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { CognitiveServicesManagementClient } from '@azure/arm-cognitiveservices';
import { MonitorClient } from '@azure/arm-monitor';
import { RedisEnterpriseManagementClient } from '@azure/arm-redisenterprisecache';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type InternalPipelineOptions,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import { AzureCliCredential, EnvironmentCredential } from '@azure/identity';

export interface SdkClientOptions {
  /** Resource Manager base URL of the cloud. */
  readonly endpoint: string;
  /** Extra CA certificates (PEM) to trust, the sandbox's. */
  readonly caPem: readonly string[];
  readonly userAgent: string;
  readonly maxRetries: number;
  /** Extra pipeline policies run for every HTTP attempt (after retries and signing), e.g. a request counter. */
  readonly policies?: readonly PipelinePolicy[];
}

function clientOptions(options: SdkClientOptions) {
  return {
    endpoint: options.endpoint,
    $host: options.endpoint,
    credentialScopes: [`${options.endpoint}/.default`],
    userAgentOptions: { userAgentPrefix: options.userAgent },
    retryOptions: { maxRetries: options.maxRetries },
    ...(options.caPem.length > 0 ? { tlsOptions: { ca: options.caPem.join('\n') } } : {}),
    additionalPolicies: (options.policies ?? []).map((policy) => ({ policy, position: 'perRetry' as const })),
  };
}

export function createApimClient(credential: TokenCredential, subscriptionId: string, options: SdkClientOptions): ApiManagementClient {
  return new ApiManagementClient(credential, subscriptionId, clientOptions(options));
}

export function createCognitiveServicesClient(
  credential: TokenCredential,
  subscriptionId: string,
  options: SdkClientOptions,
): CognitiveServicesManagementClient {
  return new CognitiveServicesManagementClient(credential, subscriptionId, clientOptions(options));
}

export function createAuthorizationClient(
  credential: TokenCredential,
  subscriptionId: string,
  options: SdkClientOptions,
): AuthorizationManagementClient {
  return new AuthorizationManagementClient(credential, subscriptionId, clientOptions(options));
}

/** Azure Monitor (metrics, metric definitions). Its options name the token scope `credentials.scopes`. */
export function createMonitorClient(credential: TokenCredential, subscriptionId: string, options: SdkClientOptions): MonitorClient {
  const base = clientOptions(options);
  return new MonitorClient(credential, subscriptionId, { ...base, credentials: { scopes: base.credentialScopes } });
}

export function createRedisEnterpriseClient(
  credential: TokenCredential,
  subscriptionId: string,
  options: SdkClientOptions,
): RedisEnterpriseManagementClient {
  return new RedisEnterpriseManagementClient(credential, subscriptionId, clientOptions(options));
}

/**
 * @azure/arm-appinsights 4 is the last Application Insights management client and is built on @azure/ms-rest-js, not
 * core-client: it takes `baseUri` for the cloud, an HTTPS agent for the extra CA, and its own retry policy. Our
 * counting policies do not apply to it (its pipeline is another HTTP stack).
 */
export function createAppInsightsClient(
  credential: TokenCredential,
  subscriptionId: string,
  options: SdkClientOptions,
): ApplicationInsightsManagementClient {
  return new ApplicationInsightsManagementClient(credential, subscriptionId, {
    baseUri: options.endpoint,
    userAgent: options.userAgent,
    ...(options.caPem.length > 0
      ? { agentSettings: { http: new HttpAgent(), https: new HttpsAgent({ ca: options.caPem.join('\n') }) } }
      : {}),
  });
}

export function createCliCredential(tenantId: string | undefined): TokenCredential {
  return new AzureCliCredential(tenantId ? { tenantId } : {});
}

export function createEnvironmentCredential(authorityHost: string): TokenCredential {
  return new EnvironmentCredential({ authorityHost });
}

export interface ArmSubscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId: string;
  readonly state: string;
}

export interface ArmTenant {
  readonly tenantId: string;
  readonly displayName: string;
}

/**
 * GETs every page of an ARM collection with the shared pipeline (there is no SDK package for subscriptions and
 * tenants among our dependencies, and these two calls do not justify one).
 */
async function listArmCollection(credential: TokenCredential, options: SdkClientOptions, path: string): Promise<unknown[]> {
  const pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: options.maxRetries },
    userAgentOptions: { userAgentPrefix: options.userAgent },
    ...(options.caPem.length > 0 ? { tlsOptions: { ca: options.caPem.join('\n') } } : {}),
  } satisfies InternalPipelineOptions);
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: `${options.endpoint}/.default` }));
  for (const policy of options.policies ?? []) pipeline.addPolicy(policy, { afterPhase: 'Sign' });
  const httpClient = createDefaultHttpClient();
  const items: unknown[] = [];
  let url: string | undefined = `${options.endpoint}${path}`;
  while (url) {
    const request = createPipelineRequest({ url, method: 'GET', headers: createHttpHeaders({ accept: 'application/json' }) });
    const response = await pipeline.sendRequest(httpClient, request);
    const body: unknown = response.bodyAsText ? JSON.parse(response.bodyAsText) : {};
    if (response.status >= 400) throw armError(response.status, body);
    const page = body as { value?: unknown[]; nextLink?: string };
    items.push(...(page.value ?? []));
    url = page.nextLink || undefined;
  }
  return items;
}

/** An error shaped like the SDK's RestError (statusCode, code), so that apim/errors.ts explains it the same way. */
function armError(status: number, body: unknown): Error {
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  return Object.assign(new Error(error?.message ?? `Azure Resource Manager answered ${status}`), {
    statusCode: status,
    code: error?.code,
  });
}

export async function listSubscriptions(credential: TokenCredential, options: SdkClientOptions): Promise<ArmSubscription[]> {
  const items = (await listArmCollection(credential, options, '/subscriptions?api-version=2022-12-01')) as Partial<ArmSubscription>[];
  return items
    .filter((s): s is ArmSubscription => typeof s.subscriptionId === 'string')
    .map((s) => ({
      subscriptionId: s.subscriptionId,
      displayName: s.displayName ?? s.subscriptionId,
      tenantId: s.tenantId ?? '',
      state: s.state ?? 'Enabled',
    }));
}

export async function listTenants(credential: TokenCredential, options: SdkClientOptions): Promise<ArmTenant[]> {
  const items = (await listArmCollection(credential, options, '/tenants?api-version=2022-12-01')) as Partial<
    ArmTenant & { defaultDomain: string }
  >[];
  return items
    .filter((t): t is ArmTenant & { defaultDomain?: string } => typeof t.tenantId === 'string')
    .map((t) => ({ tenantId: t.tenantId, displayName: t.displayName ?? t.defaultDomain ?? t.tenantId }));
}

export { getContinuationToken } from '@azure/arm-apimanagement';
export { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
