/**
 * ARM resource ids and types of what the sandbox emulates. The store holds every resource in its ARM REST shape
 * (`properties` as Azure sends them), so the gateway and the mock model read the same ids and properties as the
 * ARM emulator writes.
 */
export const TYPES = {
  subscription: 'Microsoft.Resources/subscriptions',
  resourceGroup: 'Microsoft.Resources/resourceGroups',
  service: 'Microsoft.ApiManagement/service',
  api: 'Microsoft.ApiManagement/service/apis',
  operation: 'Microsoft.ApiManagement/service/apis/operations',
  policy: 'Microsoft.ApiManagement/service/policies',
  apiPolicy: 'Microsoft.ApiManagement/service/apis/policies',
  operationPolicy: 'Microsoft.ApiManagement/service/apis/operations/policies',
  productPolicy: 'Microsoft.ApiManagement/service/products/policies',
  backend: 'Microsoft.ApiManagement/service/backends',
  namedValue: 'Microsoft.ApiManagement/service/namedValues',
  apiVersionSet: 'Microsoft.ApiManagement/service/apiVersionSets',
  product: 'Microsoft.ApiManagement/service/products',
  productApi: 'Microsoft.ApiManagement/service/products/apis',
  apimSubscription: 'Microsoft.ApiManagement/service/subscriptions',
  user: 'Microsoft.ApiManagement/service/users',
  account: 'Microsoft.CognitiveServices/accounts',
  deployment: 'Microsoft.CognitiveServices/accounts/deployments',
  roleAssignment: 'Microsoft.Authorization/roleAssignments',
  logger: 'Microsoft.ApiManagement/service/loggers',
  apiDiagnostic: 'Microsoft.ApiManagement/service/apis/diagnostics',
  cache: 'Microsoft.ApiManagement/service/caches',
  component: 'Microsoft.Insights/components',
  diagnosticSetting: 'Microsoft.Insights/diagnosticSettings',
  workspace: 'Microsoft.OperationalInsights/workspaces',
  redisEnterprise: 'Microsoft.Cache/redisEnterprise',
  redisDatabase: 'Microsoft.Cache/redisEnterprise/databases',
  blocklist: 'Microsoft.CognitiveServices/accounts/textBlocklists',
} as const;

export const subscriptionId = (sub: string): string => `/subscriptions/${sub}`;
export const resourceGroupId = (sub: string, rg: string): string => `/subscriptions/${sub}/resourceGroups/${rg}`;
export const serviceId = (sub: string, rg: string, name: string): string =>
  `${resourceGroupId(sub, rg)}/providers/Microsoft.ApiManagement/service/${name}`;
export const accountId = (sub: string, rg: string, name: string): string =>
  `${resourceGroupId(sub, rg)}/providers/Microsoft.CognitiveServices/accounts/${name}`;
export const componentId = (sub: string, rg: string, name: string): string =>
  `${resourceGroupId(sub, rg)}/providers/Microsoft.Insights/components/${name}`;
export const workspaceId = (sub: string, rg: string, name: string): string =>
  `${resourceGroupId(sub, rg)}/providers/Microsoft.OperationalInsights/workspaces/${name}`;
export const redisEnterpriseId = (sub: string, rg: string, name: string): string =>
  `${resourceGroupId(sub, rg)}/providers/Microsoft.Cache/redisEnterprise/${name}`;
export const diagnosticSettingId = (scope: string, name: string): string =>
  `${scope.replace(/\/+$/, '')}/providers/Microsoft.Insights/diagnosticSettings/${name}`;
export const roleAssignmentId = (scope: string, name: string): string =>
  `${scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/roleAssignments/${name}`;
/** Every policy lives at `{scope}/policies/policy`, the scope being a service, an API, an operation or a product. */
export const policyId = (scopeId: string): string => `${scopeId}/policies/policy`;

/** The last segment of an id: a resource's name. */
export const nameOf = (id: string): string => id.slice(id.lastIndexOf('/') + 1);

/** The service id an APIM child id starts with, e.g. for `.../service/x/apis/y` → `.../service/x`. */
export function serviceIdOf(id: string): string | undefined {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ApiManagement\/service\/[^/]+/i.exec(id)?.[0];
}
