/**
 * The one implementation of AzureClients, for every cloud and the sandbox: it alone knows the endpoint, credential,
 * trusted CA, retry policy and user agent. Clients are created on first use (loading the SDK bundle) and reused.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { AzureClients, CloudInfo } from './clients';
import { loadSdk, type AzureSdk } from './loadSdk';
import type { ArmSubscription, ArmTenant, SdkClientOptions } from './sdk';

export interface ClientFactoryOptions {
  readonly cloud: CloudInfo;
  readonly credential: TokenCredential;
  /** Extra CAs to trust (the sandbox's), PEM. */
  readonly caPem?: readonly string[];
  /** The extension's version, for the user agent `ai-gateway-apim/<version>`. */
  readonly version: string;
  readonly maxRetries?: number;
  /** Pipeline policies run for every HTTP attempt, e.g. a request counter in benchmarks. */
  readonly policies?: readonly PipelinePolicy[];
}

/** AzureClients plus the account-level reads that are not per subscription. */
export interface AzureAccountClients extends AzureClients {
  listSubscriptions(): Promise<ArmSubscription[]>;
  listTenants(): Promise<ArmTenant[]>;
}

export const userAgentName = 'ai-gateway-apim';

export function createAzureClients(options: ClientFactoryOptions): AzureAccountClients {
  const sdkOptions: SdkClientOptions = {
    endpoint: options.cloud.resourceManagerEndpoint.replace(/\/+$/, ''),
    caPem: options.caPem ?? [],
    userAgent: `${userAgentName}/${options.version}`,
    maxRetries: options.maxRetries ?? 3,
    ...(options.policies ? { policies: options.policies } : {}),
  };
  const cache = new Map<string, Promise<unknown>>();
  function cached<T>(kind: string, subscriptionId: string, create: (sdk: AzureSdk) => T): Promise<T> {
    const key = `${kind}/${subscriptionId}`;
    let client = cache.get(key) as Promise<T> | undefined;
    if (!client) {
      client = loadSdk().then(create);
      cache.set(key, client);
      // A failed load must not be remembered: the next call tries again.
      client.catch(() => cache.delete(key));
    }
    return client;
  }
  return {
    cloud: options.cloud,
    extraCaPem: options.caPem ?? [],
    apim: (subscriptionId) => cached('apim', subscriptionId, (sdk) => sdk.createApimClient(options.credential, subscriptionId, sdkOptions)),
    cognitiveServices: (subscriptionId) =>
      cached('cognitiveServices', subscriptionId, (sdk) =>
        sdk.createCognitiveServicesClient(options.credential, subscriptionId, sdkOptions),
      ),
    authorization: (subscriptionId) =>
      cached('authorization', subscriptionId, (sdk) => sdk.createAuthorizationClient(options.credential, subscriptionId, sdkOptions)),
    appInsights: (subscriptionId) =>
      cached('appInsights', subscriptionId, (sdk) => sdk.createAppInsightsClient(options.credential, subscriptionId, sdkOptions)),
    monitor: (subscriptionId) =>
      cached('monitor', subscriptionId, (sdk) => sdk.createMonitorClient(options.credential, subscriptionId, sdkOptions)),
    redisEnterprise: (subscriptionId) =>
      cached('redisEnterprise', subscriptionId, (sdk) => sdk.createRedisEnterpriseClient(options.credential, subscriptionId, sdkOptions)),
    listSubscriptions: async () => (await loadSdk()).listSubscriptions(options.credential, sdkOptions),
    listTenants: async () => (await loadSdk()).listTenants(options.credential, sdkOptions),
  };
}
