// ARM emulator with the real ApiManagementClient: API paging, $filter, LRO creation, OpenAPI import, ETags, conflicts.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { ApiContract } from '@azure/arm-apimanagement';
import { DEMO_NAMES, collect, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
const EXTRA_APIS = 250;
// The demo seed's own APIs in contoso-ai-gateway: Echo API, Swagger Petstore, OpenAI chat.
const SEEDED_APIS = 3;

const PETS_OPENAPI = {
  openapi: '3.0.1',
  info: { title: 'Pets', description: 'Pets from a spec', version: '1.0' },
  servers: [{ url: 'https://{host}/v1', variables: { host: { default: 'pets.contoso.example' } } }],
  paths: {
    '/pets': {
      get: { operationId: 'listPets', summary: 'List pets', parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }] },
      post: { operationId: 'createPet', summary: 'Create a pet' },
    },
    '/pets/{petId}': {
      parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
      get: { summary: 'Get a pet' },
    },
  },
};

const CHAT_YAML = `openapi: 3.0.0
info:
  title: Chat from YAML
  version: '1'
servers:
  - url: https://models.contoso.example/openai
paths:
  /deployments/{deployment-id}/chat/completions:
    post:
      operationId: ChatCompletions_Create
      parameters:
        - { name: deployment-id, in: path, required: true, schema: { type: string } }
        - { name: api-version, in: query, required: true, schema: { type: string } }
`;

void describe('sandbox ARM: APIs and operations', () => {
  const sb = sandboxPerSuite({ apis: EXTRA_APIS });

  void it('walks every page of a 250-API service with for await, in stable order', async () => {
    const apis = await collect(sb.apim().api.listByService(RG, SVC));
    assert.equal(apis.length, EXTRA_APIS + SEEDED_APIS);
    assert.equal(new Set(apis.map((a) => a.name)).size, apis.length, 'no API is returned twice');
    assert.deepEqual(
      apis.slice(-2).map((a) => a.name),
      ['api-00249', 'api-00250'],
    );
  });

  void it('honours $top per page and follows nextLink', async () => {
    const pages: number[] = [];
    for await (const page of sb.apim().api.listByService(RG, SVC, { top: 40 }).byPage()) pages.push(page.length);
    assert.deepEqual(pages, [40, 40, 40, 40, 40, 40, 13]);
    const raw = await sb.arm(
      `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/apis?api-version=2024-05-01&$top=2&$skip=1`,
    );
    const body = raw.json<{ value: ApiContract[]; count: number; nextLink: string }>();
    assert.equal(body.value.length, 2);
    assert.equal(body.count, EXTRA_APIS + SEEDED_APIS);
    assert.match(body.nextLink, /\$skip=3/);
  });

  void it('filters with contains, startswith, eq, or and and like APIM', async () => {
    const names = async (filter: string) => (await collect(sb.apim().api.listByService(RG, SVC, { filter }))).map((a) => a.name);
    assert.deepEqual(await names("contains(properties/displayName,'chat')"), ['openai-chat']);
    assert.deepEqual(await names("startswith(properties/displayName,'Sample API 0010')"), [
      'api-00100',
      'api-00101',
      'api-00102',
      'api-00103',
      'api-00104',
      'api-00105',
      'api-00106',
      'api-00107',
      'api-00108',
      'api-00109',
    ]);
    assert.deepEqual(await names("name eq 'echo-api' or properties/path eq 'petstore'"), ['echo-api', 'swagger-petstore']);
    assert.deepEqual(await names("contains(properties/displayName,'api 0024') and endswith(name,'7')"), ['api-00247']);
    await assert.rejects(collect(sb.apim().api.listByService(RG, SVC, { filter: "contains(properties/displayName,'x'" })), {
      statusCode: 400,
      code: 'ValidationError',
    });
  });

  void it('creates an API through a polled LRO with APIM defaults, then 409s a second API on the same path', async () => {
    const client = sb.apim();
    const pollsBefore = (await sb.hooks.stats()).lroPolls;
    const created = await client.api.beginCreateOrUpdateAndWait(RG, SVC, 'weather', {
      displayName: 'Weather',
      path: '/weather/',
      protocols: ['https'],
      serviceUrl: 'https://weather.contoso.example',
    });
    assert.equal((await sb.hooks.stats()).lroPolls, pollsBefore + 1, 'the poller polled exactly once');
    assert.equal(created.name, 'weather');
    assert.equal(created.path, 'weather');
    assert.equal(created.isCurrent, true);
    assert.equal(created.apiRevision, '1');
    assert.deepEqual(created.subscriptionKeyParameterNames, { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' });
    await assert.rejects(
      client.api.beginCreateOrUpdateAndWait(RG, SVC, 'weather-2', { displayName: 'Weather 2', path: 'Weather' }),
      (e: { statusCode?: number; message?: string; details?: unknown }) => {
        assert.equal(e.statusCode, 409);
        return true;
      },
    );
    const conflict = await sb.arm(
      `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/apis/weather-2?api-version=2024-05-01`,
      {
        method: 'PUT',
        body: { properties: { displayName: 'Weather 2', path: 'weather' } },
      },
    );
    const error = conflict.json<{ error: { code: string; details: Array<{ message: string }> } }>().error;
    assert.equal(error.code, 'ValidationError');
    assert.match(error.details[0].message, /same Path 'weather' as API 'weather'/);
  });

  void it('imports openapi+json and YAML openapi documents into operations', async () => {
    const client = sb.apim();
    const pets = await client.api.beginCreateOrUpdateAndWait(RG, SVC, 'pets', {
      path: 'pets',
      format: 'openapi+json',
      value: JSON.stringify(PETS_OPENAPI),
    });
    assert.equal(pets.displayName, 'Pets');
    assert.equal(pets.serviceUrl, 'https://pets.contoso.example/v1');
    const ops = await collect(client.apiOperation.listByApi(RG, SVC, 'pets'));
    assert.deepEqual(ops.map((o) => [o.name, o.method, o.urlTemplate]).sort(), [
      ['createpet', 'POST', '/pets'],
      ['get-pets-petid', 'GET', '/pets/{petId}'],
      ['listpets', 'GET', '/pets'],
    ]);
    const byId = ops.find((o) => o.urlTemplate === '/pets/{petId}')!;
    assert.deepEqual(
      byId.templateParameters?.map((p) => [p.name, p.required]),
      [['petId', true]],
    );

    await client.api.beginCreateOrUpdateAndWait(RG, SVC, 'chat-yaml', { path: 'yaml/openai', format: 'openapi', value: CHAT_YAML });
    const chatOps = await collect(client.apiOperation.listByApi(RG, SVC, 'chat-yaml'));
    assert.deepEqual(
      chatOps.map((o) => [o.method, o.urlTemplate, o.request?.queryParameters?.map((q) => q.name)]),
      [['POST', '/deployments/{deployment-id}/chat/completions', ['api-version']]],
    );

    await client.api.beginCreateOrUpdateAndWait(RG, SVC, 'chat-templated', {
      path: 'templated/openai',
      format: 'openapi',
      value: CHAT_YAML,
      translateRequiredQueryParametersConduct: 'template',
    });
    const templated = await collect(client.apiOperation.listByApi(RG, SVC, 'chat-templated'));
    assert.deepEqual(
      templated.map((o) => [o.name, o.urlTemplate]),
      [['chatcompletions-create', '/deployments/{deployment-id}/chat/completions?api-version={api-version}']],
    );

    await assert.rejects(
      client.api.beginCreateOrUpdateAndWait(RG, SVC, 'broken', {
        path: 'broken',
        format: 'openapi+json',
        value: '{"openapi": "3.0.1", "paths": ',
      }),
      { statusCode: 400, code: 'ValidationError' },
    );
    await assert.rejects(
      client.api.beginCreateOrUpdateAndWait(RG, SVC, 'linked', {
        path: 'linked',
        format: 'openapi+json-link',
        // A loopback port nothing listens on: the download fails at once, and the import with it.
        value: 'http://127.0.0.1:9/spec.json',
      }),
      { statusCode: 400, code: 'ValidationError' },
    );
  });

  void it('imports an API by link: downloads the document and answers with the title it read', async () => {
    const yaml = [
      'openapi: 3.0.0',
      'info: { title: Linked Petstore, version: 1.0.0 }',
      'servers: [{ url: "https://petstore.example.com/v1" }]',
      'paths:',
      '  /pets: { get: { operationId: listPets, responses: { "200": { description: ok } } } }',
    ].join('\n');
    const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/yaml' }).end(yaml));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const api = await sb.apim().api.beginCreateOrUpdateAndWait(RG, SVC, 'linked-petstore', {
        path: 'linked-petstore',
        format: 'openapi-link',
        value: `http://127.0.0.1:${port}/petstore.yaml`,
      });
      assert.equal(api.displayName, 'Linked Petstore');
      assert.equal(api.serviceUrl, 'https://petstore.example.com/v1');
      const ops = await collect(sb.apim().apiOperation.listByApi(RG, SVC, 'linked-petstore'));
      assert.deepEqual(
        ops.map((o) => o.urlTemplate),
        ['/pets'],
      );
    } finally {
      server.close();
    }
  });

  void it('enforces If-Match on PATCH and DELETE with 412 on a stale ETag', async () => {
    const client = sb.apim();
    const before = await client.api.get(RG, SVC, 'weather');
    assert.ok(before.eTag, 'GET returns the ETag header');
    const patched = await client.api.update(RG, SVC, 'weather', before.eTag, { description: 'Forecasts' });
    assert.equal(patched.description, 'Forecasts');
    assert.notEqual(patched.eTag, before.eTag);
    await assert.rejects(client.api.update(RG, SVC, 'weather', before.eTag, { description: 'Stale' }), {
      statusCode: 412,
      code: 'PreconditionFailed',
    });
    await assert.rejects(client.api.beginDeleteAndWait(RG, SVC, 'weather', before.eTag), { statusCode: 412 });
    const base = `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/apis/weather?api-version=2024-05-01`;
    assert.equal((await sb.arm(base, { method: 'DELETE' })).status, 428, 'DELETE without If-Match is refused');
    assert.equal((await client.api.get(RG, SVC, 'weather')).description, 'Forecasts');
    await client.api.beginDeleteAndWait(RG, SVC, 'weather', '*');
    await assert.rejects(client.api.get(RG, SVC, 'weather'), { statusCode: 404, code: 'ResourceNotFound' });
  });

  void it('manages operations and answers 404 for a missing parent API', async () => {
    const client = sb.apim();
    const op = await client.apiOperation.createOrUpdate(RG, SVC, 'pets', 'delete-pet', {
      displayName: 'Delete a pet',
      method: 'delete',
      urlTemplate: '/pets/{petId}',
    });
    assert.equal(op.method, 'DELETE');
    const got = await client.apiOperation.get(RG, SVC, 'pets', 'delete-pet');
    await client.apiOperation.delete(RG, SVC, 'pets', 'delete-pet', got.eTag!);
    await assert.rejects(client.apiOperation.get(RG, SVC, 'pets', 'delete-pet'), { statusCode: 404 });
    await assert.rejects(collect(client.apiOperation.listByApi(RG, SVC, 'no-such-api')), { statusCode: 404, code: 'ResourceNotFound' });
    await assert.rejects(
      client.apiOperation.createOrUpdate(RG, SVC, 'pets', 'bad', { displayName: 'Bad', method: 'GET', urlTemplate: 'no-slash' }),
      { statusCode: 400, code: 'ValidationError' },
    );
  });
});
