/**
 * The AI-policy prerequisites as Azure holds them, written straight into the store: Application Insights components
 * and APIM loggers (the credential in a `Logger-Credentials--…` named value, as APIM keeps it), API diagnostics, Log
 * Analytics workspaces and diagnostic settings, Redis Enterprise databases with their modules, external caches and
 * Content Safety accounts. The demo seed uses them so that its LLM API's token metrics and LLM logs flow; tests use
 * them to put a prerequisite in place without going through ARM.
 */
import { createHash } from 'node:crypto';
import { TYPES, componentId, diagnosticSettingId, redisEnterpriseId, workspaceId } from './arm/ids';
import type { ArmResource, ResourceStore } from './store';

const parseRg = (rgId: string): [string, string] => {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(rgId);
  if (!m) throw new Error(`Not a resource group id: ${rgId}`);
  return [m[1], m[2]];
};
const hex24 = (label: string): string => createHash('sha256').update(label).digest('hex').slice(0, 24);
const guidOf = (label: string): string => {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The `azuremonitor` logger every APIM instance has built in (API diagnostics named `azuremonitor` point at it). */
export function addBuiltInAzureMonitorLogger(store: ResourceStore, serviceId: string): void {
  store.put({
    id: `${serviceId}/loggers/azuremonitor`,
    name: 'azuremonitor',
    type: TYPES.logger,
    properties: { loggerType: 'azureMonitor', description: null, isBuffered: true },
  });
}

export function addWorkspace(store: ResourceStore, rgId: string, name: string, location: string): string {
  const id = workspaceId(...parseRg(rgId), name);
  store.put({
    id,
    name,
    type: TYPES.workspace,
    location,
    tags: {},
    properties: { customerId: guidOf(`workspace:${id}`), sku: { name: 'PerGB2018' }, retentionInDays: 30, provisioningState: 'Succeeded' },
  });
  return id;
}

export interface ComponentSeed {
  readonly location: string;
  readonly withDimensions: boolean;
  readonly workspaceId?: string;
}

export function addComponent(store: ResourceStore, rgId: string, name: string, c: ComponentSeed): ArmResource {
  const id = componentId(...parseRg(rgId), name);
  return store.put({
    id,
    name,
    type: TYPES.component,
    location: c.location,
    kind: 'web',
    tags: {},
    properties: {
      Application_Type: 'web',
      Flow_Type: 'Bluefield',
      Request_Source: 'rest',
      InstrumentationKey: guidOf(`ikey:${id}`),
      AppId: guidOf(`appid:${id}`),
      CreationDate: '2025-01-15T09:30:00Z',
      RetentionInDays: 90,
      IngestionMode: c.workspaceId ? 'LogAnalytics' : 'ApplicationInsights',
      ...(c.workspaceId ? { WorkspaceResourceId: c.workspaceId } : {}),
      CustomMetricsOptedInType: c.withDimensions ? 'WithDimensions' : 'NoDimensions',
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
    },
  });
}

/** An Application Insights logger for `component`, its instrumentation key kept in a named value as APIM does. */
export function addAppInsightsLogger(store: ResourceStore, serviceId: string, loggerId: string, component: ArmResource): string {
  const name = hex24(`logger:${serviceId}/${loggerId}`);
  const displayName = `Logger-Credentials--${name}`;
  store.put({
    id: `${serviceId}/namedValues/${name}`,
    name,
    type: TYPES.namedValue,
    properties: { displayName, value: String(component.properties.InstrumentationKey), secret: true, tags: [] },
  });
  const id = `${serviceId}/loggers/${loggerId}`;
  store.put({
    id,
    name: loggerId,
    type: TYPES.logger,
    properties: {
      loggerType: 'applicationInsights',
      description: null,
      credentials: { instrumentationKey: `{{${displayName}}}` },
      isBuffered: true,
      resourceId: component.id,
    },
  });
  return id;
}

/** `apis/{api}/diagnostics/applicationinsights` with metrics on, pointing at `loggerId` (an ARM id or `/loggers/x`). */
export function addMetricsDiagnostic(store: ResourceStore, apiId: string, loggerId: string, metrics = true): void {
  store.put({
    id: `${apiId}/diagnostics/applicationinsights`,
    name: 'applicationinsights',
    type: TYPES.apiDiagnostic,
    properties: {
      alwaysLog: 'allErrors',
      loggerId,
      sampling: { samplingType: 'fixed', percentage: 100 },
      httpCorrelationProtocol: 'W3C',
      verbosity: 'information',
      logClientIp: true,
      metrics,
    },
  });
}

/** `apis/{api}/diagnostics/azuremonitor` logging prompts and completions up to `maxSizeInBytes` each. */
export function addLlmLogsDiagnostic(store: ResourceStore, apiId: string, serviceId: string, maxSizeInBytes = 32768): void {
  store.put({
    id: `${apiId}/diagnostics/azuremonitor`,
    name: 'azuremonitor',
    type: TYPES.apiDiagnostic,
    properties: {
      alwaysLog: 'allErrors',
      loggerId: `${serviceId}/loggers/azuremonitor`,
      sampling: { samplingType: 'fixed', percentage: 100 },
      logClientIp: true,
      largeLanguageModel: {
        logs: 'enabled',
        requests: { messages: 'all', maxSizeInBytes },
        responses: { messages: 'all', maxSizeInBytes },
      },
    },
  });
}

/** A diagnostic setting on `scopeId` sending `categories` to a Log Analytics workspace. */
export function addDiagnosticSetting(
  store: ResourceStore,
  scopeId: string,
  name: string,
  workspace: string,
  categories: readonly string[],
): void {
  store.put({
    id: diagnosticSettingId(scopeId, name),
    name,
    type: TYPES.diagnosticSetting,
    properties: {
      workspaceId: workspace,
      logAnalyticsDestinationType: 'Dedicated',
      logs: categories.map((category) => ({ category, categoryGroup: null, enabled: true, retentionPolicy: { enabled: false, days: 0 } })),
      metrics: [],
    },
  });
}

export interface RedisSeed {
  readonly location: string;
  readonly modules: ReadonlyArray<{ readonly name: string; readonly version: string }>;
  readonly primaryKey: string;
  readonly secondaryKey: string;
}

/** A Redis Enterprise cluster with its `default` database (port 10000, TLS) and the database's modules. */
export function addRedisEnterprise(store: ResourceStore, rgId: string, name: string, r: RedisSeed): string {
  const id = redisEnterpriseId(...parseRg(rgId), name);
  store.put({
    id,
    name,
    type: TYPES.redisEnterprise,
    location: r.location,
    sku: { name: 'Enterprise_E10', capacity: 2 },
    tags: {},
    properties: {
      hostName: `${name}.${r.location}.redisenterprise.cache.azure.net`,
      provisioningState: 'Succeeded',
      resourceState: 'Running',
      redisVersion: '6',
      minimumTlsVersion: '1.2',
      privateEndpointConnections: [],
    },
  });
  store.put({
    id: `${id}/databases/default`,
    name: 'default',
    type: TYPES.redisDatabase,
    properties: {
      clientProtocol: 'Encrypted',
      port: 10000,
      clusteringPolicy: 'EnterpriseCluster',
      evictionPolicy: 'NoEviction',
      persistence: { aofEnabled: false, rdbEnabled: false },
      modules: r.modules.map((m) => ({ name: m.name, args: '', version: m.version })),
      provisioningState: 'Succeeded',
      resourceState: 'Running',
    },
    secrets: { primaryKey: r.primaryKey, secondaryKey: r.secondaryKey },
  });
  return id;
}

/** An external cache on an APIM instance for a Redis Enterprise database, its connection string in a named value. */
export function addExternalCache(
  store: ResourceStore,
  serviceId: string,
  cacheId: string,
  redisId: string,
  useFromLocation = 'default',
): void {
  const cluster = store.get(redisId);
  const db = store.get(`${redisId}/databases/default`);
  if (!cluster || !db) throw new Error(`No Redis Enterprise database at ${redisId}`);
  const name = hex24(`cache:${serviceId}/${cacheId}`);
  store.put({
    id: `${serviceId}/namedValues/${name}`,
    name,
    type: TYPES.namedValue,
    properties: {
      displayName: name,
      value: `${String(cluster.properties.hostName)}:10000,password=${db.secrets?.primaryKey ?? ''},ssl=True,abortConnect=False`,
      secret: true,
      tags: [],
    },
  });
  store.put({
    id: `${serviceId}/caches/${cacheId}`,
    name: cacheId,
    type: TYPES.cache,
    properties: {
      connectionString: `{{${name}}}`,
      useFromLocation,
      description: `Azure Managed Redis ${cluster.name}`,
      resourceId: redisId,
    },
  });
}

/** An Azure AI Content Safety account (kind `ContentSafety`) with its keys. */
export function addContentSafetyAccount(
  store: ResourceStore,
  rgId: string,
  name: string,
  location: string,
  keys: [string, string],
): string {
  const [sub, rg] = parseRg(rgId);
  const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.CognitiveServices/accounts/${name}`;
  store.put({
    id,
    name,
    type: TYPES.account,
    kind: 'ContentSafety',
    location,
    sku: { name: 'S0' },
    tags: {},
    properties: { dateCreated: '2025-01-10T08:00:00Z', disableLocalAuth: false, capabilities: [] },
    secrets: { key1: keys[0], key2: keys[1] },
  });
  return id;
}

export interface GovernanceSeed {
  readonly key: (label: string) => string;
  readonly rgGateway: string;
  readonly rgProd: string;
  readonly rgModels: string;
  readonly gateway: string;
  readonly llmApi: string;
}

/** The demo's prerequisites: the AI gateway's LLM API sends token metrics and LLM logs; caches and Content Safety wait to be used. */
export function seedGovernance(store: ResourceStore, g: GovernanceSeed): void {
  const workspace = addWorkspace(store, g.rgGateway, 'log-ai-gateway', 'westeurope');
  const component = addComponent(store, g.rgGateway, 'appi-ai-gateway', {
    location: 'westeurope',
    withDimensions: true,
    workspaceId: workspace,
  });
  addComponent(store, g.rgProd, 'appi-contoso-prod', { location: 'eastus2', withDimensions: false });
  const logger = addAppInsightsLogger(store, g.gateway, 'appi-ai-gateway', component);
  addMetricsDiagnostic(store, g.llmApi, logger);
  addLlmLogsDiagnostic(store, g.llmApi, g.gateway);
  addDiagnosticSetting(store, g.gateway, 'ai-gateway-logs', workspace, ['GatewayLogs', 'GatewayLlmLogs']);
  addRedisEnterprise(store, g.rgGateway, 'redis-ai-cache', {
    location: 'westeurope',
    modules: [{ name: 'RediSearch', version: '2.8.4' }],
    primaryKey: g.key('redis-ai-cache:primary'),
    secondaryKey: g.key('redis-ai-cache:secondary'),
  });
  addRedisEnterprise(store, g.rgGateway, 'redis-sessions', {
    location: 'westeurope',
    modules: [{ name: 'RedisJSON', version: '2.6.6' }],
    primaryKey: g.key('redis-sessions:primary'),
    secondaryKey: g.key('redis-sessions:secondary'),
  });
  addContentSafetyAccount(store, g.rgModels, 'contoso-content-safety', 'swedencentral', [
    g.key('contoso-content-safety:key1'),
    g.key('contoso-content-safety:key2'),
  ]);
}
