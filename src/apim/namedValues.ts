/**
 * Named values of an APIM instance: names and whether they are secret. Values are never read (listValue is not
 * called anywhere in the extension's read side), so a secret cannot leak into the tree, a tooltip or the log.
 */
import type { NamedValueContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ServiceRef } from './refs';
import { listAllInParallel, sdkPageFetcher } from './paging';

export interface NamedValueSummary {
  readonly id: string;
  /** The named value's id (what `{{...}}` references in backends use). */
  readonly name: string;
  /** The name policies use in `{{...}}`. */
  readonly displayName: string;
  readonly secret: boolean;
  readonly keyVault: boolean;
}

export function toNamedValueSummary(nv: NamedValueContract): NamedValueSummary | undefined {
  if (!nv.id || !nv.name) return undefined;
  return {
    id: nv.id,
    name: nv.name,
    displayName: nv.displayName ?? nv.name,
    secret: nv.secret === true,
    keyVault: nv.keyVault !== undefined,
  };
}

export async function listNamedValues(clients: AzureClients, service: ServiceRef, abortSignal?: AbortSignal): Promise<NamedValueSummary[]> {
  const client = await clients.apim(service.subscriptionId);
  // Over 100 items, the pages come in parallel by $skip, like the tree's API list.
  return listAllInParallel(
    sdkPageFetcher((options) => client.namedValue.listByService(service.resourceGroup, service.name, options), toNamedValueSummary),
    (nv) => nv.id,
    abortSignal ? { abortSignal } : {},
  );
}

export async function deleteNamedValue(clients: AzureClients, service: ServiceRef, namedValueId: string): Promise<void> {
  const client = await clients.apim(service.subscriptionId);
  await client.namedValue.delete(service.resourceGroup, service.name, namedValueId, '*');
}
