/**
 * The Application Insights, Monitor and Redis Enterprise clients of an AzureClients over the sandbox, made by the
 * extension's own factory (src/azure/clientFactory.ts: endpoint, CA, user agent), so that tests exercise the very
 * clients the extension uses for the AI-policy prerequisites.
 */
import type { AzureClients } from '../../../src/azure/clients';
import { createAzureClients } from '../../../src/azure/clientFactory';
import { sandboxCloud } from '../../../src/azure/clouds';
import type { SandboxHarness } from './sandbox';

export function governanceClients(sb: SandboxHarness): Pick<AzureClients, 'appInsights' | 'monitor' | 'redisEnterprise'> {
  const factory = createAzureClients({
    cloud: sandboxCloud(sb.connection.armEndpoint),
    credential: sb.credential,
    caPem: [sb.ca],
    version: 'test',
    maxRetries: 0,
  });
  return {
    appInsights: (s) => factory.appInsights(s),
    monitor: (s) => factory.monitor(s),
    redisEnterprise: (s) => factory.redisEnterprise(s),
  };
}
