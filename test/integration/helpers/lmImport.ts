/**
 * Fixtures for the Language Model API import tests: AzureClients over the sandbox harness's real SDK clients, the
 * target service, a valid form per preset, and state snapshots without volatile fields (ETags) for exact comparisons.
 */
import type { AzureClients } from '../../../src/azure/clients';
import type { StepContext } from '../../../src/apim/importExecutor';
import type { ServiceRef } from '../../../src/apim/refs';
import type { ApimStep } from '../../../src/domain/import/apimSteps';
import type { LmApiForm } from '../../../src/domain/import/lmApiForm';
import { LM_API_KEY_SECRET } from '../../../src/domain/import/lmApiPlan';
import { findPreset, type ProviderId } from '../../../src/domain/import/providers';
import type { StoreSnapshot } from '../../../src/sandbox/store';
import { governanceClients } from './governanceClients';
import { DEMO_NAMES, type SandboxHarness } from './sandbox';

export function sandboxClients(sb: SandboxHarness): AzureClients {
  return {
    cloud: { name: 'sandbox', displayName: 'Local sandbox', resourceManagerEndpoint: sb.connection.armEndpoint },
    apim: (id) => Promise.resolve(sb.apim(id)),
    cognitiveServices: (id) => Promise.resolve(sb.cognitive(id)),
    authorization: (id) => Promise.resolve(sb.authorization(id)),
    ...governanceClients(sb),
    extraCaPem: [sb.ca],
  };
}

export async function gatewayService(sb: SandboxHarness): Promise<ServiceRef> {
  const { resourceGroup, service } = DEMO_NAMES.aiGateway;
  const subscriptionId = sb.connection.subscriptionIds[0];
  const svc = await sb.apim().apiManagementService.get(resourceGroup, service);
  return { id: svc.id!, subscriptionId, resourceGroup, name: service, ...(svc.gatewayUrl ? { gatewayUrl: svc.gatewayUrl } : {}) };
}

export function stepContext(sb: SandboxHarness, service: ServiceRef, key: string | undefined, abortSignal?: AbortSignal): StepContext {
  return {
    clients: sandboxClients(sb),
    service,
    secrets: new Map(key ? [[LM_API_KEY_SECRET, key]] : []),
    pollIntervalMs: 10,
    ...(abortSignal ? { abortSignal } : {}),
  };
}

/** A URL each preset accepts: its own base URL with placeholders filled, or the sandbox's mock model for Custom. */
export function presetUrl(provider: ProviderId, sb: SandboxHarness): string {
  const base = findPreset(provider)!.baseUrl;
  if (base === '') return sb.connection.modelEndpoint;
  return base.replace('{endpoint}', 'my-endpoint').replace('{resource}', 'my-resource');
}

export function formFor(provider: ProviderId, sb: SandboxHarness, overrides: Partial<LmApiForm> = {}): LmApiForm {
  const preset = findPreset(provider)!;
  const displayName = overrides.displayName ?? `${preset.label} import`;
  return {
    provider,
    displayName,
    description: `Imported by the integration tests (${preset.label})`,
    url: presetUrl(provider, sb),
    path: `it/${provider}`,
    type: 'chat-completions',
    headerName: preset.keyHeader.name,
    headerValueFormat: preset.keyHeader.valueFormat,
    products: ['starter'],
    subscriptionKeyHeader: 'api-key',
    policies: {},
    ...overrides,
  };
}

/** The store without what changes on every write (ETags), sorted by id, for before/after comparisons. */
export function stableState(snapshot: StoreSnapshot): unknown[] {
  return snapshot.resources.map(({ etag: _etag, ...rest }) => rest).sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
}

export async function stateOf(sb: SandboxHarness): Promise<unknown[]> {
  return stableState(await sb.hooks.state());
}

/** The API's policy XML (listByApi: `apiPolicy.get` loses the value in SDK 10), or undefined when it has none. */
export async function apiPolicyXml(sb: SandboxHarness, apiId: string): Promise<string | undefined> {
  const { resourceGroup, service } = DEMO_NAMES.aiGateway;
  const list = await sb.apim().apiPolicy.listByApi(resourceGroup, service, apiId);
  return list.value?.[0]?.value;
}

/** The next write of `step` fails with a 400 from ARM. */
export async function failWriteOf(sb: SandboxHarness, step: ApimStep): Promise<void> {
  await sb.hooks.addFault({
    method: 'PUT',
    path: stepPath(step),
    times: 1,
    status: 400,
    body: { error: { code: 'InjectedFault', message: `Injected fault for ${step.id}.` } },
  });
}

/** The ARM path (as a regex) a step writes, for a fault injected at that write. */
function stepPath(step: ApimStep): string {
  switch (step.kind) {
    case 'namedValue':
      return `/namedValues/${step.payload.namedValueId}$`;
    case 'backend':
      return `/backends/${step.payload.backendId}$`;
    case 'backendPool':
      return `/backends/${step.payload.poolId}$`;
    case 'api':
      return `/apis/${step.payload.apiId}$`;
    case 'operation':
      return `/apis/${step.payload.apiId}/operations/${step.payload.operationId}$`;
    case 'apiPolicy':
      return `/apis/${step.payload.apiId}/policies/policy$`;
    case 'productApi':
      return `/products/${step.payload.productId}/apis/${step.payload.apiId}$`;
  }
}
