// The AI policies' prerequisites as plans and checks: which steps each choice adds, what the policy waits for, the one
// sentence for each bad choice, and that no plan holds a credential.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPlan } from '../../src/domain/import/importPlan';
import type { LmApiPolicies } from '../../src/domain/import/lmApiForm';
import { buildLmApiPlan } from '../../src/domain/import/lmApiPlan';
import { validateSemanticCache, validateTokenMetrics } from '../../src/domain/import/validation';
import type { PrerequisiteFacts } from '../../src/domain/policies/prerequisiteFacts';
import { LLM_LOG_CATEGORY, loggerIdFor, type PrerequisiteContext } from '../../src/domain/policies/prerequisitePlan';
import { validatePrerequisites } from '../../src/domain/policies/validation';
import { parseLmApiPolicies } from '../../src/protocol/policySettings';
import { geminiForm } from './helpers/lmForms';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg';
const COMPONENT = `${SUB}/providers/Microsoft.Insights/components/appi-ai-gateway`;
const REDIS = `${SUB}/providers/Microsoft.Cache/redisEnterprise/redis-ai-cache/databases/default`;
const PLAIN_REDIS = `${SUB}/providers/Microsoft.Cache/redisEnterprise/redis-sessions/databases/default`;
const SAFETY = `${SUB}/providers/Microsoft.CognitiveServices/accounts/contoso-content-safety`;
const OPENAI = `${SUB}/providers/Microsoft.CognitiveServices/accounts/contoso-openai`;
const WORKSPACE = `${SUB}/providers/Microsoft.OperationalInsights/workspaces/log-ai-gateway`;

const facts: PrerequisiteFacts = {
  loggers: [{ id: 'appi-existing', componentId: COMPONENT }],
  externalCaches: [],
  llmLogSettings: [],
  components: [{ id: COMPONENT, name: 'appi-ai-gateway', withDimensions: false }],
  redisDatabases: [
    { id: REDIS, clusterName: 'redis-ai-cache', name: 'default', modules: ['RediSearch'] },
    { id: PLAIN_REDIS, clusterName: 'redis-sessions', name: 'default', modules: ['RedisJSON'] },
  ],
  contentSafetyAccounts: [
    { id: SAFETY, name: 'contoso-content-safety', endpoint: 'https://contoso-content-safety.cognitiveservices.azure.com/' },
  ],
  embeddingsDeployments: [{ accountId: OPENAI, accountName: 'contoso-openai', deployment: 'text-embedding-3-small' }],
  workspaces: [{ id: WORKSPACE, name: 'log-ai-gateway' }],
  failures: [],
};

const ALL: LmApiPolicies = {
  tokenMetrics: {
    namespace: 'ai',
    dimensions: ['API ID', 'Subscription ID'],
    destination: { kind: 'component', componentId: COMPONENT },
    enableDimensions: true,
  },
  semanticCache: {
    embeddingsBackendId: 'embeddings',
    embeddingsDeployment: { accountId: OPENAI, deployment: 'text-embedding-3-small' },
    redisDatabaseId: REDIS,
    scoreThreshold: 0.8,
    durationSeconds: 120,
  },
  contentSafety: {
    backendId: 'content-safety',
    accountId: SAFETY,
    categories: [{ name: 'Hate', threshold: 2 }],
    shieldPrompt: true,
    blocklists: ['blocklist1'],
  },
  llmLogging: { promptBytes: 32768, completionBytes: 32768, workspaceId: WORKSPACE },
};

const context: PrerequisiteContext = {
  serviceName: 'contoso-ai-gateway',
  component: { id: COMPONENT, name: 'appi-ai-gateway' },
  embeddingsAccount: { id: OPENAI, name: 'contoso-openai', endpoint: 'https://contoso-openai.openai.azure.com/' },
  contentSafetyAccount: {
    id: SAFETY,
    name: 'contoso-content-safety',
    endpoint: 'https://contoso-content-safety.cognitiveservices.azure.com/',
  },
  redis: { databaseId: REDIS, clusterName: 'redis-ai-cache' },
  identity: { type: 'None', userAssigned: [] },
};

void describe('AI policy prerequisites: the plan', () => {
  const plan = buildLmApiPlan({ ...geminiForm, policies: ALL }, { hasKey: true, onExisting: 'conflict', prerequisites: context });
  const step = (id: string) => plan.steps.find((s) => s.id === id);

  void test('every chosen prerequisite is a step, in dependency order, and the plan is well formed', () => {
    assert.deepEqual(checkPlan(plan), []);
    for (const id of [
      'appInsightsLogger:appi-ai-gateway',
      'customMetricsDimensions:appi-ai-gateway',
      'apiDiagnostic:gemini/applicationinsights',
      'externalCache:default',
      'serviceIdentity:contoso-ai-gateway',
      'roleAssignment:contoso-openai',
      `roleAssignment:contoso-content-safety/a97b65f3-24c7-4388-baec-2e87135dc908`,
      'backend:embeddings',
      'backend:content-safety',
      'apiDiagnostic:gemini/azuremonitor',
      'diagnosticSetting:ai-gateway-llm-logs',
    ]) {
      assert.ok(step(id), `missing ${id}: ${plan.steps.map((s) => s.id).join(', ')}`);
    }
    assert.deepEqual(step('apiDiagnostic:gemini/applicationinsights')!.dependsOn, [
      'api:gemini',
      'appInsightsLogger:appi-ai-gateway',
      'customMetricsDimensions:appi-ai-gateway',
    ]);
    assert.deepEqual(step('apiPolicy:gemini')!.dependsOn, [
      'api:gemini',
      'backend:gemini-backend',
      'externalCache:default',
      'backend:embeddings',
      'backend:content-safety',
    ]);
    assert.deepEqual(step('backend:content-safety')!.dependsOn, [
      'roleAssignment:contoso-content-safety/a97b65f3-24c7-4388-baec-2e87135dc908',
    ]);
    assert.equal(step('backend:content-safety')!.kind, 'managedIdentityBackend');
    assert.equal(
      (step('backend:embeddings')!.payload as { url: string }).url,
      'https://contoso-openai.openai.azure.com/openai/deployments/text-embedding-3-small/embeddings',
    );
  });

  void test('the policy names what was set up: system-assigned embeddings, blocklists, vary-by subscription', () => {
    const xml = step('apiPolicy:gemini')!.preview!;
    assert.match(xml, /embeddings-backend-auth="system-assigned"/);
    assert.match(xml, /<blocklists>\s*<id>blocklist1<\/id>\s*<\/blocklists>/);
    assert.match(xml, /<vary-by>@\(context.Subscription.Id\)<\/vary-by>/);
  });

  void test('no plan holds a credential: the steps name resources, the handlers read keys when they run', () => {
    const text = JSON.stringify(plan);
    assert.doesNotMatch(text, /InstrumentationKey|ConnectionString|password=|primaryKey/i);
  });

  void test('an existing logger needs no logger step; LLM logging alone writes the azuremonitor diagnostic', () => {
    const policies: LmApiPolicies = {
      tokenMetrics: { namespace: 'ai', dimensions: ['API ID'], destination: { kind: 'logger', loggerId: 'appi-existing' } },
      llmLogging: { promptBytes: 1024, completionBytes: 0 },
    };
    const p = buildLmApiPlan({ ...geminiForm, policies }, { hasKey: true, onExisting: 'conflict', prerequisites: { serviceName: 'svc' } });
    const ids = p.steps.map((s) => s.id);
    assert.ok(!ids.some((i) => i.startsWith('appInsightsLogger:')));
    const diag = p.steps.find((s) => s.id === 'apiDiagnostic:gemini/applicationinsights')!;
    assert.deepEqual(diag.payload, {
      apiId: 'gemini',
      diagnosticId: 'applicationinsights',
      loggerId: '/loggers/appi-existing',
      metrics: true,
    });
    const monitor = p.steps.find((s) => s.id === 'apiDiagnostic:gemini/azuremonitor')!;
    assert.deepEqual((monitor.payload as { llmMessages: unknown }).llmMessages, { promptBytes: 1024, completionBytes: 0 });
    assert.ok(!ids.some((i) => i.startsWith('diagnosticSetting:')));
  });

  void test('logger ids are what APIM accepts, made from the component name', () => {
    assert.equal(loggerIdFor('appi.ai_gateway'), 'appi-ai-gateway');
    assert.equal(LLM_LOG_CATEGORY, 'GatewayLlmLogs');
  });
});

void describe('AI policy prerequisites: bad input gets one clear sentence', () => {
  void test('six dimensions', () => {
    const errors = validateTokenMetrics({
      namespace: 'ai',
      dimensions: ['API ID', 'Operation ID', 'Product ID', 'Subscription ID', 'User ID', 'Location'],
    });
    assert.equal(errors['policies.dimensions'], 'Choose at most 5 dimensions.');
  });

  void test('a score threshold out of range', () => {
    const errors = validateSemanticCache({ ...ALL.semanticCache!, scoreThreshold: 1.5 }, ['embeddings']);
    assert.equal(errors['policies.scoreThreshold'], 'The score threshold must be a number above 0 and at most 1, for example 0.8.');
  });

  void test('a Redis database without RediSearch', () => {
    const errors = validatePrerequisites({ semanticCache: { ...ALL.semanticCache!, redisDatabaseId: PLAIN_REDIS } }, facts);
    assert.match(
      errors['policies.redisDatabaseId']!,
      /^The Redis database redis-sessions\/default has no RediSearch module, which semantic caching needs/,
    );
  });

  void test('no external cache and none chosen; token metrics without a logger; a Content Safety account not offered', () => {
    const errors = validatePrerequisites(
      {
        semanticCache: { embeddingsBackendId: 'x', scoreThreshold: 0.8, durationSeconds: 60 },
        tokenMetrics: { namespace: 'ai', dimensions: [] },
        contentSafety: { ...ALL.contentSafety!, accountId: `${SUB}/providers/Microsoft.CognitiveServices/accounts/elsewhere` },
      },
      facts,
    );
    assert.match(errors['policies.redisDatabaseId']!, /this instance has none/);
    assert.match(errors['policies.metricsDestination']!, /without one Azure emits nothing/);
    assert.equal(errors['policies.safetyAccountId'], 'Choose the Azure AI Content Safety account from the list.');
  });

  void test('LLM logging byte limits', () => {
    assert.match(
      validatePrerequisites({ llmLogging: { promptBytes: 300_000, completionBytes: 0 } }, facts)['policies.promptBytes']!,
      /256 KB/,
    );
    assert.match(validatePrerequisites({ llmLogging: { promptBytes: 0, completionBytes: 0 } }, facts)['policies.promptBytes']!, /at least/);
    assert.deepEqual(validatePrerequisites(ALL, facts), {});
  });

  void test('the parser keeps every prerequisite choice and refuses a wrong shape', () => {
    const parsed = parseLmApiPolicies(JSON.parse(JSON.stringify(ALL)));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, ALL);
    assert.equal(parseLmApiPolicies({ tokenMetrics: { namespace: 'a', dimensions: [], destination: { kind: 'key' } } }).ok, false);
    assert.equal(parseLmApiPolicies({ llmLogging: { promptBytes: '1' } }).ok, false);
  });
});
