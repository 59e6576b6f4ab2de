// Semantic caching with its prerequisites, through the wizard's real controller and the real SDK clients against the
// sandbox, in both import modes. Before: the instance has no external cache, so the wizard refuses without a Redis
// choice and the policy alone serves no hit. Missing → Review lists the external cache (Azure Managed Redis with
// RediSearch) and the embeddings backend made from a deployment (managed identity + role) → Create → the second
// identical request is a cache hit. Present → the Azure OpenAI import reuses both without writing them. A fault at the
// external cache step rolls back to the state before; bad input is one sentence and writes nothing.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { LmApiPolicies, SemanticCacheSettings } from '../../src/domain/import/lmApiForm';
import { addChatApi, chat } from './helpers/chatApi';
import { accountId } from './helpers/aoaiFixtures';
import { gatewayService } from './helpers/lmImport';
import { IMPORT_MODES, policyImports, type ImportTarget } from './helpers/policyImports';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
const CACHE_HEADER = 'x-sandbox-semantic-cache';
const PROMPT = 'What is the tallest mountain in Europe?';

void describe('Semantic caching with its prerequisites', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  const imports = policyImports(sb, () => service);
  const redisDb = (cluster: string): string =>
    `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.Cache/redisEnterprise/${cluster}/databases/default`;
  const cache = (over: Partial<SemanticCacheSettings> = {}): LmApiPolicies => ({
    semanticCache: {
      embeddingsBackendId: 'cache-embeddings',
      embeddingsDeployment: { accountId: accountId(sb, 'openai'), deployment: 'text-embedding-3-small' },
      redisDatabaseId: redisDb('redis-ai-cache'),
      scoreThreshold: 0.9,
      durationSeconds: 300,
      ...over,
    },
  });
  const lm: ImportTarget = { mode: 'languageModel', name: 'Cached chat', path: 'cached' };
  const aoai: ImportTarget = { mode: 'azureOpenAi', name: 'Cached Azure OpenAI', path: 'cached-aoai' };
  const cacheState = async (target: ImportTarget, content: string): Promise<string | undefined> => {
    const r = await imports.chat(target, content);
    assert.equal(r.status, 200, r.text);
    return r.headers[CACHE_HEADER] as string | undefined;
  };

  before(async () => {
    service = await gatewayService(sb);
  });

  void it('the Policies page is offered the Redis databases with their modules and the embeddings deployments', async () => {
    const facts = await imports.facts();
    assert.deepEqual(facts.externalCaches, []);
    const modules = Object.fromEntries(facts.redisDatabases.map((d) => [d.clusterName, d.modules]));
    assert.deepEqual(modules, { 'redis-ai-cache': ['RediSearch'], 'redis-sessions': ['RedisJSON'] });
    assert.ok(
      facts.embeddingsDeployments.some((d) => d.accountName === 'contoso-openai' && d.deployment === 'text-embedding-3-small'),
      JSON.stringify(facts.embeddingsDeployments),
    );
  });

  void it('before: without an external cache the wizard asks for one, and the policy alone serves no hit', async () => {
    for (const mode of IMPORT_MODES) {
      const said = await imports.refused({ ...lm, mode }, cache({ redisDatabaseId: undefined }));
      assert.deepEqual(said, [
        'Semantic caching needs an external cache and this instance has none. Choose an Azure Managed Redis database with RediSearch to register.',
      ]);
    }
    // The same policy the import writes, on an API made without the wizard: APIM has no vector store of its own.
    await addChatApi(
      sb,
      RG,
      SVC,
      'cache-before',
      '<llm-semantic-cache-lookup score-threshold="0.9" embeddings-backend-id="embeddings-backend"><vary-by>@(context.Subscription.Id)</vary-by></llm-semantic-cache-lookup>',
      '<llm-semantic-cache-store duration="300" />',
    );
    for (let i = 0; i < 2; i++) {
      const r = await chat(sb, RG, SVC, 'cache-before', PROMPT);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers[CACHE_HEADER], undefined, 'no external cache: no lookup at all');
    }
  });

  void it('bad input in both modes: each one sentence, nothing written', async () => {
    const cases: Array<[string, LmApiPolicies, string]> = [
      [
        'a Redis without RediSearch',
        cache({ redisDatabaseId: redisDb('redis-sessions') }),
        'The Redis database redis-sessions/default has no RediSearch module, which semantic caching needs; a module can only be added when a database is created. Choose a database with RediSearch.',
      ],
      [
        'a score threshold above 1',
        cache({ scoreThreshold: 1.5 }),
        'The score threshold must be a number above 0 and at most 1, for example 0.8.',
      ],
      [
        'a score threshold of 0',
        cache({ scoreThreshold: 0 }),
        'The score threshold must be a number above 0 and at most 1, for example 0.8.',
      ],
      [
        'six dimensions',
        {
          ...cache(),
          tokenMetrics: {
            namespace: 'ai-gateway',
            dimensions: ['API ID', 'Operation ID', 'Product ID', 'Subscription ID', 'User ID', 'Location'],
            destination: { kind: 'logger', loggerId: 'appi-ai-gateway' },
          },
        },
        'Choose at most 5 dimensions.',
      ],
    ];
    for (const mode of IMPORT_MODES) {
      for (const [what, policies, sentence] of cases) {
        assert.deepEqual(await imports.refused({ ...lm, mode, name: `Bad ${what}` }, policies), [sentence], `${mode}: ${what}`);
      }
    }
  });

  void it('a fault at the external cache step, then Rollback, leaves the state as it was', async () => {
    await imports.faultThenRollback(
      { method: 'PUT', path: '/caches/' },
      'externalCache:default',
      { ...lm, name: 'Cache fault', path: 'cache-fault' },
      cache(),
    );
  });

  void it('missing → Review lists the external cache, the role and the embeddings backend → Create → a cache hit', async () => {
    const review = await imports.review(lm, cache());
    const actions = imports.actions(review);
    assert.equal(actions['externalCache:default'], 'create', JSON.stringify(actions));
    assert.equal(actions['roleAssignment:contoso-openai'], 'create');
    assert.equal(actions['backend:cache-embeddings'], 'create');
    assert.match(review.policyXml ?? '', /<llm-semantic-cache-lookup [^>]*embeddings-backend-auth="system-assigned"/);
    assert.ok(!JSON.stringify(review).includes('password='), 'the connection string is read only when the step runs');

    const { outcome, events } = await imports.create(lm, cache());
    assert.equal(outcome?.status, 'succeeded', JSON.stringify(events));
    assert.equal(await cacheState(lm, PROMPT), 'miss');
    assert.match((await cacheState(lm, PROMPT)) ?? '', /^hit; score=/);
    // The policy that served nothing before works now that the instance has its external cache.
    await chat(sb, RG, SVC, 'cache-before', PROMPT);
    assert.match(((await chat(sb, RG, SVC, 'cache-before', PROMPT)).headers[CACHE_HEADER] as string | undefined) ?? '', /^hit/);
  });

  void it('present → the Azure OpenAI import reuses the external cache and the embeddings backend, writes neither, and hits', async () => {
    const facts = await imports.facts();
    assert.deepEqual(
      facts.externalCaches.map((c) => c.id),
      ['default'],
    );
    // The instance's external cache is the choice now: no Redis to register.
    const policies = cache({ redisDatabaseId: undefined });
    const review = await imports.review(aoai, policies);
    const actions = imports.actions(review);
    assert.equal(actions['externalCache:default'], undefined, 'no cache step: the instance has one');
    assert.equal(actions['backend:cache-embeddings'], 'skip', JSON.stringify(actions));
    assert.equal(actions['roleAssignment:contoso-openai'], 'skip');
    assert.match(review.policyXml ?? '', /<azure-openai-semantic-cache-lookup /);

    const written = async () => {
      const state = await sb.hooks.state();
      return state.resources.filter((r) => /\/(caches\/default|backends\/cache-embeddings)$/i.test(r.id)).map((r) => r.etag);
    };
    const etags = await written();
    assert.equal(etags.length, 2);
    const { outcome, events } = await imports.create(aoai, policies);
    assert.equal(outcome?.status, 'succeeded', JSON.stringify(events));
    assert.deepEqual(await written(), etags, 'neither was written again');
    assert.equal(await cacheState(aoai, PROMPT), 'miss');
    assert.match((await cacheState(aoai, PROMPT)) ?? '', /^hit; score=/);
  });
});
