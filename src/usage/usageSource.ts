/**
 * Where an instance's (or an API's) token metrics go: the Application Insights component its logger points at, the
 * namespaces and dimensions its token-metric policies emit. In Azure the policy emits nothing without the logger and
 * the API's `applicationinsights` diagnostic with metrics on, so each missing piece is its own state with a sentence.
 */
import type { ApiRef, ServiceRef } from '../apim/refs';
import { listAllApis } from '../apim/apis';
import { getApiPolicy } from '../apim/policies';
import { mapLimited } from '../apim/concurrency';
import type { AzureClients } from '../azure/clients';
import { tokenMetricPolicies } from '../domain/usage/metricPolicy';
import type { SetupReason } from '../protocol/usage';

export interface UsageTarget {
  readonly service: ServiceRef;
  readonly api?: ApiRef;
}

export interface UsageSource {
  readonly componentId: string;
  readonly componentName: string;
  /** Namespaces the policies emit into, the most used first. */
  readonly namespaces: readonly string[];
  /** Dimensions the policies declare. */
  readonly dimensions: readonly string[];
  /** Fixed dimension values of the view, e.g. the API's id when the policy emits API ID. */
  readonly scope: Readonly<Record<string, string>>;
}

export type SourceResult =
  { readonly ok: true; readonly source: UsageSource } | { readonly ok: false; readonly reason: SetupReason; readonly message: string };

interface Metered {
  readonly apiId: string;
  readonly namespaces: string[];
  readonly dimensions: string[];
}

const DIAGNOSTIC = 'applicationinsights';

export async function resolveUsageSource(clients: AzureClients, target: UsageTarget, signal?: AbortSignal): Promise<SourceResult> {
  const { service } = target;
  const client = await clients.apim(service.subscriptionId);
  const loggersRead = (async () => {
    const loggers = new Map<string, string>();
    for await (const l of client.logger.listByService(service.resourceGroup, service.name, { abortSignal: signal })) {
      if (l.loggerType === 'applicationInsights' && l.name && l.resourceId) loggers.set(l.name.toLowerCase(), l.resourceId);
    }
    return loggers;
  })();
  const apis = target.api ? [target.api.apiId] : (await listAllApis(clients, service, { abortSignal: signal })).map((a) => a.apiId);
  const metered = (
    await mapLimited(apis, 8, async (apiId): Promise<Metered | undefined> => {
      const policy = await getApiPolicy(clients, { service, apiId }, signal);
      const found = policy ? tokenMetricPolicies(policy.xml) : [];
      if (found.length === 0) return undefined;
      return { apiId, namespaces: found.map((p) => p.namespace), dimensions: found.flatMap((p) => [...p.dimensions]) };
    })
  ).filter((m): m is Metered => m !== undefined);
  const loggers = await loggersRead;
  const where = target.api ? `The API "${target.api.displayName}"` : `No API of ${service.name}`;
  if (loggers.size === 0) {
    return {
      ok: false,
      reason: 'noLogger',
      message: `${service.name} has no Application Insights logger, so its token metrics go nowhere: set up token metrics to create one.`,
    };
  }
  if (metered.length === 0) {
    return {
      ok: false,
      reason: 'noPolicy',
      message: `${where} ${target.api ? 'has no' : 'has a'} token metric policy (llm-emit-token-metric): add one in the AI policies.`,
    };
  }
  const diagnostics = await mapLimited(metered, 8, async (m) => {
    try {
      const d = await client.apiDiagnostic.get(service.resourceGroup, service.name, m.apiId, DIAGNOSTIC, { abortSignal: signal });
      const loggerName = (d.loggerId ?? '').split('/').pop()?.toLowerCase() ?? '';
      return d.metrics === true ? loggers.get(loggerName) : undefined;
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw e;
    }
  });
  const componentId = diagnostics.find((c): c is string => c !== undefined);
  if (!componentId) {
    return {
      ok: false,
      reason: 'noDiagnostic',
      message: `${target.api ? `The API "${target.api.displayName}" has` : `The metered APIs of ${service.name} have`} no Application Insights diagnostic with metrics on, so APIM emits no token metrics: set up token metrics to add it.`,
    };
  }
  const counts = new Map<string, number>();
  for (const ns of metered.flatMap((m) => m.namespaces)) counts.set(ns, (counts.get(ns) ?? 0) + 1);
  const dimensions = unique(metered.flatMap((m) => m.dimensions));
  const apiDimension = dimensions.find((d) => d.toLowerCase() === 'api id');
  return {
    ok: true,
    source: {
      componentId,
      componentName: componentId.split('/').pop() ?? componentId,
      namespaces: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([ns]) => ns),
      dimensions,
      scope: target.api && apiDimension ? { [apiDimension]: target.api.apiId } : {},
    },
  };
}

function unique(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of names) if (!out.some((o) => o.toLowerCase() === n.toLowerCase())) out.push(n);
  return out;
}
