// ARM emulator with the real ApiManagementClient: backends, named values, products and their APIs, subscriptions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_NAMES, collect, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;

void describe('sandbox ARM: backends, named values, products, subscriptions', () => {
  const sb = sandboxPerSuite();

  void it('has the seeded LLM backend with a credentials header that references a secret named value', async () => {
    const backend = await sb.apim().backend.get(RG, SVC, 'openai-chat-backend');
    assert.equal(backend.url, sb.connection.modelEndpoint);
    assert.equal(backend.protocol, 'http');
    assert.deepEqual(backend.credentials?.header, { Authorization: ['{{openai-chat-key}}'] });
    assert.equal(backend.circuitBreaker?.rules?.[0]?.tripDuration, 'PT1M');
    const names = (await collect(sb.apim().backend.listByService(RG, SVC))).map((b) => b.name).sort();
    assert.deepEqual(names, ['embeddings-backend', 'openai-chat-backend']);
  });

  void it('creates Single and Pool backends and validates pool members', async () => {
    const client = sb.apim();
    const single = await client.backend.createOrUpdate(RG, SVC, 'eu-model', {
      url: 'https://eu.models.contoso.example/v1',
      protocol: 'http',
      circuitBreaker: {
        rules: [
          {
            name: 'trip',
            failureCondition: { count: 2, interval: 'PT10S', statusCodeRanges: [{ min: 500, max: 599 }] },
            tripDuration: 'PT30S',
          },
        ],
      },
    });
    assert.equal(single.url, 'https://eu.models.contoso.example/v1');
    const poolMember = `${single.id!.slice(0, single.id!.lastIndexOf('/'))}/openai-chat-backend`;
    // The SDK names the backend's `properties.type` typePropertiesType (`type` is the ARM resource type).
    const pool = await client.backend.createOrUpdate(RG, SVC, 'model-pool', {
      typePropertiesType: 'Pool',
      pool: {
        services: [
          { id: single.id!, priority: 1, weight: 3 },
          { id: poolMember, priority: 2 },
        ],
      },
    });
    assert.equal(pool.typePropertiesType, 'Pool');
    assert.equal(pool.pool?.services?.length, 2);
    await assert.rejects(
      client.backend.createOrUpdate(RG, SVC, 'bad-pool', {
        typePropertiesType: 'Pool',
        pool: { services: [{ id: `${poolMember}-missing` }] },
      }),
      { statusCode: 400, code: 'ValidationError' },
    );
    await assert.rejects(client.backend.createOrUpdate(RG, SVC, 'no-url', { protocol: 'http' }), {
      statusCode: 400,
      code: 'ValidationError',
    });
  });

  void it('takes pool members as /backends/{id} relative to the service, as the AI-Gateway labs write them', async () => {
    const client = sb.apim();
    const pool = await client.backend.createOrUpdate(RG, SVC, 'relative-pool', {
      typePropertiesType: 'Pool',
      pool: {
        services: [
          { id: '/backends/openai-chat-backend', priority: 1 },
          { id: '/backends/embeddings-backend', priority: 2 },
        ],
      },
    });
    assert.deepEqual(
      pool.pool?.services?.map((s) => s.id),
      ['/backends/openai-chat-backend', '/backends/embeddings-backend'],
    );
    // A pool has no URL, protocol or title of its own: Azure answers them as null.
    assert.equal(pool.url, null);
    await assert.rejects(
      client.backend.createOrUpdate(RG, SVC, 'other-service-pool', {
        typePropertiesType: 'Pool',
        pool: {
          services: [{ id: '/subscriptions/x/resourceGroups/y/providers/Microsoft.ApiManagement/service/z/backends/openai-chat-backend' }],
        },
      }),
      { statusCode: 400, code: 'ValidationError' },
    );
  });

  void it('creates a Service Fabric backend (a fabric:/ address with the cluster described)', async () => {
    const client = sb.apim();
    const sf = await client.backend.createOrUpdate(RG, SVC, 'sfbackend', {
      url: 'fabric:/mytestapp/mytestservice',
      protocol: 'http',
      properties: { serviceFabricCluster: { managementEndpoints: ['https://somecluster.example'], maxPartitionResolutionRetries: 5 } },
    });
    assert.equal(sf.url, 'fabric:/mytestapp/mytestservice');
    assert.deepEqual(sf.properties?.serviceFabricCluster?.managementEndpoints, ['https://somecluster.example']);
    await assert.rejects(client.backend.createOrUpdate(RG, SVC, 'fabric-without-cluster', { url: 'fabric:/app/svc', protocol: 'http' }), {
      statusCode: 400,
      code: 'ValidationError',
    });
  });

  void it('never returns a secret named value from GET or list, only from listValue', async () => {
    const client = sb.apim();
    const got = await client.namedValue.get(RG, SVC, 'openai-chat-key');
    assert.equal(got.secret, true);
    assert.equal(got.value, undefined);
    for (const nv of await collect(client.namedValue.listByService(RG, SVC))) if (nv.secret) assert.equal(nv.value, undefined);
    assert.equal((await client.namedValue.listValue(RG, SVC, 'openai-chat-key')).value, `Bearer ${sb.connection.modelKey}`);
  });

  void it('creates and updates named values through polled LROs', async () => {
    const client = sb.apim();
    const polls = (await sb.hooks.stats()).lroPolls;
    const plain = await client.namedValue.beginCreateOrUpdateAndWait(RG, SVC, 'region', { displayName: 'region', value: 'westeurope' });
    assert.equal(plain.value, 'westeurope');
    const secret = await client.namedValue.beginCreateOrUpdateAndWait(RG, SVC, 'gemini-key', {
      displayName: 'gemini-key',
      value: 'Bearer abc',
      secret: true,
    });
    assert.equal(secret.value, undefined);
    const tag = await client.namedValue.getEntityTag(RG, SVC, 'region');
    const updated = await client.namedValue.beginUpdateAndWait(RG, SVC, 'region', tag.eTag!, { value: 'eastus2' });
    assert.equal(updated.value, 'eastus2');
    assert.equal((await sb.hooks.stats()).lroPolls, polls + 3);
    await assert.rejects(client.namedValue.beginCreateOrUpdateAndWait(RG, SVC, 'bad', { displayName: 'has spaces', value: 'x' }), {
      statusCode: 400,
    });
  });

  void it('links APIs to products both ways and unlinks them', async () => {
    const client = sb.apim();
    const names = async () => (await collect(client.productApi.listByProduct(RG, SVC, 'unlimited'))).map((a) => a.name).sort();
    assert.deepEqual(await names(), ['echo-api', 'openai-chat']);
    await client.productApi.createOrUpdate(RG, SVC, 'unlimited', 'swagger-petstore');
    assert.deepEqual(await names(), ['echo-api', 'openai-chat', 'swagger-petstore']);
    assert.deepEqual(
      (await collect(client.apiProduct.listByApis(RG, SVC, 'swagger-petstore'))).map((p) => p.name),
      ['unlimited'],
    );
    await client.productApi.delete(RG, SVC, 'unlimited', 'swagger-petstore');
    assert.deepEqual(await names(), ['echo-api', 'openai-chat']);
    await assert.rejects(client.productApi.createOrUpdate(RG, SVC, 'unlimited', 'no-such-api'), { statusCode: 404 });
    await assert.rejects(client.productApi.createOrUpdate(RG, SVC, 'no-such-product', 'echo-api'), { statusCode: 404 });
    const product = await client.product.createOrUpdate(RG, SVC, 'gold', { displayName: 'Gold' });
    assert.equal(product.state, 'notPublished');
    assert.equal(product.subscriptionRequired, true);
  });

  void it('keeps subscription keys out of GET and list; listSecrets returns them; the master key covers all APIs', async () => {
    const client = sb.apim();
    const master = await client.subscription.get(RG, SVC, 'master');
    assert.match(master.scope ?? '', /\/service\/contoso-ai-gateway\/apis$/);
    assert.equal(master.primaryKey, undefined);
    const secrets = await client.subscription.listSecrets(RG, SVC, 'master');
    assert.match(secrets.primaryKey ?? '', /^[0-9a-f]{32}$/);
    assert.notEqual(secrets.primaryKey, secrets.secondaryKey);
    for (const s of await collect(client.subscription.list(RG, SVC))) assert.equal(s.primaryKey, undefined);

    const created = await client.subscription.createOrUpdate(RG, SVC, 'chat-team', {
      displayName: 'Chat team',
      scope: '/apis/openai-chat',
    });
    assert.match(created.scope ?? '', /\/apis\/openai-chat$/);
    assert.equal(created.state, 'submitted', 'APIM creates a subscription without a state as submitted');
    assert.equal(created.primaryKey, undefined);
    const keys = await client.subscription.listSecrets(RG, SVC, 'chat-team');
    assert.match(keys.primaryKey ?? '', /^[0-9a-f]{32}$/);
    await assert.rejects(client.subscription.createOrUpdate(RG, SVC, 'bad-scope', { displayName: 'Bad', scope: '/apis/nope' }), {
      statusCode: 400,
    });

    const filtered = await collect(client.subscription.list(RG, SVC, { filter: "properties/displayName eq 'Chat team'" }));
    assert.deepEqual(
      filtered.map((s) => s.name),
      ['chat-team'],
    );
  });
});
