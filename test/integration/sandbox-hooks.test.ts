// Test hooks: injected faults (N times then gone, or ended by id; status, Retry-After, drop, slow body, delay), state, reset, metrics, stats.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;

void describe('sandbox test hooks', () => {
  const sb = sandboxPerSuite();
  let echo: string;
  before(() => {
    echo = `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/apis/echo-api?api-version=2024-05-01`;
  });

  void it('applies a status fault exactly N times, with body and Retry-After, then clears it', async () => {
    await sb.hooks.addFault({
      method: 'GET',
      path: '/apis/echo-api$',
      times: 2,
      status: 503,
      retryAfter: 7,
      body: { error: { code: 'ServiceUnavailable', message: 'Injected' } },
    });
    for (let i = 0; i < 2; i++) {
      const r = await sb.arm(echo);
      assert.equal(r.status, 503);
      assert.equal(r.headers['retry-after'], '7');
      assert.equal(r.json<{ error: { code: string } }>().error.code, 'ServiceUnavailable');
    }
    assert.equal((await sb.arm(echo)).status, 200);
    assert.equal((await sb.arm(echo, { method: 'PUT', body: {} })).status !== 503, true, 'the method filter spares other methods');
  });

  void it('ends one fault by its id and leaves the others; an unknown id is a 404', async () => {
    const gone = await sb.hooks.addFault({ method: 'GET', path: '/apis/echo-api$', times: 100, status: 503 });
    const kept = await sb.hooks.addFault({ path: 'never-matches', times: 5 });
    assert.equal((await sb.arm(echo)).status, 503);
    assert.equal((await sb.arm(`${sb.connection.hooksUrl}/faults/${gone}`, { method: 'DELETE' })).status, 204);
    assert.equal((await sb.arm(echo)).status, 200);
    const left = (await sb.arm(`${sb.connection.hooksUrl}/faults`)).json<{ value: Array<{ id: string }> }>().value;
    assert.deepEqual(
      left.map((f) => f.id),
      [kept],
    );
    const again = await sb.arm(`${sb.connection.hooksUrl}/faults/${gone}`, { method: 'DELETE' });
    assert.equal(again.status, 404);
    assert.match(again.json<{ error: { message: string } }>().error.message, /^No fault '[\w-]+' \(it may have run out\)\.$/);
    await sb.hooks.clearFaults();
  });

  void it('lets the SDK retry through injected 429s with Retry-After', async () => {
    const before = (await sb.hooks.stats()).faultsApplied;
    await sb.hooks.addFault({
      path: '/apis/swagger-petstore$',
      times: 2,
      status: 429,
      retryAfter: 0,
      body: { error: { code: 'TooManyRequests', message: 'Slow down' } },
    });
    const api = await sb.apim().api.get(RG, SVC, 'swagger-petstore');
    assert.equal(api.name, 'swagger-petstore');
    assert.equal((await sb.hooks.stats()).faultsApplied, before + 2);
  });

  void it('drops the connection once, then serves again', async () => {
    await sb.hooks.addFault({ path: '/apis/echo-api$', times: 1, drop: true });
    await assert.rejects(
      sb.arm(echo),
      (e: NodeJS.ErrnoException) => ['ECONNRESET', 'EPIPE'].includes(e.code ?? '') || /socket hang up/.test(e.message),
    );
    assert.equal((await sb.arm(echo)).status, 200);
  });

  void it('slows a body down and delays a request without changing the answer', async () => {
    await sb.hooks.addFault({ path: '/apis/echo-api$', times: 1, slowBodyMs: 120 });
    const started = process.hrtime.bigint();
    const slow = await sb.arm(echo);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 >= 120);
    assert.equal(slow.json<{ name: string }>().name, 'echo-api');
    await sb.hooks.addFault({ path: '/apis/echo-api$', times: 1, delayMs: 80, status: 500, slowBodyMs: 40, body: 'plain text failure' });
    const failed = await sb.arm(echo);
    assert.equal(failed.status, 500);
    assert.equal(failed.text, 'plain text failure');
  });

  void it('applies faults to the mock model and the gateway too', async () => {
    await sb.hooks.addFault({
      method: 'POST',
      path: '^/openai/v1/chat/completions$',
      times: 1,
      status: 429,
      retryAfter: 3,
      body: { error: { message: 'Rate limit', type: 'requests', code: 'rate_limit_exceeded' } },
    });
    const r = await sb.http(`${sb.connection.modelEndpoint}/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sb.connection.modelKey}` },
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    });
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '3');
    await sb.hooks.addFault({ path: '^/gateway/contoso-ai-gateway/', times: 1, status: 502, body: 'bad gateway' });
    assert.equal((await sb.http(`${sb.connection.armEndpoint}/gateway/contoso-ai-gateway/echo/resource`)).status, 502);
  });

  void it('refuses invalid faults', async () => {
    for (const fault of [{ path: '(' }, { path: 'x', times: 0 }, { path: 'x', status: 42 }, { times: 1 }]) {
      const r = await sb.arm(`${sb.connection.hooksUrl}/faults`, { method: 'POST', body: fault });
      assert.equal(r.status, 400, JSON.stringify(fault));
    }
  });

  void it('records token metrics from the seeded LLM API and clears them', async () => {
    await sb.hooks.clearMetrics();
    const key = (await sb.apim().subscription.listSecrets(RG, SVC, 'llm-unlimited')).primaryKey!;
    const r = await sb.http(`${sb.connection.armEndpoint}/gateway/contoso-ai-gateway/llm/openai/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': key },
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 },
    });
    assert.equal(r.status, 200, r.text);
    const usage = r.json<{ usage: { total_tokens: number } }>().usage;
    const metrics = await sb.hooks.metrics();
    assert.equal(metrics.length, 1);
    assert.equal(metrics[0].namespace, 'ai-gateway');
    assert.equal(metrics[0].totalTokens, usage.total_tokens);
    await sb.hooks.clearMetrics();
    assert.deepEqual(await sb.hooks.metrics(), []);
  });

  void it('shows state with secrets, resets to the seed, and counts requests by kind', async () => {
    const state = await sb.hooks.state();
    const secret = state.resources.find((r) => r.id.endsWith('/namedValues/openai-chat-key'));
    assert.equal(secret?.properties.value, `Bearer ${sb.connection.modelKey}`);

    await sb.apim().api.beginCreateOrUpdateAndWait(RG, SVC, 'temporary', { displayName: 'Temporary', path: 'temporary' });
    await sb.hooks.addFault({ path: 'never-matches', times: 5 });
    await sb.hooks.reset();
    await assert.rejects(sb.apim().api.get(RG, SVC, 'temporary'), { statusCode: 404 });
    assert.equal((await sb.apim().api.get(RG, SVC, 'openai-chat')).path, 'llm/openai');
    assert.deepEqual((await sb.arm(`${sb.connection.hooksUrl}/faults`)).json<{ value: unknown[] }>().value, []);
    assert.equal((await sb.hooks.state()).resources.length, state.resources.length);

    await sb.arm(`${sb.connection.hooksUrl}/stats`, { method: 'DELETE' });
    await sb.apim().api.get(RG, SVC, 'echo-api');
    await sb.http(`${sb.connection.armEndpoint}/gateway/contoso-ai-gateway/echo/resource`);
    const stats = await sb.hooks.stats();
    assert.equal(stats.requests.arm, 1);
    assert.equal(stats.requests.gateway, 1);
    assert.equal(stats.requests.hooks, 1, 'the stats request itself');
  });
});
