/**
 * Fixtures for the Azure OpenAI import tests: an AzureClients over the harness's real SDK clients, the seeded APIM
 * instances and accounts as refs, the import form, and a comparable view of the sandbox state (for rollback checks).
 */
import type { AzureClients } from '../../../src/azure/clients';
import { sandboxCloud } from '../../../src/azure/clouds';
import type { ServiceRef } from '../../../src/apim/refs';
import { getService } from '../../../src/apim/services';
import type { AoaiForm } from '../../../src/domain/import/azureOpenAi/form';
import type { StoreSnapshot } from '../../../src/sandbox/store';
import { governanceClients } from './governanceClients';
import { DEMO_NAMES, type SandboxHarness } from './sandbox';

export function clientsOf(sb: SandboxHarness): AzureClients {
  return {
    cloud: sandboxCloud(sb.connection.armEndpoint),
    apim: (s) => Promise.resolve(sb.apim(s)),
    cognitiveServices: (s) => Promise.resolve(sb.cognitive(s)),
    authorization: (s) => Promise.resolve(sb.authorization(s)),
    ...governanceClients(sb),
    extraCaPem: [sb.ca],
  };
}

export async function serviceRef(sb: SandboxHarness, which: 'aiGateway' | 'apimProd' | 'apimDev'): Promise<ServiceRef> {
  const { resourceGroup, service } = DEMO_NAMES[which];
  for (const sub of sb.connection.subscriptionIds) {
    const ref = await getService(
      clientsOf(sb),
      `/subscriptions/${sub}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${service}`,
    ).catch(() => undefined);
    if (ref) return ref;
  }
  throw new Error(`Seeded service ${service} not found`);
}

export function accountId(sb: SandboxHarness, which: 'openai' | 'aiServices'): string {
  const { resourceGroup } = DEMO_NAMES.models;
  return `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${DEMO_NAMES.models[which]}`;
}

export function aoaiForm(accountIdValue: string, overrides: Partial<AoaiForm> = {}): AoaiForm {
  return {
    mode: 'resource',
    accountId: accountIdValue,
    spec: { kind: 'bundled', version: '2024-10-21' },
    displayName: 'Contoso Azure OpenAI',
    description: 'Chat through the gateway',
    basePath: 'ai/aoai',
    products: [],
    subscriptionKeyHeader: 'api-key',
    auth: 'managedIdentity',
    policies: {},
    ...overrides,
  };
}

/**
 * The state as resources without ETags (a restored resource gets a fresh ETag but is the same resource), and with
 * `identity: { type: 'None' }` read as no identity, which is what it means in ARM (a rollback PATCHes `None`).
 */
export function comparable(snapshot: StoreSnapshot): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of snapshot.resources) {
    const { etag: _etag, identity, ...rest } = r;
    out[r.id.toLowerCase()] = identity && identity.type !== 'None' ? { ...rest, identity } : rest;
  }
  return out;
}

/** The built-in all-access subscription's primary key, to call the gateway. */
export async function masterKey(sb: SandboxHarness, service: ServiceRef): Promise<string> {
  const secrets = await sb.apim(service.subscriptionId).subscription.listSecrets(service.resourceGroup, service.name, 'master');
  return secrets.primaryKey!;
}
