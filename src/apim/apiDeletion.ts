/**
 * Deleting an API and, if the user wants, the backends and named values that only it uses. APIM keeps no
 * reference counts, so "only it uses" is established by reading what else could refer to them: the other backends,
 * the service-wide policy and every other API's policy (with bounded concurrency, cancellable). Operation- and
 * product-level policies are not read.
 */
import { backendIdsInPolicy } from '../domain/recognition';
import type { AzureClients } from '../azure/clients';
import { deleteApi, listApisPage } from './apis';
import { mapLimited } from './concurrency';
import { deleteBackend, listBackends, namedValueRefsIn, type BackendSummary } from './backends';
import { deleteNamedValue, listNamedValues, type NamedValueSummary } from './namedValues';
import { getApiPolicy, getServicePolicyXml } from './policies';
import type { ApiRef } from './refs';

export interface ExclusiveDependencies {
  readonly backends: readonly BackendSummary[];
  readonly namedValues: readonly NamedValueSummary[];
}

export interface DependencyScanOptions {
  readonly abortSignal?: AbortSignal;
  /** Called as other APIs' policies are read. */
  readonly onProgress?: (apisChecked: number) => void;
  readonly concurrency?: number;
}

const lower = (s: string): string => s.toLowerCase();

export async function findExclusiveDependencies(
  clients: AzureClients,
  api: Pick<ApiRef, 'service' | 'apiId'>,
  options: DependencyScanOptions = {},
): Promise<ExclusiveDependencies> {
  const service = api.service;
  const [policy, backends, namedValues] = await Promise.all([
    getApiPolicy(clients, api, options.abortSignal),
    listBackends(clients, service, options.abortSignal),
    listNamedValues(clients, service, options.abortSignal),
  ]);
  const ownPolicy = policy?.xml ?? '';
  const backendNames = new Set(backendIdsInPolicy(ownPolicy).map(lower));
  const ownBackends = backends.filter((b) => backendNames.has(lower(b.name)));
  const refs = new Set([...namedValueRefsIn(ownPolicy), ...ownBackends.flatMap((b) => b.namedValueRefs)].map(lower));
  const candidateBackends = new Set(ownBackends.map((b) => lower(b.name)));
  const candidateValues = new Set(
    namedValues.filter((nv) => refs.has(lower(nv.displayName)) || refs.has(lower(nv.name))).map((nv) => lower(nv.displayName)),
  );

  const usedElsewhere = (text: string, backendRefs: readonly string[]): void => {
    for (const b of backendRefs) candidateBackends.delete(lower(b));
    for (const r of namedValueRefsIn(text)) candidateValues.delete(lower(r));
  };
  for (const b of backends) {
    if (candidateBackends.has(lower(b.name))) continue;
    usedElsewhere(b.namedValueRefs.map((r) => `{{${r}}}`).join(''), b.poolMembers);
  }
  const servicePolicy = (await getServicePolicyXml(clients, service)) ?? '';
  usedElsewhere(servicePolicy, backendIdsInPolicy(servicePolicy));

  let checked = 0;
  let continuationToken: string | undefined;
  do {
    if (candidateBackends.size === 0 && candidateValues.size === 0) break;
    const page = await listApisPage(clients, service, {
      ...(continuationToken ? { continuationToken } : {}),
      abortSignal: options.abortSignal,
    });
    const others = page.items.filter((a) => lower(a.apiId) !== lower(api.apiId));
    await mapLimited(others, options.concurrency ?? 8, async (other) => {
      options.abortSignal?.throwIfAborted();
      const xml = (await getApiPolicy(clients, { service, apiId: other.apiId }, options.abortSignal))?.xml ?? '';
      usedElsewhere(xml, backendIdsInPolicy(xml));
      options.onProgress?.(++checked);
    });
    continuationToken = page.continuationToken;
  } while (continuationToken);

  // A backend that stays (it is shared) keeps the named values its credentials use.
  for (const b of ownBackends) {
    if (!candidateBackends.has(lower(b.name))) for (const r of b.namedValueRefs) candidateValues.delete(lower(r));
  }
  return {
    backends: ownBackends.filter((b) => candidateBackends.has(lower(b.name))),
    namedValues: namedValues.filter((nv) => candidateValues.has(lower(nv.displayName))),
  };
}

/** Deletes the API, then the backends (which refer to the named values), then the named values. */
export async function deleteApiAndDependencies(
  clients: AzureClients,
  api: Pick<ApiRef, 'service' | 'apiId'>,
  dependencies: ExclusiveDependencies,
): Promise<void> {
  await deleteApi(clients, api);
  await Promise.all(dependencies.backends.map((b) => deleteBackend(clients, api.service, b.name)));
  await Promise.all(dependencies.namedValues.map((nv) => deleteNamedValue(clients, api.service, nv.name)));
}
