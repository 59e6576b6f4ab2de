/**
 * src/azure/ against a real sandbox: the client factory in sandbox mode (endpoint, CA, token, user agent, retries),
 * subscriptions and tenants over ARM, and the sandbox process as the extension starts it (dist/sandbox.js, one JSON
 * line, connection file).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { listServices } from '../../src/apim/services';
import type { AzureAccountClients } from '../../src/azure/clientFactory';
import { readConnectionFile, spawnSandbox } from '../../src/azure/sandboxProcess';
import { sandboxClients } from './helpers/azureClients';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

void describe('client factory in sandbox mode', () => {
  const sb = sandboxPerSuite();
  let clients: AzureAccountClients;
  const userAgents: string[] = [];
  const recorder: PipelinePolicy = {
    name: 'recordUserAgent',
    sendRequest: (request, next) => {
      userAgents.push(request.headers.get('user-agent') ?? '');
      return next(request);
    },
  };

  before(() => {
    clients = sandboxClients(sb, { policies: [recorder], maxRetries: 2 });
  });

  void it('lists subscriptions and tenants over ARM, trusting only the sandbox CA it was given', async () => {
    const subs = await clients.listSubscriptions();
    assert.deepEqual(subs.map((s) => s.displayName).sort(), ['Contoso Dev/Test', 'Contoso Production']);
    assert.deepEqual(subs.map((s) => s.subscriptionId).sort(), [...sb.connection.subscriptionIds].sort());
    const tenants = await clients.listTenants();
    assert.deepEqual(
      tenants.map((t) => t.tenantId),
      [sb.connection.tenantId],
    );
  });

  void it('makes real SDK clients with our user agent, reused per subscription', async () => {
    const sub = sb.connection.subscriptionIds[0];
    assert.equal(await clients.apim(sub), await clients.apim(sub));
    const services = await listServices(clients, sub);
    assert.ok(services.some((s) => s.name === DEMO_NAMES.aiGateway.service));
    assert.ok(userAgents.some((ua) => ua.includes(' azsdk-js-arm-apimanagement/')));
    assert.ok(
      userAgents.every((ua) => /^ai-gateway-apim\/0\.0\.0-test /.test(ua)),
      userAgents.join('\n'),
    );
    const accounts = await (await clients.cognitiveServices(sub)).accounts.list().next();
    assert.equal(accounts.done, false);
    assert.equal(clients.cloud.portalUrl, undefined, 'no portal for the sandbox');
    assert.deepEqual(clients.extraCaPem, [sb.ca]);
  });

  void it('retries a throttled call after Retry-After', async () => {
    const sub = sb.connection.subscriptionIds[1];
    await sb.hooks.addFault({
      method: 'GET',
      path: `^/subscriptions/${sub}/providers/Microsoft\\.ApiManagement/service$`,
      status: 429,
      retryAfter: 0,
      times: 1,
    });
    const before = userAgents.length;
    const services = await listServices(clients, sub);
    assert.deepEqual(
      services.map((s) => s.name),
      [DEMO_NAMES.apimDev.service],
    );
    assert.equal(userAgents.length - before, 2, 'one throttled attempt, one retry');
  });

  void it('refuses a server whose certificate it was not told to trust', async () => {
    const strangers = sandboxClients({ connection: sb.connection, ca: '' }, { maxRetries: 0 });
    await assert.rejects(listServices(strangers, sb.connection.subscriptionIds[0]), /certificate/i);
  });
});

void describe('sandbox process', () => {
  const script = join(process.cwd(), 'dist', 'sandbox.js');

  void it(
    'starts dist/sandbox.js as the extension does, reads its JSON line, and stops it',
    { skip: !existsSync(script) && 'dist/sandbox.js is not built (npm run build)' },
    async () => {
      const stateDir = mkdtempSync(join(tmpdir(), 'aigw-sandbox-'));
      const sandbox = await spawnSandbox({ scriptPath: script, execPath: process.execPath, stateDir });
      try {
        assert.match(sandbox.connection.armEndpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
        assert.match(sandbox.caPem, /BEGIN CERTIFICATE/);
        const file = join(stateDir, 'connection.json');
        writeFileSync(file, `starting...\n${JSON.stringify(sandbox.connection)}\n`);
        const fromFile = await readConnectionFile(file);
        assert.deepEqual(fromFile.connection, sandbox.connection);
        const clients = sandboxClients({ connection: fromFile.connection, ca: fromFile.caPem });
        assert.equal((await clients.listSubscriptions()).length, sandbox.connection.subscriptionIds.length);
      } finally {
        await sandbox.stop();
      }
      assert.notEqual(await sandbox.exited, undefined);
    },
  );

  void it('says clearly when a connection file holds no connection line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aigw-')), 'bad.json');
    writeFileSync(file, '{"hello":"world"}\n');
    await assert.rejects(readConnectionFile(file), /does not hold a sandbox connection line\. Point "aiGateway\.sandbox\.connectionFile"/);
  });
});
