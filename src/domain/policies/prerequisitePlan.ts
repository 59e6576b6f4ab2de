/**
 * The steps that put the chosen AI policies' prerequisites in place, for an import or for "Configure AI Policies…":
 * token metrics → logger (for a chosen component), custom metrics with dimensions, the API's `applicationinsights`
 * diagnostic with metrics; semantic caching → external cache (a Redis database with RediSearch), embeddings backend
 * from a deployment (managed identity + role); content safety → backend with managed identity + Cognitive Services
 * User; LLM logging → the API's `azuremonitor` diagnostic and a diagnostic setting for GatewayLlmLogs. The policy
 * step waits for what it names (`policyDependsOn`): APIM checks that a policy's backends exist.
 */
import { backendStep } from '../import/apimStepBuilders';
import type { BackendStep } from '../import/apimSteps';
import { openAiBaseUrl } from '../import/azureOpenAi/accountEndpoint';
import { COGNITIVE_SERVICES_AUDIENCE } from '../import/azureOpenAi/policy';
import { COGNITIVE_SERVICES_USER_ROLE, OPENAI_USER_ROLE, type CognitiveRole } from '../import/azureOpenAi/roleAssignment';
import type { RoleAssignmentStep, ServiceIdentityStep } from '../import/azureOpenAi/steps';
import type { AoaiAccountFacts } from '../import/azureOpenAi/form';
import type { LmApiPolicies } from '../import/lmApiForm';
import type { PlanStep } from '../import/importPlan';
import type {
  ApiDiagnosticStep,
  AppInsightsLoggerStep,
  CustomMetricsStep,
  DiagnosticSettingStep,
  ExternalCacheStep,
  ManagedIdentityBackendStep,
} from './steps';
import type { PolicyPlanStep } from './policyPlanStep';

/** The built-in logger every APIM instance has for Azure Monitor (what `azuremonitor` diagnostics point at). */
export const AZURE_MONITOR_LOGGER = 'azuremonitor';
export const LLM_LOG_CATEGORY = 'GatewayLlmLogs';
export const LLM_LOG_SETTING_NAME = 'ai-gateway-llm-logs';

/** An account as the plan needs it (the Azure OpenAI import's own facts, without the subscription). */
export type AccountRef = Pick<AoaiAccountFacts, 'id' | 'name' | 'endpoint'>;

/** What the host read from Azure for the choices (never from the webview): names, endpoints, the identity. */
export interface PrerequisiteInputs {
  readonly serviceName: string;
  readonly apiId: string;
  /** The step that creates the API in an import; absent when the API exists ("Configure AI Policies…"). */
  readonly apiStepId?: string;
  readonly policies: LmApiPolicies;
  /** The component of a `component` metrics destination, or of the chosen logger when APIM knows it. */
  readonly component?: { readonly id: string; readonly name: string };
  readonly embeddingsAccount?: AccountRef;
  readonly contentSafetyAccount?: AccountRef;
  readonly redis?: { readonly databaseId: string; readonly clusterName: string };
  /** The instance's identity, read before planning: only needed when a backend uses it. */
  readonly identity?: { readonly type: string; readonly userAssigned: readonly string[] };
  /** Steps already in the plan (an Azure OpenAI import has its own identity and role steps): reused, not repeated. */
  readonly existingSteps?: readonly PlanStep[];
}

/** What a plan builder gets from the host; it adds the API, the policies and its own steps. */
export type PrerequisiteContext = Omit<PrerequisiteInputs, 'apiId' | 'apiStepId' | 'policies' | 'existingSteps'>;

export interface PrerequisitePlan {
  readonly steps: readonly PolicyPlanStep[];
  /** What the policy step must wait for. */
  readonly policyDependsOn: readonly string[];
}

/** A logger id made from a component name: what APIM accepts, stable for the same component. */
export function loggerIdFor(componentName: string): string {
  const id = componentName.replace(/[^A-Za-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return (id === '' ? 'appinsights' : id).slice(0, 80);
}

export function prerequisiteSteps(inputs: PrerequisiteInputs): PrerequisitePlan {
  const { policies, apiId } = inputs;
  const steps: PolicyPlanStep[] = [];
  const policyDependsOn: string[] = [];
  const existing = new Set((inputs.existingSteps ?? []).map((s) => s.id));
  const apiDeps = inputs.apiStepId ? [inputs.apiStepId] : [];
  const add = (step: PolicyPlanStep): string => {
    if (!existing.has(step.id) && !steps.some((s) => s.id === step.id)) steps.push(step);
    return step.id;
  };

  if (policies.tokenMetrics?.destination) {
    const m = policies.tokenMetrics;
    const destination = m.destination!;
    let loggerId: string;
    const loggerDeps: string[] = [];
    if (destination.kind === 'logger') loggerId = destination.loggerId;
    else {
      const component = inputs.component;
      if (!component) throw new Error('The Application Insights resource for token metrics was not read. Choose it again.');
      loggerId = loggerIdFor(component.name);
      loggerDeps.push(add(loggerStep(loggerId, component)));
    }
    if (m.enableDimensions && inputs.component) loggerDeps.push(add(customMetricsStep(inputs.component)));
    add(diagnosticStep(apiId, 'applicationinsights', loggerId, [...apiDeps, ...loggerDeps], { metrics: true }));
  }

  const identity = (): string => add(identityStep(inputs));
  const role = (account: AccountRef, r: CognitiveRole, kind: string): string => add(roleStep(account, r, kind, identity()));

  if (policies.semanticCache) {
    const c = policies.semanticCache;
    if (inputs.redis) policyDependsOn.push(add(cacheStep(inputs.redis)));
    if (c.embeddingsDeployment) {
      const account = inputs.embeddingsAccount;
      if (!account) throw new Error('The Azure OpenAI resource of the embeddings deployment was not read. Choose it again.');
      const gate = role(account, OPENAI_USER_ROLE, 'Azure OpenAI resource');
      const backend: BackendStep = backendStep({
        backendId: c.embeddingsBackendId,
        url: `${openAiBaseUrl(account.endpoint)}/deployments/${encodeURIComponent(c.embeddingsDeployment.deployment)}/embeddings`,
        description: `Embeddings deployment ${c.embeddingsDeployment.deployment} of ${account.name} (semantic caching)`,
        dependsOn: [gate],
        onExisting: 'conflict',
      });
      policyDependsOn.push(add(backend));
    }
  }

  if (policies.contentSafety?.accountId !== undefined) {
    const account = inputs.contentSafetyAccount;
    if (!account) throw new Error('The Azure AI Content Safety account was not read. Choose it again.');
    const gate = role(account, COGNITIVE_SERVICES_USER_ROLE, 'Azure AI Content Safety account');
    policyDependsOn.push(add(managedIdentityBackendStep(policies.contentSafety.backendId, account, gate)));
  }

  if (policies.llmLogging) {
    const l = policies.llmLogging;
    add(
      diagnosticStep(apiId, 'azuremonitor', AZURE_MONITOR_LOGGER, apiDeps, {
        llmMessages: { promptBytes: l.promptBytes, completionBytes: l.completionBytes },
      }),
    );
    if (l.workspaceId) add(diagnosticSettingStep(inputs.serviceName, l.workspaceId));
  }
  return { steps, policyDependsOn };
}

function loggerStep(loggerId: string, component: { id: string; name: string }): AppInsightsLoggerStep {
  return {
    id: `appInsightsLogger:${loggerId}`,
    kind: 'appInsightsLogger',
    resourceType: 'Logger',
    resourceName: loggerId,
    title: `Application Insights logger "${loggerId}" for ${component.name} (its connection string read from Azure when written)`,
    dependsOn: [],
    onExisting: 'conflict',
    payload: { loggerId, componentId: component.id, componentName: component.name },
  };
}

function customMetricsStep(component: { id: string; name: string }): CustomMetricsStep {
  return {
    id: `customMetricsDimensions:${component.name}`,
    kind: 'customMetricsDimensions',
    resourceType: 'Application Insights',
    resourceName: component.name,
    title: `Turn on custom metrics with dimensions on ${component.name} (skipped when on)`,
    dependsOn: [],
    onExisting: 'update',
    payload: { componentId: component.id, componentName: component.name },
  };
}

export function diagnosticStep(
  apiId: string,
  diagnosticId: ApiDiagnosticStep['payload']['diagnosticId'],
  loggerId: string,
  dependsOn: readonly string[],
  settings: Pick<ApiDiagnosticStep['payload'], 'metrics' | 'llmMessages' | 'llmLogsOff'>,
): ApiDiagnosticStep {
  const what = settings.metrics
    ? `with metrics on, to logger "${loggerId}"`
    : settings.llmLogsOff
      ? 'no longer logging prompts and completions'
      : `logging prompts (${settings.llmMessages?.promptBytes ?? 0} bytes) and completions (${settings.llmMessages?.completionBytes ?? 0} bytes)`;
  return {
    id: `apiDiagnostic:${apiId}/${diagnosticId}`,
    kind: 'apiDiagnostic',
    resourceType: 'API diagnostic',
    resourceName: `${apiId}/${diagnosticId}`,
    title: `Diagnostic "${diagnosticId}" of the API ${what} (merged into an existing one)`,
    dependsOn: [...dependsOn],
    onExisting: 'update',
    payload: { apiId, diagnosticId, loggerId: `/loggers/${loggerId}`, ...settings },
  };
}

/**
 * APIM names an external cache after where it is used from: `default` (every region without a cache of its own) or a
 * region. The semantic cache of every gateway region should reach it, so it is registered as `default`.
 */
const DEFAULT_CACHE_ID = 'default';

function cacheStep(redis: { databaseId: string; clusterName: string }): ExternalCacheStep {
  const cacheId = DEFAULT_CACHE_ID;
  return {
    id: `externalCache:${cacheId}`,
    kind: 'externalCache',
    resourceType: 'External cache',
    resourceName: cacheId,
    title: `External cache "${cacheId}" (used from every region) for Azure Managed Redis ${redis.clusterName} (its access key read from Azure when written)`,
    dependsOn: [],
    onExisting: 'conflict',
    payload: { cacheId, databaseId: redis.databaseId, clusterName: redis.clusterName, useFromLocation: 'default' },
  };
}

function identityStep(inputs: PrerequisiteInputs): ServiceIdentityStep {
  const identity = inputs.identity ?? { type: 'None', userAssigned: [] };
  const enabled = /systemassigned/i.test(identity.type);
  return {
    id: `serviceIdentity:${inputs.serviceName}`,
    kind: 'serviceIdentity',
    resourceType: 'Managed identity',
    resourceName: inputs.serviceName,
    title: enabled
      ? `System-assigned identity of ${inputs.serviceName} (already enabled)`
      : `Enable the system-assigned identity of ${inputs.serviceName}`,
    dependsOn: [],
    onExisting: 'reuse',
    payload: { serviceName: inputs.serviceName, alreadyEnabled: enabled, keptUserAssigned: identity.userAssigned },
  };
}

function roleStep(account: AccountRef, role: CognitiveRole, resourceKind: string, identityStepId: string): RoleAssignmentStep {
  // The Azure OpenAI import names its role step by the account alone; the same role on the same account is that step.
  const id = role.guid === OPENAI_USER_ROLE.guid ? `roleAssignment:${account.name}` : `roleAssignment:${account.name}/${role.guid}`;
  return {
    id,
    kind: 'roleAssignment',
    resourceType: 'Role assignment',
    resourceName: `${role.name} on ${account.name}`,
    title: `Role "${role.name}" for the instance's identity on ${account.name} (skipped when it already has access)`,
    dependsOn: [identityStepId],
    onExisting: 'reuse',
    payload: { accountId: account.id, accountName: account.name, roleGuid: role.guid, roleName: role.name, resourceKind, identityStepId },
  };
}

function managedIdentityBackendStep(backendId: string, account: AccountRef, roleStepId: string): ManagedIdentityBackendStep {
  const url = account.endpoint.replace(/\/+$/, '');
  return {
    id: `backend:${backendId}`,
    kind: 'managedIdentityBackend',
    resourceType: 'Backend',
    resourceName: backendId,
    title: `Backend "${backendId}" → ${url}, authenticated with the instance's managed identity`,
    dependsOn: [roleStepId],
    onExisting: 'conflict',
    payload: { backendId, url, description: `Azure AI Content Safety account ${account.name}`, resource: COGNITIVE_SERVICES_AUDIENCE },
  };
}

function diagnosticSettingStep(serviceName: string, workspaceId: string): DiagnosticSettingStep {
  const workspace = workspaceId.split('/').pop() ?? workspaceId;
  return {
    id: `diagnosticSetting:${LLM_LOG_SETTING_NAME}`,
    kind: 'diagnosticSetting',
    resourceType: 'Diagnostic setting',
    resourceName: LLM_LOG_SETTING_NAME,
    title: `Diagnostic setting "${LLM_LOG_SETTING_NAME}" of ${serviceName} sending ${LLM_LOG_CATEGORY} to the Log Analytics workspace ${workspace}`,
    dependsOn: [],
    onExisting: 'conflict',
    payload: { name: LLM_LOG_SETTING_NAME, workspaceId, categories: [LLM_LOG_CATEGORY] },
  };
}
