/**
 * The one seam between the extension and Azure: every SDK client comes from an `AzureClients`, which knows the cloud's
 * endpoint, the credential, the CA to trust (the sandbox's) and the retry policy. Type-only imports keep the SDKs out
 * of activation; implementations load them on first use.
 */
import type { ApiManagementClient } from '@azure/arm-apimanagement';
import type { ApplicationInsightsManagementClient } from '@azure/arm-appinsights';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { CognitiveServicesManagementClient } from '@azure/arm-cognitiveservices';
import type { MonitorClient } from '@azure/arm-monitor';
import type { RedisEnterpriseManagementClient } from '@azure/arm-redisenterprisecache';

export interface CloudInfo {
  /** Setting value: 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'sandbox'. */
  readonly name: string;
  readonly displayName: string;
  readonly resourceManagerEndpoint: string;
  /** Portal base URL for "Open in portal"; undefined for the sandbox. */
  readonly portalUrl?: string;
}

export interface AzureClients {
  readonly cloud: CloudInfo;
  apim(subscriptionId: string): Promise<ApiManagementClient>;
  cognitiveServices(subscriptionId: string): Promise<CognitiveServicesManagementClient>;
  authorization(subscriptionId: string): Promise<AuthorizationManagementClient>;
  /** Application Insights components (token metrics go to one through a logger). */
  appInsights(subscriptionId: string): Promise<ApplicationInsightsManagementClient>;
  /** Azure Monitor: metrics and metric definitions of any resource (the usage view reads Application Insights). */
  monitor(subscriptionId: string): Promise<MonitorClient>;
  /** Azure Managed Redis (Redis Enterprise) clusters and databases, for the semantic cache. */
  redisEnterprise(subscriptionId: string): Promise<RedisEnterpriseManagementClient>;
  /**
   * Trusted CA certificates (PEM) beyond the system's, for direct HTTPS calls that are not SDK calls (the test
   * console's gateway requests). Empty for real clouds; the sandbox's CA in sandbox mode.
   */
  readonly extraCaPem: readonly string[];
}
