// The seeds through the real clients: deterministic ids and keys, the LLM API as our import creates it, the empty seed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_NAMES, collect, withSandbox, type SandboxHarness } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;

void describe('sandbox seeds', () => {
  let a: SandboxHarness;
  let b: SandboxHarness;
  before(async () => {
    [a, b] = await Promise.all([withSandbox(), withSandbox()]);
  });
  after(() => Promise.all([a.close(), b.close()]));

  void it('derives ids and keys from the seed, so two runs start the same (but tokens differ)', async () => {
    assert.deepEqual(a.connection.subscriptionIds, b.connection.subscriptionIds);
    assert.equal(a.connection.tenantId, b.connection.tenantId);
    assert.equal(a.connection.modelKey, b.connection.modelKey);
    assert.notEqual(a.connection.token, b.connection.token);
    const keys = async (sb: SandboxHarness) => sb.apim().subscription.listSecrets(RG, SVC, 'llm-unlimited');
    const [ka, kb] = await Promise.all([keys(a), keys(b)]);
    assert.equal(ka.primaryKey, kb.primaryKey);
    assert.equal(
      (await a.cognitive().accounts.listKeys(DEMO_NAMES.models.resourceGroup, DEMO_NAMES.models.openai)).key1,
      (await b.cognitive().accounts.listKeys(DEMO_NAMES.models.resourceGroup, DEMO_NAMES.models.openai)).key1,
    );
  });

  void it('has the LLM API imported the way our Language Model API import creates it', async () => {
    const client = a.apim();
    const api = await client.api.get(RG, SVC, 'openai-chat');
    assert.equal(api.displayName, 'OpenAI chat');
    assert.equal(api.path, 'llm/openai');
    assert.equal(api.subscriptionKeyParameterNames?.header, 'api-key');
    assert.deepEqual(
      (await collect(client.apiOperation.listByApi(RG, SVC, 'openai-chat'))).map((o) => [o.method, o.urlTemplate]),
      [['POST', '/chat/completions']],
    );
    const nv = await client.namedValue.get(RG, SVC, 'openai-chat-key');
    assert.equal(nv.secret, true);
    assert.equal((await client.namedValue.listValue(RG, SVC, 'openai-chat-key')).value, `Bearer ${a.connection.modelKey}`);
    assert.deepEqual(
      (await collect(client.apiProduct.listByApis(RG, SVC, 'openai-chat'))).map((p) => p.name),
      ['unlimited'],
    );
    const sub = await client.subscription.get(RG, SVC, 'llm-unlimited');
    assert.match(sub.scope ?? '', /\/products\/unlimited$/);
    const embeddings = await client.backend.get(RG, SVC, 'embeddings-backend');
    assert.equal(embeddings.url, `${a.connection.armEndpoint}/aoai/contoso-openai/openai/deployments/text-embedding-3-small/embeddings`);
    assert.deepEqual(
      (await collect(client.product.listByService(RG, SVC))).map((p) => p.displayName),
      ['Starter', 'Unlimited'],
    );
  });

  void it('seeds one bare APIM instance with the empty seed, plus --apis on it', async () => {
    const empty = await withSandbox({ seed: 'empty', apis: 3 });
    try {
      assert.equal(empty.connection.subscriptionIds.length, 1);
      const services = await collect(empty.apim().apiManagementService.list());
      assert.deepEqual(
        services.map((s) => s.name),
        [DEMO_NAMES.empty.service],
      );
      const apis = await collect(empty.apim().api.listByService(DEMO_NAMES.empty.resourceGroup, DEMO_NAMES.empty.service));
      assert.deepEqual(
        apis.map((x) => x.name),
        ['api-00001', 'api-00002', 'api-00003'],
      );
      assert.deepEqual(await collect(empty.cognitive().accounts.list()), []);
      const bare = await withSandbox({ seed: 'empty' });
      try {
        assert.deepEqual(await collect(bare.apim().api.listByService(DEMO_NAMES.empty.resourceGroup, DEMO_NAMES.empty.service)), []);
      } finally {
        await bare.close();
      }
    } finally {
      await empty.close();
    }
  });

  void it('answers HEAD (getEntityTag, checkEntityExists) like APIM', async () => {
    const client = a.apim();
    const tag = await client.api.getEntityTag(RG, SVC, 'echo-api');
    assert.equal(tag.eTag, (await client.api.get(RG, SVC, 'echo-api')).eTag);
    await client.productApi.checkEntityExists(RG, SVC, 'unlimited', 'openai-chat');
    await assert.rejects(client.productApi.checkEntityExists(RG, SVC, 'starter', 'openai-chat'), { statusCode: 404 });
  });
});
