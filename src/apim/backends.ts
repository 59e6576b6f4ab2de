/** Backends of an APIM instance: what LLM APIs forward to, and the named values their credentials use. */
import type { BackendContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { ReadBreakerRule, ReadPoolService } from '../domain/pools/poolView';
import type { ServiceRef } from './refs';
import { listAllInParallel, sdkPageFetcher } from './paging';

export interface BackendSummary {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly title?: string;
  readonly description?: string;
  /** `Single` or `Pool`. */
  readonly type?: string;
  /** Named values (`{{name}}`) the backend's credentials refer to; the values themselves are never read. */
  readonly namedValueRefs: readonly string[];
  /** For a pool: the names of its member backends. */
  readonly poolMembers: readonly string[];
  /** For a pool: its members as ARM lists them (id, priority, weight), in ARM's order. */
  readonly poolServices?: readonly ReadPoolService[];
  /** A Single backend's circuit-breaker rules as ARM returns them (none: nothing trips it). */
  readonly breakerRules?: readonly ReadBreakerRule[];
}

/** Every `{{name}}` reference in a text (policies, backend credentials). */
export function namedValueRefsIn(text: string): string[] {
  const refs = new Set<string>();
  for (const m of text.matchAll(/\{\{([^{}]+)\}\}/g)) refs.add(m[1].trim());
  return [...refs];
}

export function toBackendSummary(backend: BackendContract): BackendSummary | undefined {
  if (!backend.id || !backend.name) return undefined;
  return {
    id: backend.id,
    name: backend.name,
    url: backend.url ?? '',
    namedValueRefs: namedValueRefsIn(JSON.stringify({ credentials: backend.credentials ?? {}, url: backend.url ?? '' })),
    poolMembers: (backend.pool?.services ?? []).map((m) => m.id.split('/').pop() ?? m.id),
    poolServices: (backend.pool?.services ?? []).map(({ id, priority, weight }) => ({
      id,
      ...(typeof priority === 'number' ? { priority } : {}),
      ...(typeof weight === 'number' ? { weight } : {}),
    })),
    breakerRules: backend.circuitBreaker?.rules ?? [],
    ...(backend.title ? { title: backend.title } : {}),
    ...(backend.description ? { description: backend.description } : {}),
    ...(backend.typePropertiesType ? { type: backend.typePropertiesType } : {}),
  };
}

export async function listBackends(clients: AzureClients, service: ServiceRef, abortSignal?: AbortSignal): Promise<BackendSummary[]> {
  const client = await clients.apim(service.subscriptionId);
  // Over 100 items, the pages come in parallel by $skip, like the tree's API list.
  return listAllInParallel(
    sdkPageFetcher((options) => client.backend.listByService(service.resourceGroup, service.name, options), toBackendSummary),
    (b) => b.id,
    abortSignal ? { abortSignal } : {},
  );
}

export async function deleteBackend(clients: AzureClients, service: ServiceRef, backendId: string): Promise<void> {
  const client = await clients.apim(service.subscriptionId);
  await client.backend.delete(service.resourceGroup, service.name, backendId, '*');
}
