/** APIM users: the possible owners of a subscription (user `1` is the instance's built-in administrator). */
import type { UserContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import { apimMaxPageSize, readAll } from './paging';
import type { ServiceRef } from './refs';

export interface ApimUserSummary {
  readonly id: string;
  readonly name: string;
  /** "First Last <email>", or the id when the user has neither. */
  readonly label: string;
  readonly state?: string;
}

export function toUserSummary(u: UserContract): ApimUserSummary | undefined {
  if (!u.id || !u.name) return undefined;
  const fullName = [u.firstName, u.lastName].filter((s) => s !== undefined && s !== '').join(' ');
  const label = fullName && u.email ? `${fullName} <${u.email}>` : fullName || u.email || u.name;
  return { id: u.id, name: u.name, label, ...(u.state ? { state: u.state } : {}) };
}

export async function listUsers(clients: AzureClients, service: ServiceRef, abortSignal?: AbortSignal): Promise<ApimUserSummary[]> {
  const client = await clients.apim(service.subscriptionId);
  return readAll(
    client.user.listByService(service.resourceGroup, service.name, { top: apimMaxPageSize, abortSignal }).byPage(),
    toUserSummary,
  );
}
