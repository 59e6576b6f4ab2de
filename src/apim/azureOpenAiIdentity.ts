/**
 * The system-assigned managed identity of an APIM instance, which Azure OpenAI imports use to call the model without
 * keys. Enabling it keeps any user-assigned identities (the PATCH sends the combined type and their ids), and what was
 * there before is returned so that a rollback can put it back.
 */
import type { ApiManagementServiceIdentity, ApimIdentityType } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ServiceRef } from './refs';

export interface ServiceIdentityState {
  readonly type: string;
  readonly principalId?: string;
  /** Resource ids of the user-assigned identities. */
  readonly userAssigned: readonly string[];
}

export interface EnsuredIdentity {
  readonly principalId: string;
  /** The identity before this call; `enabled` tells whether the call changed it. */
  readonly before: ServiceIdentityState;
  readonly enabled: boolean;
}

export function hasSystemAssigned(state: Pick<ServiceIdentityState, 'type'>): boolean {
  return /systemassigned/i.test(state.type);
}

export async function readServiceIdentity(
  clients: AzureClients,
  service: Pick<ServiceRef, 'subscriptionId' | 'resourceGroup' | 'name'>,
): Promise<ServiceIdentityState> {
  const client = await clients.apim(service.subscriptionId);
  const svc = await client.apiManagementService.get(service.resourceGroup, service.name);
  return toState(svc.identity);
}

/** Enables the system-assigned identity when missing (a long-running PATCH) and returns its principal id. */
export async function ensureSystemAssignedIdentity(
  clients: AzureClients,
  service: Pick<ServiceRef, 'subscriptionId' | 'resourceGroup' | 'name'>,
): Promise<EnsuredIdentity> {
  const before = await readServiceIdentity(clients, service);
  if (hasSystemAssigned(before) && before.principalId) return { principalId: before.principalId, before, enabled: false };
  const type: ApimIdentityType = before.userAssigned.length > 0 ? 'SystemAssigned, UserAssigned' : 'SystemAssigned';
  const client = await clients.apim(service.subscriptionId);
  const updated = await client.apiManagementService.beginUpdateAndWait(service.resourceGroup, service.name, {
    identity: identityBody(type, before.userAssigned),
  });
  const principalId = updated.identity?.principalId ?? (await readServiceIdentity(clients, service)).principalId;
  if (!principalId) {
    throw new Error(`Azure did not return a principal id for the managed identity of ${service.name}. Try again in a minute.`);
  }
  return { principalId, before, enabled: true };
}

/** Puts the identity back as it was before `ensureSystemAssignedIdentity` (rollback). */
export async function restoreServiceIdentity(
  clients: AzureClients,
  service: Pick<ServiceRef, 'subscriptionId' | 'resourceGroup' | 'name'>,
  before: ServiceIdentityState,
): Promise<void> {
  const client = await clients.apim(service.subscriptionId);
  const type = before.type === '' ? 'None' : before.type;
  await client.apiManagementService.beginUpdateAndWait(service.resourceGroup, service.name, {
    identity: identityBody(type, before.userAssigned),
  });
}

function identityBody(type: ApimIdentityType, userAssigned: readonly string[]): ApiManagementServiceIdentity {
  // ARM wants each kept user-assigned identity listed with an empty object; omitting them would remove them.
  return /userassigned/i.test(type) && userAssigned.length > 0
    ? { type, userAssignedIdentities: Object.fromEntries(userAssigned.map((id) => [id, {}])) }
    : { type };
}

function toState(identity: ApiManagementServiceIdentity | undefined): ServiceIdentityState {
  if (!identity || identity.type === 'None') return { type: '', userAssigned: [] };
  return {
    type: identity.type,
    ...(identity.principalId ? { principalId: identity.principalId } : {}),
    userAssigned: Object.keys(identity.userAssignedIdentities ?? {}),
  };
}
