// Azure Managed Redis (@azure/arm-redisenterprisecache) and APIM external caches (@azure/arm-apimanagement) against the
// sandbox, and the rule they exist for: the semantic cache serves hits only through an external cache on a Redis
// Enterprise database that has RediSearch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addChatApi, chat } from './helpers/chatApi';
import { DEMO_NAMES, collect, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
const LOOKUP =
  '<llm-semantic-cache-lookup score-threshold="0.3" embeddings-backend-id="embeddings-backend"><vary-by>@(context.Subscription.Id)</vary-by></llm-semantic-cache-lookup>';

void describe('sandbox: Redis Enterprise, external caches and the semantic cache', () => {
  const sb = sandboxPerSuite();

  void it('lists the seeded clusters with their databases and modules; keys only from listKeys', async () => {
    const redis = sb.redisEnterprise();
    const clusters = await collect(redis.redisEnterprise.listByResourceGroup(RG));
    assert.deepEqual(clusters.map((c) => c.name).sort(), ['redis-ai-cache', 'redis-sessions']);
    assert.equal((await collect(redis.redisEnterprise.list())).length, 2);
    const modules = async (cluster: string) =>
      (await collect(redis.databases.listByCluster(RG, cluster))).map((d) => d.modules?.map((m) => m.name));
    assert.deepEqual(await modules('redis-ai-cache'), [['RediSearch']]);
    assert.deepEqual(await modules('redis-sessions'), [['RedisJSON']]);
    const db = await redis.databases.get(RG, 'redis-ai-cache', 'default');
    assert.equal(db.port, 10000);
    assert.equal(JSON.stringify(db).includes('Key'), false);
    const keys = await redis.databases.listKeys(RG, 'redis-ai-cache', 'default');
    assert.ok(keys.primaryKey && keys.secondaryKey && keys.primaryKey !== keys.secondaryKey);
  });

  void it('creates a database with RediSearch, and refuses to change its modules or an unfit clustering policy', async () => {
    const redis = sb.redisEnterprise();
    const db = await redis.databases.beginCreateAndWait(RG, 'redis-sessions', 'default', {
      clusteringPolicy: 'EnterpriseCluster',
      evictionPolicy: 'NoEviction',
      modules: [{ name: 'RedisJSON' }],
    });
    assert.deepEqual(
      db.modules?.map((m) => m.name),
      ['RedisJSON'],
    );
    await assert.rejects(
      redis.databases.beginCreateAndWait(RG, 'redis-sessions', 'default', {
        clusteringPolicy: 'EnterpriseCluster',
        evictionPolicy: 'NoEviction',
        modules: [{ name: 'RediSearch' }],
      }),
      (e: { statusCode?: number; message?: string }) => e.statusCode === 400 && /cannot be changed/.test(e.message ?? ''),
    );
    await assert.rejects(
      redis.databases.beginCreateAndWait(RG, 'redis-ai-cache', 'default', {
        clusteringPolicy: 'OSSCluster',
        modules: [{ name: 'RediSearch' }],
      }),
      (e: { statusCode?: number }) => e.statusCode === 400,
    );
  });

  void it('keeps an external cache connection string in a secret named value and never shows the password', async () => {
    const redis = await sb.redisEnterprise().redisEnterprise.get(RG, 'redis-sessions');
    const password = (await sb.redisEnterprise().databases.listKeys(RG, 'redis-sessions', 'default')).primaryKey!;
    const apim = sb.apim();
    const cache = await apim.cache.createOrUpdate(RG, SVC, 'westeurope', {
      connectionString: `${redis.hostName!}:10000,password=${password},ssl=True,abortConnect=False`,
      useFromLocation: 'westeurope',
      resourceId: redis.id,
    });
    const ref = /^\{\{([0-9a-f]{24})\}\}$/.exec(cache.connectionString ?? '');
    assert.ok(ref, cache.connectionString);
    const listed = JSON.stringify(await collect(apim.cache.listByService(RG, SVC)));
    assert.equal(listed.includes(password), false);
    assert.ok(((await apim.namedValue.listValue(RG, SVC, ref[1])).value ?? '').includes(`password=${password}`));
    await assert.rejects(
      apim.cache.createOrUpdate(RG, SVC, 'default', { connectionString: '', useFromLocation: 'default' }),
      (e: { statusCode?: number }) => e.statusCode === 400,
    );
    await apim.cache.delete(RG, SVC, 'westeurope', '*');
    await assert.rejects(apim.namedValue.get(RG, SVC, ref[1]), (e: { statusCode?: number }) => e.statusCode === 404);
  });

  void describe('llm-semantic-cache-lookup needs an external cache with RediSearch', () => {
    const API = 'cache-rule';
    const ask = async (content: string): Promise<string | undefined> => {
      const r = await chat(sb, RG, SVC, API, content);
      assert.equal(r.status, 200, r.text);
      return r.headers['x-sandbox-semantic-cache'] as string | undefined;
    };
    const register = async (cluster: string): Promise<void> => {
      const redis = await sb.redisEnterprise().redisEnterprise.get(RG, cluster);
      const key = (await sb.redisEnterprise().databases.listKeys(RG, cluster, 'default')).primaryKey!;
      await sb.apim().cache.createOrUpdate(RG, SVC, 'default', {
        connectionString: `${redis.hostName!}:10000,password=${key},ssl=True`,
        useFromLocation: 'default',
        resourceId: redis.id,
      });
    };

    void it('no hits without a cache or on a Redis without RediSearch; hits once the cache has it', async () => {
      await addChatApi(sb, RG, SVC, API, LOOKUP, '<llm-semantic-cache-store duration="300" />');
      await ask('What is the tallest mountain in Europe?');
      assert.equal(await ask('What is the tallest mountain in Europe?'), undefined, 'no external cache');
      await register('redis-sessions');
      await ask('What is the tallest mountain in Europe?');
      assert.equal(await ask('What is the tallest mountain in Europe?'), undefined, 'RedisJSON only');
      await register('redis-ai-cache');
      assert.equal(await ask('What is the tallest mountain in Europe?'), 'miss');
      assert.match((await ask('what is the tallest mountain in europe')) ?? '', /^hit/);
    });
  });
});
