// The sandbox gateway over real HTTPS: routing, subscription keys, backends with credentials, headers, expressions,
// <base/> composition and the report of unsupported policies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningSandbox } from '../../src/sandbox/server';
import {
  addApi,
  addBackend,
  addNamedValue,
  addProduct,
  addService,
  addSubscription,
  call,
  setPolicy,
  startEmptySandbox,
} from './helpers/gatewayFixtures';

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello through the gateway' }] };

void describe('gateway: routing, keys and basic policies', () => {
  let sandbox: RunningSandbox;
  let gw: string;
  let svc: string;
  before(async () => {
    sandbox = await startEmptySandbox();
    const store = sandbox.context.store;
    svc = addService(store, 'apim-basic');
    gw = `${sandbox.context.origin}/gateway/apim-basic`;
    addNamedValue(store, svc, 'openai-key', `Bearer ${sandbox.connection.modelKey}`);
    addBackend(store, svc, 'openai', {
      url: `${sandbox.context.origin}/openai/v1`,
      credentials: { header: { Authorization: ['{{openai-key}}'] } },
    });
    setPolicy(
      store,
      svc,
      '<policies><inbound><set-header name="x-global" exists-action="override"><value>global</value></set-header></inbound><backend><forward-request /></backend><outbound /><on-error /></policies>',
    );
    addApi(store, svc, 'llm', {
      path: 'llm/openai',
      operations: [
        ['POST', '/chat/completions'],
        ['GET', '/models'],
        ['POST', '/deployments/{deployment-id}/chat/completions?api-version={v}'],
      ],
      policy: `<policies><inbound><base /><set-backend-service backend-id="openai" /><set-header name="x-caller-ip" exists-action="override"><value>@(context.Request.IpAddress)</value></set-header></inbound><backend><base /></backend><outbound><base /><set-header name="x-api" exists-action="override"><value>@(context.Api.Name + "/" + context.Subscription.Id)</value></set-header><set-header name="x-powered-by" exists-action="delete" /></outbound><on-error><base /></on-error></policies>`,
    });
    addApi(store, svc, 'llm-key', {
      path: 'llm',
      keyHeader: 'api-key',
      keyQuery: 'key',
      operations: [['POST', '/*']],
      policy: '<policies><inbound><base /><set-backend-service backend-id="openai" /></inbound></policies>',
    });
    addApi(store, svc, 'open', {
      path: 'open',
      subscriptionRequired: false,
      operations: [['GET', '/models']],
      policy:
        '<policies><inbound><base /><set-backend-service backend-id="openai" /><rewrite-uri template="/models" /><cors /></inbound></policies>',
    });
    addApi(store, svc, 'other', { path: 'other', operations: [['POST', '/chat/completions']] });
    addApi(store, svc, 'broken', {
      path: 'broken',
      policy:
        '<policies><inbound><base /><set-backend-service backend-id="no-such-backend" /></inbound><on-error><set-header name="x-handled" exists-action="override"><value>yes</value></set-header></on-error></policies>',
    });
    addSubscription(store, svc, 'all', '/apis', 'key-all');
    addSubscription(store, svc, 'only-other', '/apis/other', 'key-other');
    addSubscription(store, svc, 'suspended', '/apis', 'key-suspended', 'suspended');
    addProduct(store, svc, 'starter', ['llm']);
    addSubscription(store, svc, 'starter-sub', '/products/starter', 'key-product');
  });
  after(async () => {
    await sandbox.close();
  });

  void it('answers APIM 404 when no API, no operation or no service matches', async () => {
    for (const url of [
      `${gw}/nothing/here`,
      `${gw}/llm/openai/unknown`,
      `${sandbox.context.origin}/gateway/no-such-service/llm/openai/chat/completions`,
    ]) {
      const r = await call(sandbox, url, { headers: { 'ocp-apim-subscription-key': 'key-all' }, body: CHAT });
      assert.equal(r.status, 404, url);
      assert.deepEqual(r.json(), { statusCode: 404, message: 'Resource not found' });
    }
    const wrongMethod = await call(sandbox, `${gw}/llm/openai/chat/completions`, {
      method: 'GET',
      headers: { 'ocp-apim-subscription-key': 'key-all' },
    });
    assert.equal(wrongMethod.status, 404);
  });

  void it('checks subscription keys like APIM', async () => {
    const url = `${gw}/llm/openai/chat/completions`;
    const missing = await call(sandbox, url, { body: CHAT });
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json(), {
      statusCode: 401,
      message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
    });
    const invalid = {
      statusCode: 401,
      message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
    };
    for (const key of ['wrong', 'key-other', 'key-suspended']) {
      const r = await call(sandbox, url, { headers: { 'ocp-apim-subscription-key': key }, body: CHAT });
      assert.equal(r.status, 401, key);
      assert.deepEqual(r.json(), invalid, key);
    }
    for (const key of ['key-all', 'key-all-secondary', 'key-product']) {
      assert.equal((await call(sandbox, url, { headers: { 'ocp-apim-subscription-key': key }, body: CHAT })).status, 200, key);
    }
    assert.equal((await call(sandbox, `${url}?subscription-key=key-all`, { body: CHAT })).status, 200, 'query parameter');
  });

  void it('uses the API-specific key header and query names', async () => {
    const url = `${gw}/llm/chat/completions`;
    assert.equal((await call(sandbox, url, { headers: { 'api-key': 'key-all' }, body: CHAT })).status, 200);
    assert.equal((await call(sandbox, `${url}?key=key-all`, { body: CHAT })).status, 200);
    assert.equal((await call(sandbox, url, { headers: { 'ocp-apim-subscription-key': 'key-all' }, body: CHAT })).status, 401);
  });

  void it('forwards to the backend with its named-value credentials and runs <base/> across scopes', async () => {
    const r = await call(sandbox, `${gw}/llm/openai/chat/completions`, { headers: { 'ocp-apim-subscription-key': 'key-all' }, body: CHAT });
    assert.equal(r.status, 200);
    const body = r.json<{ object: string; usage: { total_tokens: number } }>();
    assert.equal(body.object, 'chat.completion');
    assert.ok(body.usage.total_tokens > 0);
    assert.equal(r.headers['x-api'], 'llm/all');
    assert.equal(r.headers['x-sandbox-unsupported-policy'], undefined);
  });

  void it('matches templates with parameters and the /* wildcard', async () => {
    const models = await call(sandbox, `${gw}/llm/openai/models`, { headers: { 'ocp-apim-subscription-key': 'key-all' } });
    assert.equal(models.status, 200);
    const wildcard = await call(sandbox, `${gw}/llm/embeddings`, {
      headers: { 'api-key': 'key-all' },
      body: { model: 'text-embedding-3-small', input: 'hi' },
    });
    assert.equal(wildcard.status, 200);
  });

  void it('reports policies it does not implement instead of pretending', async () => {
    const r = await call(sandbox, `${gw}/open/models`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-sandbox-unsupported-policy'], 'rewrite-uri,cors');
  });

  void it('runs on-error when the pipeline fails, then answers with the error', async () => {
    const r = await call(sandbox, `${gw}/broken/chat/completions`, { headers: { 'ocp-apim-subscription-key': 'key-all' }, body: CHAT });
    assert.equal(r.status, 500);
    assert.equal(r.headers['x-handled'], 'yes');
    assert.equal(r.json<{ statusCode: number }>().statusCode, 500);
  });
});
