// Streaming through the sandbox gateway: events reach the client while the backend is still writing (proved by
// ordering: the backend holds its second half until the client has seen the first), and the final usage chunk counts.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { RunningSandbox } from '../../src/sandbox/server';
import { addApi, addService, addSubscription, call, open, startEmptySandbox } from './helpers/gatewayFixtures';

const event = (data: unknown): string => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const chunk = (content: string): unknown => ({
  object: 'chat.completion.chunk',
  model: 'gpt-4o',
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
});

void describe('gateway: streaming', { timeout: 20_000 }, () => {
  let sandbox: RunningSandbox;
  let backend: Server;
  let gw: string;
  /** Resolved by the test once it has read the first event through the gateway. */
  let release: () => void = () => undefined;
  const log: string[] = [];

  before(async () => {
    backend = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(event(chunk('Hello')));
      log.push('backend: first event written');
      const released = new Promise<void>((resolve) => (release = resolve));
      void released.then(() => {
        log.push('backend: writing the rest');
        res.write(event(chunk(' world')));
        res.write(
          event({
            object: 'chat.completion.chunk',
            model: 'gpt-4o',
            choices: [],
            usage: { prompt_tokens: 300, completion_tokens: 200, total_tokens: 500 },
          }),
        );
        res.end(event('[DONE]'));
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    sandbox = await startEmptySandbox();
    const store = sandbox.context.store;
    const svc = addService(store, 'apim-stream');
    gw = `${sandbox.context.origin}/gateway/apim-stream`;
    addApi(store, svc, 'sse', {
      path: 'sse',
      serviceUrl: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`,
      policy:
        '<policies><inbound><base /><llm-token-limit counter-key="k" tokens-per-minute="400" estimate-prompt-tokens="false" /></inbound></policies>',
    });
    addSubscription(store, svc, 'sub', '/apis', 'key-stream');
  });
  after(async () => {
    await sandbox.close();
    backend.closeAllConnections();
    await new Promise((resolve) => backend.close(resolve));
  });

  void it('delivers the first event before the backend has finished, then the rest', async () => {
    const res = await open(sandbox, `${gw}/sse/chat/completions`, {
      headers: { 'ocp-apim-subscription-key': 'key-stream' },
      body: { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/event-stream/);
    let text = '';
    for await (const c of res) {
      if (text === '') {
        log.push('client: first event received');
        release();
      }
      text += (c as Buffer).toString('utf8');
    }
    assert.deepEqual(log, ['backend: first event written', 'client: first event received', 'backend: writing the rest']);
    assert.match(text, /Hello/);
    assert.match(text, / world/);
    assert.match(text, /data: \[DONE\]/);
  });

  void it('counted the usage of the final chunk: the 400 tokens-per-minute budget is spent', async () => {
    const r = await call(sandbox, `${gw}/sse/chat/completions`, {
      headers: { 'ocp-apim-subscription-key': 'key-stream' },
      body: { model: 'gpt-4o', messages: [] },
    });
    assert.equal(r.status, 429);
  });
});
