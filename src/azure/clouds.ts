/**
 * The clouds the extension can talk to, keyed by the `aiGateway.environment` setting. Endpoints are never hard-coded
 * elsewhere: sovereign clouds have their own Resource Manager, portal and sign-in provider.
 */
import type { CloudInfo } from './clients';

export type EnvironmentName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'sandbox';

export interface AzureCloud extends CloudInfo {
  readonly name: Exclude<EnvironmentName, 'sandbox'>;
  readonly portalUrl: string;
  /** VS Code authentication provider id. */
  readonly authProviderId: 'microsoft' | 'microsoft-sovereign-cloud';
  /** Value of the `microsoft-sovereign-cloud.environment` setting that selects this cloud, for sovereign clouds. */
  readonly sovereignEnvironment?: string;
  /** Authority host for @azure/identity credentials. */
  readonly authorityHost: string;
}

export const azureClouds: Readonly<Record<AzureCloud['name'], AzureCloud>> = {
  AzureCloud: {
    name: 'AzureCloud',
    displayName: 'Azure',
    resourceManagerEndpoint: 'https://management.azure.com',
    portalUrl: 'https://portal.azure.com',
    authProviderId: 'microsoft',
    authorityHost: 'https://login.microsoftonline.com',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    displayName: 'Azure China',
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    portalUrl: 'https://portal.azure.cn',
    authProviderId: 'microsoft-sovereign-cloud',
    sovereignEnvironment: 'ChinaCloud',
    authorityHost: 'https://login.chinacloudapi.cn',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    displayName: 'Azure US Government',
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    portalUrl: 'https://portal.azure.us',
    authProviderId: 'microsoft-sovereign-cloud',
    sovereignEnvironment: 'USGovernment',
    authorityHost: 'https://login.microsoftonline.us',
  },
};

export function sandboxCloud(armEndpoint: string): CloudInfo {
  return { name: 'sandbox', displayName: 'Local sandbox', resourceManagerEndpoint: armEndpoint.replace(/\/+$/, '') };
}

export function isEnvironmentName(value: unknown): value is EnvironmentName {
  return value === 'sandbox' || (typeof value === 'string' && value in azureClouds);
}

/** The `.default` scope of a Resource Manager endpoint, which is what ARM tokens are requested for. */
export function armScope(cloud: Pick<CloudInfo, 'resourceManagerEndpoint'>): string {
  return `${cloud.resourceManagerEndpoint.replace(/\/+$/, '')}/.default`;
}

/** Portal deep link to a resource; undefined when the cloud has no portal (the sandbox). */
export function portalUrlFor(cloud: CloudInfo, resourceId: string, tenantId?: string): string | undefined {
  if (!cloud.portalUrl) return undefined;
  const tenant = tenantId ? `@${tenantId}` : '';
  return `${cloud.portalUrl}/#${tenant}/resource${resourceId}`;
}
