/**
 * Reads what a pool edit decides on (src/domain/pools/poolFacts.ts): every API with what its policy routes to (eight
 * policies in flight), every backend with its breaker rules, pool members and key header, and the named value ids.
 * Values of named values are never read.
 */
import type { BackendContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import type { BackendFact, PoolEditFacts } from '../domain/pools/poolFacts';
import { readPolicyFacts } from '../domain/pools/policyRouting';
import { listAllApis } from './apis';
import { mapLimited } from './concurrency';
import { listNamedValues } from './namedValues';
import { listAllInParallel, sdkPageFetcher } from './paging';
import { getApiPolicy } from './policies';
import type { ServiceRef } from './refs';

export async function readPoolEditFacts(
  clients: AzureClients,
  service: ServiceRef,
  apiId: string,
  abortSignal?: AbortSignal,
): Promise<PoolEditFacts> {
  const client = await clients.apim(service.subscriptionId);
  const [apis, backends, namedValues] = await Promise.all([
    listAllApis(clients, service, abortSignal ? { abortSignal } : {}),
    listAllInParallel(
      sdkPageFetcher((options) => client.backend.listByService(service.resourceGroup, service.name, options), toBackendFact),
      (b) => b.id,
      abortSignal ? { abortSignal } : {},
    ),
    listNamedValues(clients, service, abortSignal),
  ]);
  const withPolicies = await mapLimited(apis, 8, async (a) => {
    const xml = (await getApiPolicy(clients, { service, apiId: a.apiId }, abortSignal))?.xml;
    const mine = a.apiId.toLowerCase() === apiId.toLowerCase();
    return {
      apiId: a.apiId,
      displayName: a.displayName,
      policy: readPolicyFacts(xml),
      ...(mine && xml !== undefined ? { policyXml: xml } : {}),
    };
  });
  return { apiId, apis: withPolicies, backends, namedValueIds: namedValues.map((n) => n.name) };
}

export function toBackendFact(b: BackendContract): BackendFact | undefined {
  if (!b.name) return undefined;
  const header = Object.entries(b.credentials?.header ?? {}).find(([, values]) => /\{\{[^{}]+\}\}/.test(values[0] ?? ''));
  return {
    id: b.name,
    type: b.typePropertiesType === 'Pool' ? 'Pool' : 'Single',
    ...(b.url ? { url: b.url } : {}),
    breakerRules: (b.circuitBreaker?.rules ?? []).map((r) => ({
      ...(r.name !== undefined ? { name: r.name } : {}),
      ...(r.failureCondition?.count !== undefined ? { count: r.failureCondition.count } : {}),
      ...(r.failureCondition?.percentage !== undefined ? { percentage: r.failureCondition.percentage } : {}),
      ...(r.failureCondition?.interval !== undefined ? { interval: r.failureCondition.interval } : {}),
      statusCodeRanges: (r.failureCondition?.statusCodeRanges ?? []).map((c) => ({ min: c.min ?? 0, max: c.max ?? 0 })),
      ...(r.failureCondition?.errorReasons ? { errorReasons: r.failureCondition.errorReasons } : {}),
      ...(r.tripDuration !== undefined ? { tripDuration: r.tripDuration } : {}),
      ...(r.acceptRetryAfter !== undefined ? { acceptRetryAfter: r.acceptRetryAfter } : {}),
    })),
    members: (b.pool?.services ?? []).map((s) => ({
      backendId: s.id.split('/').pop() ?? s.id,
      priority: s.priority ?? 0,
      weight: s.weight ?? 0,
    })),
    // The value format with the named value as `{key}`: what a new member of the same pool sends its own key in.
    ...(header ? { keyHeader: { name: header[0], valueFormat: header[1][0].replace(/\{\{[^{}]+\}\}/, '{key}') } } : {}),
  };
}
