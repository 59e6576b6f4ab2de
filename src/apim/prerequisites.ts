/**
 * What the AI policies' prerequisites look like for one APIM instance: its Application Insights loggers, external
 * caches and the diagnostic settings that send GatewayLlmLogs (instance reads), plus the resources across the selected
 * subscriptions (src/azure/governanceResources.ts); and, for planning, the choices resolved against Azure (names,
 * endpoints, the identity), never against what the webview said.
 */
import type { AzureClients } from '../azure/clients';
import { listGovernanceResources, getContentSafetyAccount } from '../azure/governanceResources';
import { getOpenAiAccount } from '../azure/cognitiveAccounts';
import type { LmApiPolicies } from '../domain/import/lmApiForm';
import { sameArmId, type LoggerFact, type PrerequisiteFacts } from '../domain/policies/prerequisiteFacts';
import { LLM_LOG_CATEGORY, type PrerequisiteContext } from '../domain/policies/prerequisitePlan';
import { PrerequisiteChoiceError } from '../domain/policies/validation';
import { parseArmId } from './armIds';
import { readServiceIdentity } from './azureOpenAiIdentity';
import { explainError, isRestErrorLike } from './errors';
import type { ServiceRef } from './refs';

async function listAppInsightsLoggers(clients: AzureClients, service: ServiceRef): Promise<LoggerFact[]> {
  const client = await clients.apim(service.subscriptionId);
  const out: LoggerFact[] = [];
  for await (const l of client.logger.listByService(service.resourceGroup, service.name)) {
    if (l.loggerType !== 'applicationInsights' || !l.name) continue;
    out.push({
      id: l.name,
      ...(l.resourceId ? { componentId: l.resourceId } : {}),
      ...(l.description ? { description: l.description } : {}),
    });
  }
  return out;
}

async function listCaches(clients: AzureClients, service: ServiceRef): Promise<PrerequisiteFacts['externalCaches'][number][]> {
  const client = await clients.apim(service.subscriptionId);
  const out: PrerequisiteFacts['externalCaches'][number][] = [];
  for await (const c of client.cache.listByService(service.resourceGroup, service.name)) {
    if (c.name) {
      out.push({
        id: c.name,
        ...(c.description ? { description: c.description } : {}),
        ...(c.resourceId ? { resourceId: c.resourceId } : {}),
      });
    }
  }
  return out;
}

async function listLlmLogSettings(clients: AzureClients, service: ServiceRef): Promise<string[]> {
  const client = await clients.monitor(service.subscriptionId);
  const out: string[] = [];
  for await (const s of client.diagnosticSettings.list(service.id.replace(/^\/+/, ''))) {
    if (s.workspaceId && s.logs?.some((l) => l.enabled && l.category === LLM_LOG_CATEGORY)) out.push(s.name ?? '');
  }
  return out;
}

/** Everything the Policies page offers; reads that fail become sentences in `failures` and empty lists. */
export async function loadPrerequisiteFacts(
  clients: AzureClients,
  service: ServiceRef,
  subscriptionIds: readonly string[],
): Promise<PrerequisiteFacts> {
  const failures: string[] = [];
  const orEmpty = <T>(what: string, read: Promise<T[]>): Promise<T[]> =>
    read.catch((e: unknown) => {
      failures.push(explainError(e, `read ${what} of ${service.name}`));
      return [];
    });
  const subscriptions = [...new Set([service.subscriptionId, ...subscriptionIds])];
  const [loggers, externalCaches, llmLogSettings, resources] = await Promise.all([
    orEmpty('the loggers', listAppInsightsLoggers(clients, service)),
    orEmpty('the external caches', listCaches(clients, service)),
    orEmpty('the diagnostic settings', listLlmLogSettings(clients, service)),
    listGovernanceResources(clients, subscriptions),
  ]);
  for (const f of resources.failures) failures.push(explainError(f.error, `list ${f.what} of subscription ${f.subscriptionId}`));
  return { loggers, externalCaches, llmLogSettings, ...resources, failures };
}

/** The choices as the plan needs them, read from Azure; a choice that cannot be read is one sentence. */
export async function resolvePrerequisites(
  clients: AzureClients,
  service: ServiceRef,
  policies: LmApiPolicies,
): Promise<PrerequisiteContext> {
  const m = policies.tokenMetrics;
  const c = policies.semanticCache;
  const s = policies.contentSafety;
  const needsIdentity = c?.embeddingsDeployment !== undefined || s?.accountId !== undefined;
  const [component, embeddingsAccount, contentSafetyAccount, identity] = await Promise.all([
    m?.destination ? componentOf(clients, service, m.destination) : undefined,
    c?.embeddingsDeployment
      ? asChoice('policies.embeddingsDeployment', getOpenAiAccount(clients, c.embeddingsDeployment.accountId))
      : undefined,
    s?.accountId !== undefined ? asChoice('policies.safetyAccountId', getContentSafetyAccount(clients, s.accountId)) : undefined,
    needsIdentity ? readServiceIdentity(clients, service) : undefined,
  ]);
  if (c?.embeddingsDeployment && !embeddingsAccount?.deployments.some((d) => d.name === c.embeddingsDeployment!.deployment)) {
    throw new PrerequisiteChoiceError(
      'policies.embeddingsDeployment',
      `The deployment ${c.embeddingsDeployment.deployment} no longer exists. Choose another embeddings deployment.`,
    );
  }
  return {
    serviceName: service.name,
    ...(component ? { component } : {}),
    ...(embeddingsAccount
      ? { embeddingsAccount: { id: embeddingsAccount.id, name: embeddingsAccount.name, endpoint: embeddingsAccount.endpoint } }
      : {}),
    ...(contentSafetyAccount ? { contentSafetyAccount } : {}),
    ...(c?.redisDatabaseId ? { redis: { databaseId: c.redisDatabaseId, clusterName: parseArmId(c.redisDatabaseId).name } } : {}),
    ...(identity ? { identity: { type: identity.type, userAssigned: identity.userAssigned } } : {}),
  };
}

/** A read's own sentence (not an ARM failure, which the caller explains) becomes the error of the field that chose it. */
function asChoice<T>(field: `policies.${string}`, read: Promise<T>): Promise<T> {
  return read.catch((e: unknown) => {
    throw e instanceof Error && !isRestErrorLike(e) ? new PrerequisiteChoiceError(field, e.message) : e;
  });
}

/** The component of a chosen component, or of a chosen logger when APIM knows it (for custom metrics with dimensions). */
async function componentOf(
  clients: AzureClients,
  service: ServiceRef,
  destination: NonNullable<NonNullable<LmApiPolicies['tokenMetrics']>['destination']>,
): Promise<{ id: string; name: string } | undefined> {
  let componentId: string | undefined;
  if (destination.kind === 'component') componentId = destination.componentId;
  else {
    const client = await clients.apim(service.subscriptionId);
    const logger = await client.logger.get(service.resourceGroup, service.name, destination.loggerId);
    componentId = logger.resourceId;
  }
  if (!componentId || !/\/providers\/Microsoft\.Insights\/components\//i.test(componentId)) return undefined;
  const { subscriptionId, resourceGroup, name } = parseArmId(componentId);
  const component = await (await clients.appInsights(subscriptionId)).components.get(resourceGroup, name);
  return { id: component.id && sameArmId(component.id, componentId) ? component.id : componentId, name: component.name ?? name };
}
