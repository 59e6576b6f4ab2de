/**
 * The sandbox's starting state. `demo` looks like a real tenant (two subscriptions, three APIM instances in different
 * regions and SKUs, ordinary APIs, one LLM API imported the way our import creates it, two Azure OpenAI / AI Services
 * accounts with deployments); `empty` is one subscription with one bare APIM instance (for welcome views). Ids and
 * keys derive from the seed name, so every run starts from the same state; `apis` adds plain APIs for scale work.
 */
import { accountEndpointFor } from './context';
import { TYPES, accountId, policyId, resourceGroupId, serviceId, subscriptionId } from './arm/ids';
import { addBuiltInAzureMonitorLogger, seedGovernance } from './seedGovernance';
import { seededGuid, seededKey } from './seedIds';
import type { ArmResource, ResourceStore } from './store';

export type SeedName = 'demo' | 'empty';
export const SEED_NAMES: readonly SeedName[] = ['demo', 'empty'];

export interface SeedOptions {
  readonly seed: SeedName;
  /** Extra plain APIs (`api-00001`...) in the first APIM instance. */
  readonly apis: number;
  readonly origin: string;
  readonly modelKey: string;
}

export { seededGuid, seededKey };

export const seededTenantId = (seed: string): string => seededGuid(seed, 'tenant');
export const seededModelKey = (seed: string): string => `sk-sandbox-${seededKey(seed, 'model')}`;

export const DEFAULT_GLOBAL_POLICY =
  '<policies>\r\n  <inbound></inbound>\r\n  <backend>\r\n    <forward-request />\r\n  </backend>\r\n  <outbound></outbound>\r\n  <on-error></on-error>\r\n</policies>';

/** The API policy our import writes for an OpenAI-compatible API with token limit and token metrics. */
export function llmApiPolicy(backendId: string): string {
  return [
    '<policies>',
    '  <inbound>',
    '    <base />',
    `    <set-backend-service backend-id="${backendId}" />`,
    '    <llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="5000" estimate-prompt-tokens="false" remaining-tokens-header-name="x-ratelimit-remaining-tokens" tokens-consumed-header-name="x-ratelimit-consumed-tokens" />',
    '    <llm-emit-token-metric namespace="ai-gateway">',
    '      <dimension name="API ID" value="@(context.Api.Id)" />',
    '      <dimension name="Subscription ID" value="@(context.Subscription.Id)" />',
    '    </llm-emit-token-metric>',
    '  </inbound>',
    '  <backend>',
    '    <base />',
    '  </backend>',
    '  <outbound>',
    '    <base />',
    '  </outbound>',
    '  <on-error>',
    '    <base />',
    '  </on-error>',
    '</policies>',
  ].join('\n');
}

interface OperationSeed {
  readonly name: string;
  readonly displayName: string;
  readonly method: string;
  readonly urlTemplate: string;
}

interface ApiSeed {
  readonly name: string;
  readonly displayName: string;
  readonly path: string;
  readonly serviceUrl: string;
  readonly description: string;
  readonly operations: readonly OperationSeed[];
  readonly keyHeader?: string;
}

const ECHO: ApiSeed = {
  name: 'echo-api',
  displayName: 'Echo API',
  path: 'echo',
  serviceUrl: 'http://echoapi.cloudapp.net/api',
  description: 'A sample API that echoes the request back.',
  operations: [
    { name: 'retrieve-resource', displayName: 'Retrieve resource', method: 'GET', urlTemplate: '/resource' },
    { name: 'create-resource', displayName: 'Create resource', method: 'POST', urlTemplate: '/resource' },
    { name: 'modify-resource', displayName: 'Modify resource', method: 'PUT', urlTemplate: '/resource' },
    { name: 'remove-resource', displayName: 'Remove resource', method: 'DELETE', urlTemplate: '/resource' },
  ],
};

const PETSTORE: ApiSeed = {
  name: 'swagger-petstore',
  displayName: 'Swagger Petstore',
  path: 'petstore',
  serviceUrl: 'https://petstore3.swagger.io/api/v3',
  description: 'A sample pet store server based on the OpenAPI 3.0 specification.',
  operations: [
    { name: 'findpetsbystatus', displayName: 'Finds pets by status', method: 'GET', urlTemplate: '/pet/findByStatus' },
    { name: 'getpetbyid', displayName: 'Find pet by ID', method: 'GET', urlTemplate: '/pet/{petId}' },
    { name: 'addpet', displayName: 'Add a new pet to the store', method: 'POST', urlTemplate: '/pet' },
  ],
};

const CONFERENCE: ApiSeed = {
  name: 'demo-conference-api',
  displayName: 'Demo Conference API',
  path: 'conference',
  serviceUrl: 'https://conferenceapi.azurewebsites.net',
  description: 'A sample API with information related to a technical conference.',
  operations: [
    { name: 'getsessions', displayName: 'GetSessions', method: 'GET', urlTemplate: '/sessions' },
    { name: 'getspeakers', displayName: 'GetSpeakers', method: 'GET', urlTemplate: '/speakers' },
    { name: 'gettopics', displayName: 'GetTopics', method: 'GET', urlTemplate: '/topics' },
  ],
};

export const DEMO = {
  subscriptions: { production: 'Contoso Production', devTest: 'Contoso Dev/Test' },
  aiGateway: 'contoso-ai-gateway',
  llmApi: {
    id: 'openai-chat',
    displayName: 'OpenAI chat',
    path: 'llm/openai',
    backendId: 'openai-chat-backend',
    namedValue: 'openai-chat-key',
  },
} as const;

/** Writes the seed into an empty store. Returns the subscription ids in display order. */
export function seedStore(store: ResourceStore, options: SeedOptions): string[] {
  const w = new SeedWriter(store, options);
  return options.seed === 'empty' ? w.empty() : w.demo();
}

class SeedWriter {
  constructor(
    private readonly store: ResourceStore,
    private readonly o: SeedOptions,
  ) {}

  private guid(label: string): string {
    return seededGuid(this.o.seed, label);
  }

  private put(r: ArmResource): ArmResource {
    return this.store.put(r);
  }

  empty(): string[] {
    const sub = this.subscription('Sandbox subscription');
    const rg = this.resourceGroup(sub, 'rg-sandbox', 'westeurope');
    const svc = this.service(rg, 'contoso-apim', 'westeurope', 'Developer');
    this.extraApis(svc);
    return [sub];
  }

  demo(): string[] {
    const prod = this.subscription(DEMO.subscriptions.production);
    const dev = this.subscription(DEMO.subscriptions.devTest);
    const rgGateway = this.resourceGroup(prod, 'rg-ai-gateway', 'westeurope');
    const rgProd = this.resourceGroup(prod, 'rg-apim-prod', 'eastus2');
    const rgModels = this.resourceGroup(prod, 'rg-ai-models', 'swedencentral');
    const rgDev = this.resourceGroup(dev, 'rg-apim-dev', 'swedencentral');

    const gateway = this.service(rgGateway, DEMO.aiGateway, 'westeurope', 'Developer');
    const apimProd = this.service(rgProd, 'contoso-apim-prod', 'eastus2', 'Premium', {
      type: 'UserAssigned',
      userAssignedIdentities: {
        [`${rgProd}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-apim-prod`]: {
          principalId: this.guid('uai-principal'),
          clientId: this.guid('uai-client'),
        },
      },
    });
    const apimDev = this.service(rgDev, 'contoso-dev-apim', 'swedencentral', 'BasicV2');

    for (const svc of [gateway, apimProd, apimDev]) {
      this.api(svc, ECHO);
      this.products(svc);
    }
    this.api(gateway, PETSTORE);
    this.api(apimProd, PETSTORE);
    this.api(apimProd, CONFERENCE);
    this.llmApi(gateway);

    const openai = this.account(rgModels, 'contoso-openai', 'OpenAI', 'swedencentral', [
      { name: 'gpt-4o', model: 'gpt-4o', version: '2024-11-20', sku: 'GlobalStandard', capacity: 50 },
      { name: 'gpt-4o-mini', model: 'gpt-4o-mini', version: '2024-07-18', sku: 'GlobalStandard', capacity: 100 },
      { name: 'text-embedding-3-small', model: 'text-embedding-3-small', version: '1', sku: 'Standard', capacity: 120 },
    ]);
    this.account(rgModels, 'contoso-aiservices', 'AIServices', 'eastus2', [
      { name: 'gpt-4o-mini', model: 'gpt-4o-mini', version: '2024-07-18', sku: 'GlobalStandard', capacity: 100 },
      { name: 'text-embedding-3-large', model: 'text-embedding-3-large', version: '1', sku: 'Standard', capacity: 120 },
    ]);
    this.embeddingsBackend(gateway, openai);
    seedGovernance(this.store, {
      key: (label) => seededKey(this.o.seed, label),
      rgGateway,
      rgProd,
      rgModels,
      gateway,
      llmApi: `${gateway}/apis/${DEMO.llmApi.id}`,
    });
    this.extraApis(gateway);
    return [prod, dev];
  }

  private subscription(displayName: string): string {
    const sub = this.guid(`subscription:${displayName}`);
    this.put({ id: subscriptionId(sub), name: sub, type: TYPES.subscription, properties: { displayName } });
    return sub;
  }

  private resourceGroup(sub: string, name: string, location: string): string {
    const id = resourceGroupId(sub, name);
    this.put({ id, name, type: TYPES.resourceGroup, location, properties: {} });
    return id;
  }

  private service(rgId: string, name: string, location: string, sku: string, identity?: Record<string, unknown>): string {
    const id = serviceId(...subscriptionAndGroup(rgId), name);
    this.put({
      id,
      name,
      type: TYPES.service,
      location,
      sku: { name: sku, capacity: 1 },
      ...(identity ? { identity } : {}),
      tags: {},
      properties: {
        publisherEmail: 'apim-admins@contoso.com',
        publisherName: 'Contoso',
        notificationSenderEmail: 'apimgmt-noreply@mail.windowsazure.com',
        createdAtUtc: '2025-01-15T09:30:00Z',
      },
    });
    this.put({ id: policyId(id), name: 'policy', type: TYPES.policy, properties: { format: 'xml', value: DEFAULT_GLOBAL_POLICY } });
    addBuiltInAzureMonitorLogger(this.store, id);
    this.apimSubscription(id, 'master', {
      displayName: 'Built-in all-access subscription',
      scope: `${id}/apis`,
      // As in Azure, the built-in subscription belongs to the built-in administrator (user 1).
      ownerId: `${id}/users/1`,
      createdDate: '2025-01-15T09:30:00Z',
      keyLabel: `${name}:master`,
    });
    return id;
  }

  private api(svc: string, api: ApiSeed): string {
    const id = `${svc}/apis/${api.name}`;
    this.put({
      id,
      name: api.name,
      type: TYPES.api,
      properties: {
        displayName: api.displayName,
        path: api.path,
        type: 'http',
        protocols: ['https'],
        description: api.description,
        serviceUrl: api.serviceUrl,
        subscriptionRequired: true,
        subscriptionKeyParameterNames: { header: api.keyHeader ?? 'Ocp-Apim-Subscription-Key', query: 'subscription-key' },
        apiRevision: '1',
        isCurrent: true,
      },
    });
    for (const op of api.operations) {
      this.put({
        id: `${id}/operations/${op.name}`,
        name: op.name,
        type: TYPES.operation,
        properties: {
          displayName: op.displayName,
          method: op.method,
          urlTemplate: op.urlTemplate,
          templateParameters: templateParameters(op.urlTemplate),
          description: '',
          request: { queryParameters: [], headers: [], representations: [] },
          responses: [],
        },
      });
    }
    return id;
  }

  private products(svc: string): void {
    const product = (name: string, displayName: string, description: string) =>
      this.put({
        id: `${svc}/products/${name}`,
        name,
        type: TYPES.product,
        properties: {
          displayName,
          description,
          subscriptionRequired: true,
          // As a new instance's default products (ApiManagementListProducts): Unlimited needs approval; both allow
          // one subscription per user; Starter has empty terms.
          approvalRequired: name === 'unlimited',
          subscriptionsLimit: 1,
          state: 'published',
          ...(name === 'starter' ? { terms: '' } : {}),
        },
      });
    product('starter', 'Starter', 'Subscribers will be able to run 5 calls/minute up to a maximum of 100 calls/week.');
    product('unlimited', 'Unlimited', 'Subscribers have completely unlimited access to the API. Administrator approval is required.');
    this.link(svc, 'starter', ECHO.name);
    this.link(svc, 'unlimited', ECHO.name);
  }

  private link(svc: string, product: string, api: string): void {
    this.put({
      id: `${svc}/products/${product}/apis/${api}`,
      name: api,
      type: TYPES.productApi,
      properties: { apiId: `${svc}/apis/${api}` },
    });
  }

  /** The LLM API as our "Language Model API" import creates it, with its named value, backend, policy and product. */
  private llmApi(svc: string): void {
    const modelEndpoint = `${this.o.origin}/openai/v1`;
    const { id: apiName, displayName, path, backendId, namedValue } = DEMO.llmApi;
    const apiId = this.api(svc, {
      name: apiName,
      displayName,
      path,
      serviceUrl: modelEndpoint,
      description: 'OpenAI-compatible chat completions behind the AI gateway.',
      keyHeader: 'api-key',
      operations: [
        { name: 'chat-completions', displayName: 'Creates a chat completion', method: 'POST', urlTemplate: '/chat/completions' },
      ],
    });
    this.secretNamedValue(svc, namedValue, `Bearer ${this.o.modelKey}`);
    this.put({
      id: `${svc}/backends/${backendId}`,
      name: backendId,
      type: TYPES.backend,
      properties: {
        url: modelEndpoint,
        protocol: 'http',
        type: 'Single',
        description: 'OpenAI-compatible model endpoint',
        credentials: { header: { Authorization: [`{{${namedValue}}}`] } },
        circuitBreaker: {
          rules: [
            {
              name: 'openai-chat-breaker',
              failureCondition: {
                count: 3,
                interval: 'PT1M',
                statusCodeRanges: [
                  { min: 429, max: 429 },
                  { min: 500, max: 599 },
                ],
              },
              tripDuration: 'PT1M',
              acceptRetryAfter: true,
            },
          ],
        },
      },
    });
    this.put({ id: policyId(apiId), name: 'policy', type: TYPES.apiPolicy, properties: { format: 'xml', value: llmApiPolicy(backendId) } });
    this.link(svc, 'unlimited', apiName);
    this.apimSubscription(svc, 'llm-unlimited', {
      displayName: 'LLM developers (Unlimited)',
      scope: `${svc}/products/unlimited`,
      createdDate: '2025-01-20T10:00:00Z',
      keyLabel: 'llm-unlimited',
    });
  }

  /** An active APIM subscription whose keys derive from the seed and `keyLabel`. */
  private apimSubscription(
    svc: string,
    name: string,
    s: { displayName: string; scope: string; createdDate: string; keyLabel: string; ownerId?: string },
  ): void {
    this.put({
      id: `${svc}/subscriptions/${name}`,
      name,
      type: TYPES.apimSubscription,
      properties: {
        ...(s.ownerId ? { ownerId: s.ownerId } : {}),
        displayName: s.displayName,
        scope: s.scope,
        state: 'active',
        allowTracing: false,
        createdDate: s.createdDate,
        primaryKey: seededKey(this.o.seed, `${s.keyLabel}:primary`),
        secondaryKey: seededKey(this.o.seed, `${s.keyLabel}:secondary`),
      },
    });
  }

  private account(
    rgId: string,
    name: string,
    kind: 'OpenAI' | 'AIServices',
    location: string,
    deployments: ReadonlyArray<{ name: string; model: string; version: string; sku: string; capacity: number }>,
  ): string {
    const id = accountId(...subscriptionAndGroup(rgId), name);
    this.put({
      id,
      name,
      type: TYPES.account,
      kind,
      location,
      sku: { name: 'S0' },
      tags: {},
      properties: { dateCreated: '2025-01-10T08:00:00Z', disableLocalAuth: false, capabilities: [] },
      secrets: { key1: seededKey(this.o.seed, `${name}:key1`), key2: seededKey(this.o.seed, `${name}:key2`) },
    });
    for (const d of deployments) {
      this.put({
        id: `${id}/deployments/${d.name}`,
        name: d.name,
        type: TYPES.deployment,
        sku: { name: d.sku, capacity: d.capacity },
        properties: {
          model: { format: 'OpenAI', name: d.model, version: d.version },
          versionUpgradeOption: 'OnceNewDefaultVersionAvailable',
          raiPolicyName: 'Microsoft.DefaultV2',
          capabilities: d.model.startsWith('text-embedding') ? { embeddings: 'true' } : { chatCompletion: 'true' },
        },
      });
    }
    return id;
  }

  private embeddingsBackend(svc: string, account: string): void {
    const accountName = account.slice(account.lastIndexOf('/') + 1);
    this.secretNamedValue(svc, 'contoso-openai-key', seededKey(this.o.seed, `${accountName}:key1`));
    this.put({
      id: `${svc}/backends/embeddings-backend`,
      name: 'embeddings-backend',
      type: TYPES.backend,
      properties: {
        url: `${accountEndpointFor({ origin: this.o.origin }, accountName)}openai/deployments/text-embedding-3-small/embeddings`,
        protocol: 'http',
        type: 'Single',
        description: 'Embeddings for the semantic cache',
        credentials: { header: { 'api-key': ['{{contoso-openai-key}}'] } },
      },
    });
  }

  private secretNamedValue(svc: string, name: string, value: string): void {
    this.put({
      id: `${svc}/namedValues/${name}`,
      name,
      type: TYPES.namedValue,
      properties: { displayName: name, value, secret: true, tags: ['llm'] },
    });
  }

  /** `--apis N`: plain APIs with one operation each, written in one pass (no per-API path scan). */
  private extraApis(svc: string): void {
    for (let i = 1; i <= this.o.apis; i++) {
      const n = String(i).padStart(5, '0');
      this.api(svc, {
        name: `api-${n}`,
        displayName: `Sample API ${n}`,
        path: `samples/api-${n}`,
        serviceUrl: 'https://backend.contoso.example/samples',
        description: '',
        operations: [{ name: 'get-items', displayName: 'Get items', method: 'GET', urlTemplate: '/items' }],
      });
    }
  }
}

function subscriptionAndGroup(rgId: string): [subscription: string, resourceGroup: string] {
  const [, sub, rg] = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/.exec(rgId)!;
  return [sub, rg];
}

function templateParameters(urlTemplate: string): Array<{ name: string; required: boolean; type: string }> {
  return [...urlTemplate.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], required: true, type: 'string' }));
}
