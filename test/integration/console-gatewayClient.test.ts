// The console's request path against a local HTTPS server we control byte by byte: streaming order, split UTF-8,
// keep-alive, cancellation, idle timeout, proxy tunnel, untrusted certificates. The sandbox gateway tests are apart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleRequestError, runConsoleRequest, type ConsoleRequestInput } from '../../src/testConsole/consoleRequest';
import { buildChatRequest, DEFAULT_CHAT_FORM } from '../../src/domain/chat/chatRequest';

let certs: { caPem: string; certPem: string; keyPem: string };

/** A self-signed certificate for 127.0.0.1 that is its own CA: enough to test trust without the sandbox. */
function selfSigned(): { caPem: string; certPem: string; keyPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'console-client-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
  return { caPem: certPem, certPem, keyPem: readFileSync(join(dir, 'key.pem'), 'utf8') };
}
let server: https.Server;
let origin: string;
const seen: Array<{ path: string; key: string | undefined; socket: net.Socket }> = [];
/** Resolvers the streaming handler waits on, so the test decides when the rest of the stream is sent. */
let releaseRest: (() => void) | undefined;

before(async () => {
  certs = selfSigned();
  server = https.createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    seen.push({ path: req.url ?? '', key: req.headers['api-key'] as string | undefined, socket: req.socket });
    req.resume();
    req.on('end', () => void respond(req.url ?? '', res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

async function respond(path: string, res: http.ServerResponse): Promise<void> {
  if (path.startsWith('/stream')) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-ratelimit-remaining-tokens': '4950', 'apim-request-id': 'req-1' });
    const first = Buffer.from('data: {"choices":[{"delta":{"content":"Ça va "}}]}\n\n', 'utf8');
    // Cut inside the two bytes of "Ç" so the client must join them.
    const cut = first.indexOf(0xc3) + 1;
    res.write(first.subarray(0, cut));
    res.write(first.subarray(cut));
    await new Promise<void>((r) => (releaseRest = r));
    res.write('data: {"choices":[{"delta":{"content":"bien 👍"},"finish_reason":"stop"}]}\r\n\r\n');
    res.write(': comment\n\ndata: {"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":4,"total_tokens":24}}\n\ndata: [DONE]\n\n');
    res.end();
    return;
  }
  if (path.startsWith('/silent')) return; // never answers: the idle timeout or an abort must end it
  if (path.startsWith('/nousage')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ choices: [{ message: { content: 'I am doing well, thank you!' }, finish_reason: 'stop' }] }));
    return;
  }
  res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
  res.end(JSON.stringify({ statusCode: 429, message: 'Token limit is exceeded. Try again in 7 seconds.' }));
}

const input = (path: string, stream = false): ConsoleRequestInput => ({
  endpoint: `${origin}/${path}`,
  request: buildChatRequest('openai', { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini', stream }),
  key: { header: 'api-key', value: 'secret-key-1' },
  keyHeader: 'api-key',
  kind: 'openai',
});

void test('streamed answer: text reaches the caller before the stream completes; usage from the final chunk', async () => {
  const texts: string[] = [];
  let sawTextBeforeRelease = false;
  const outcome = await runConsoleRequest(input('stream', true), { extraCaPem: [certs.caPem] }, undefined, {
    onText: (delta) => {
      texts.push(delta);
      if (releaseRest) {
        sawTextBeforeRelease = true;
        releaseRest();
        releaseRest = undefined;
      }
    },
  });
  assert.ok(sawTextBeforeRelease, 'the first delta must arrive while the server still holds the rest');
  assert.deepEqual(texts, ['Ça va ', 'bien 👍']);
  assert.equal(outcome.streamed, true);
  assert.equal(outcome.answer.text, 'Ça va bien 👍');
  assert.equal(outcome.answer.finishReason, 'stop');
  assert.deepEqual(outcome.usage, { promptTokens: 20, completionTokens: 4, totalTokens: 24 });
  assert.deepEqual(outcome.rateLimit, { remainingTokens: 4950 });
  assert.equal(outcome.requestId, 'req-1');
  assert.ok(outcome.timing.firstTokenMs !== undefined && outcome.timing.firstTokenMs <= outcome.timing.totalMs);
  assert.ok(outcome.timing.tokensPerSecond! > 0);
  assert.equal(outcome.error, undefined);
  assert.equal(seen.at(-1)?.key, 'secret-key-1');
  assert.ok(!JSON.stringify(outcome).includes('secret-key-1'), 'the outcome must not carry the key');
});

void test('no usage from the backend: estimated with the tokenizer and marked', async () => {
  const outcome = await runConsoleRequest(input('nousage'), { extraCaPem: [certs.caPem] });
  assert.equal(outcome.answer.text, 'I am doing well, thank you!');
  assert.deepEqual(outcome.usage, { promptTokens: 20, completionTokens: 8, totalTokens: 28, estimated: true });
});

void test('429: explained with the Retry-After seconds; connections are kept alive between sends', async () => {
  const a = await runConsoleRequest(input('limited'), { extraCaPem: [certs.caPem] });
  const b = await runConsoleRequest(input('limited'), { extraCaPem: [certs.caPem] });
  assert.equal(a.status, 429);
  assert.deepEqual(a.rateLimit, { retryAfterSeconds: 7 });
  assert.match(a.error ?? '', /token limit was reached\. Retry after 7 s/);
  assert.equal(a.usage, undefined, 'no estimate for a failed request');
  assert.equal(seen.at(-1)?.socket, seen.at(-2)?.socket, "the second request reuses the first one's connection");
  assert.equal(b.status, 429);
});

void test('Stop: aborting rejects with the abort, not a network sentence', async () => {
  const controller = new AbortController();
  const pending = runConsoleRequest(input('silent'), { extraCaPem: [certs.caPem] }, controller.signal, {});
  setImmediate(() => controller.abort());
  await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
});

void test('idle timeout becomes one sentence', async () => {
  await assert.rejects(runConsoleRequest(input('silent'), { extraCaPem: [certs.caPem], idleTimeoutMs: 300 }), (e: unknown) => {
    assert.ok(e instanceof ConsoleRequestError);
    assert.match(e.message, /^The gateway sent nothing for 0 s\. /);
    return true;
  });
});

void test('untrusted certificate and refused connection are explained', async () => {
  await assert.rejects(runConsoleRequest(input('limited'), { extraCaPem: [] }), (e: Error) =>
    /is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_\w+)\)/.test(e.message),
  );
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  await assert.rejects(
    runConsoleRequest({ ...input('x'), endpoint: `https://127.0.0.1:${port}/x` }, { extraCaPem: [certs.caPem] }),
    (e: Error) => /^Nothing is listening at 127\.0\.0\.1/.test(e.message),
  );
});

void test('through an HTTP proxy: a CONNECT tunnel; the proxy never sees the key', async () => {
  const connects: string[] = [];
  let bytesSeenByProxy = '';
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(`${req.url} ${req.headers['proxy-authorization'] ?? ''}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      client.on('data', (d: Buffer) => (bytesSeenByProxy += d.toString('latin1')));
      client.pipe(upstream).pipe(client);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyUrl = `http://user:p%40ss@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  try {
    const outcome = await runConsoleRequest(input('nousage'), { extraCaPem: [certs.caPem], proxy: { url: proxyUrl, strictSSL: true } });
    assert.equal(outcome.status, 200);
    assert.deepEqual(connects, [`127.0.0.1:${new URL(origin).port} Basic ${Buffer.from('user:p@ss').toString('base64')}`]);
    assert.ok(bytesSeenByProxy.length > 0 && !bytesSeenByProxy.includes('secret-key-1'), 'TLS inside the tunnel hides the key');
    // noProxy bypasses it.
    await runConsoleRequest(input('nousage'), {
      extraCaPem: [certs.caPem],
      proxy: { url: proxyUrl, strictSSL: true, noProxy: ['127.0.0.1'] },
    });
    assert.equal(connects.length, 1);
  } finally {
    proxy.closeAllConnections();
    proxy.close();
  }
});
