/** Operations of an API. */
import type { OperationContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ApiRef } from './refs';
import { apimMaxPageSize, readAll } from './paging';

export interface OperationSummary {
  /** ARM id of the operation. */
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly method: string;
  readonly urlTemplate: string;
}

export function toOperationSummary(op: OperationContract): OperationSummary | undefined {
  if (!op.id || !op.name) return undefined;
  return { id: op.id, name: op.name, displayName: op.displayName ?? op.name, method: op.method ?? '', urlTemplate: op.urlTemplate ?? '' };
}

export async function listOperations(
  clients: AzureClients,
  api: Pick<ApiRef, 'service' | 'apiId'>,
  abortSignal?: AbortSignal,
): Promise<OperationSummary[]> {
  const client = await clients.apim(api.service.subscriptionId);
  const pages = client.apiOperation
    .listByApi(api.service.resourceGroup, api.service.name, api.apiId, { top: apimMaxPageSize, abortSignal })
    .byPage();
  return readAll(pages, toOperationSummary);
}
