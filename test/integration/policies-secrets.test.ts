// The AI policies' prerequisites handle secrets (an Application Insights connection string and instrumentation key,
// an Azure Managed Redis access key made into a cache connection string, the Content Safety account's keys): in both
// import modes, with every prerequisite to create, none of them is in the plan, in any message the wizard posts
// (facts, Review, progress, outcome) or in its log; APIM holds them only as named values the resources refer to.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { LmApiPolicies } from '../../src/domain/import/lmApiForm';
import { azureOpenAiMode } from '../../src/importWizard/azureOpenAiMode';
import { languageModelMode } from '../../src/importWizard/languageModelMode';
import { ImportWizardController } from '../../src/importWizard/importWizardController';
import type { WizardEvent } from '../../src/protocol/importWizard';
import { parseAzureOpenAiInput } from '../../src/protocol/azureOpenAiInput';
import { parseLanguageModelInput } from '../../src/protocol/languageModelInput';
import { describeFindings, sandboxSecrets, scanText, type Secret } from '../e2e/harness/secretScan';
import { accountId } from './helpers/aoaiFixtures';
import { gatewayService, sandboxClients } from './helpers/lmImport';
import { IMPORT_MODES, policyImports } from './helpers/policyImports';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG } = DEMO_NAMES.aiGateway;

void describe('secrets of the AI policies prerequisites', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  const imports = policyImports(sb, () => service);
  const sub = (): string => sb.connection.subscriptionIds[0];
  const policies = (): LmApiPolicies => ({
    tokenMetrics: {
      namespace: 'secrets-it',
      dimensions: ['API ID'],
      destination: {
        kind: 'component',
        componentId: `/subscriptions/${sub()}/resourceGroups/rg-apim-prod/providers/Microsoft.Insights/components/appi-contoso-prod`,
      },
      enableDimensions: true,
    },
    semanticCache: {
      embeddingsBackendId: 'secrets-embeddings',
      embeddingsDeployment: { accountId: accountId(sb, 'openai'), deployment: 'text-embedding-3-small' },
      redisDatabaseId: `/subscriptions/${sub()}/resourceGroups/${RG}/providers/Microsoft.Cache/redisEnterprise/redis-ai-cache/databases/default`,
      scoreThreshold: 0.8,
      durationSeconds: 60,
    },
    contentSafety: {
      backendId: 'secrets-safety',
      accountId: `/subscriptions/${sub()}/resourceGroups/${DEMO_NAMES.models.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/contoso-content-safety`,
      categories: [{ name: 'Hate', threshold: 2 }],
      shieldPrompt: true,
    },
    llmLogging: { promptBytes: 1024, completionBytes: 1024 },
  });

  /** Every secret the sandbox holds (keys, secret named values) plus each component's instrumentation key and connection string. */
  const secrets = async (): Promise<Secret[]> => {
    const all = sandboxSecrets(await sb.hooks.state());
    for (const c of await sb.appInsights().components.list()) {
      if (c.instrumentationKey) all.push({ kind: 'Application Insights instrumentation key', value: c.instrumentationKey });
      if (c.connectionString) all.push({ kind: 'Application Insights connection string', value: c.connectionString });
    }
    return all;
  };

  before(async () => {
    service = await gatewayService(sb);
  });

  for (const mode of IMPORT_MODES) {
    void it(`${mode}: no secret in the plan, the wizard's messages or its log, through Review, Create and Rollback`, async () => {
      const target = { mode, name: `Secrets ${mode}`, path: `secrets-${mode.toLowerCase()}` };
      const { input, key } = imports.message(target, policies());
      const events: WizardEvent[] = [];
      const log: string[] = [];
      const controller = new ImportWizardController({
        clients: sandboxClients(sb),
        service,
        post: (e) => events.push(e),
        log: (line) => log.push(line),
        doneAction: () => Promise.resolve(),
        subscriptionIds: () => Promise.resolve(sb.connection.subscriptionIds),
        pollIntervalMs: 10,
      });
      await controller.handle({ type: 'ready' });
      await controller.handle({ type: 'prerequisites', requestId: 1, refresh: false });
      await controller.handle({ type: 'review', requestId: 2, input, key });
      const review = events.find((e) => e.type === 'reviewReady');
      assert.ok(review, JSON.stringify(events.filter((e) => e.type === 'error' || e.type === 'invalid')));
      await controller.handle({ type: 'create', requestId: 3, input, key });
      const finished = events.find((e) => e.type === 'finished');
      assert.equal(finished?.type === 'finished' ? finished.outcome.status : undefined, 'succeeded', JSON.stringify(events));

      const ctx = { clients: sandboxClients(sb), service };
      const raw = input as Record<string, unknown>;
      const plan =
        mode === 'languageModel'
          ? await languageModelMode.buildPlan(expectParsed(parseLanguageModelInput(raw)), { key, backendKeys: [] }, ctx)
          : await azureOpenAiMode.buildPlan(expectParsed(parseAzureOpenAiInput(raw)), { key, backendKeys: [] }, ctx);

      const known = await secrets();
      const kinds = new Set(known.map((s) => s.kind));
      for (const kind of ['Application Insights instrumentation key', 'Application Insights connection string', 'account key']) {
        assert.ok(kinds.has(kind), `the sandbox holds a ${kind}`);
      }
      const redisKey = (await sb.redisEnterprise().databases.listKeys(RG, 'redis-ai-cache', 'default')).primaryKey;
      const safetyKey = (await sb.cognitive().accounts.listKeys(DEMO_NAMES.models.resourceGroup, 'contoso-content-safety')).key1;
      for (const [what, value] of [
        ['the Redis access key', redisKey],
        ['the Content Safety key', safetyKey],
      ] as const) {
        assert.ok(value && known.some((s) => s.value === value), `${what} is among the secrets looked for`);
      }
      // The import wrote the logger's and the cache's credentials: APIM keeps them as named values, which are secrets too.
      const findings = [
        ...scanText('plan', JSON.stringify(plan), known),
        ...scanText('wizard messages', JSON.stringify(events), known),
        ...scanText('wizard log', log.join('\n'), known),
      ];
      assert.equal(findings.length, 0, describeFindings(findings));

      const apim = sb.apim();
      const logger = await apim.logger.get(RG, service.name, 'appi-contoso-prod');
      assert.match(Object.values(logger.credentials ?? {}).join(), /^\{\{[^}]+\}\}$/, 'the logger refers to a named value');
      const cache = await apim.cache.get(RG, service.name, 'default');
      assert.match(cache.connectionString ?? '', /^\{\{[^}]+\}\}$/, 'the cache refers to a named value');

      events.length = 0;
      await controller.handle({ type: 'rollback', requestId: 4 });
      const rolled = events.find((e) => e.type === 'rolledBack');
      assert.equal(rolled?.type === 'rolledBack' ? rolled.complete : undefined, true, JSON.stringify(events));
      assert.deepEqual(scanText('rollback messages and log', JSON.stringify(events) + log.join('\n'), known), []);
    });
  }
});

function expectParsed<T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
