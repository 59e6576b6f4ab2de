/** The account's state from the settings: clouds, VS Code sessions (tenant, sovereign clouds), the sandbox connection file. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createFakeVscode, installFakeVscode } from './helpers/fakeVscode';

let session: { accessToken: string } | undefined;
const fake = createFakeVscode({ session: () => session });
installFakeVscode(fake);

const config = (section: string) =>
  (
    fake.module.workspace as { getConfiguration(s: string): { get(k: string): unknown; update(k: string, v: unknown): Promise<void> } }
  ).getConfiguration(section);
const jwt = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;
const log = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

void describe('AzureAccount', async () => {
  const { AzureAccount } = await import('../../src/azure/AzureAccount.js');
  const dir = mkdtempSync(join(tmpdir(), 'aigw-account-'));
  const account = new AzureAccount(fake.extensionContext(dir, dir, '1.2.3') as never, log);

  const reset = async (settings: Record<string, unknown>) => {
    for (const key of ['environment', 'authentication', 'tenantId', 'sandbox.connectionFile']) {
      await config('aiGateway').update(key, settings[key]);
    }
    fake.sessionRequests.length = 0;
  };

  void it('is signed out without a VS Code Microsoft session, asking silently for the ARM scope', async () => {
    await reset({});
    session = undefined;
    const state = await account.reload();
    assert.equal(state.kind, 'signedOut');
    assert.equal(fake.contexts.get('aiGateway.state'), 'signedOut');
    assert.deepEqual(fake.sessionRequests, [{ providerId: 'microsoft', scopes: ['https://management.azure.com/.default'], silent: true }]);
    assert.throws(() => account.requireClients(), /not signed in to Azure\. Run "AI Gateway: Sign In"/);
  });

  void it('is ready with a session, with clients for the public cloud and a credential that knows the expiry', async () => {
    await reset({ tenantId: 'contoso.onmicrosoft.com' });
    const exp = Math.floor(Date.now() / 1000) + 3600;
    session = { accessToken: jwt(exp) };
    const state = await account.reload();
    assert.equal(state.kind, 'ready');
    const clients = account.requireClients();
    assert.equal(clients.cloud.resourceManagerEndpoint, 'https://management.azure.com');
    assert.equal(clients.cloud.portalUrl, 'https://portal.azure.com');
    assert.deepEqual(fake.sessionRequests[0]?.scopes, ['https://management.azure.com/.default', 'VSCODE_TENANT:contoso.onmicrosoft.com']);
    assert.equal(fake.contexts.get('aiGateway.sandbox'), false);
  });

  void it('signs in to a sovereign cloud through its provider, selecting that cloud first', async () => {
    await reset({ environment: 'AzureChinaCloud' });
    session = undefined;
    assert.equal((await account.reload()).kind, 'signedOut');
    assert.equal(fake.sessionRequests[0]?.providerId, 'microsoft-sovereign-cloud');
    session = { accessToken: jwt(Math.floor(Date.now() / 1000) + 600) };
    await account.signIn();
    assert.equal(config('microsoft-sovereign-cloud').get('environment'), 'ChinaCloud');
    assert.ok(fake.sessionRequests.some((r) => r.createIfNone === true && r.scopes[0] === 'https://management.chinacloudapi.cn/.default'));
    assert.equal(account.state.kind, 'ready');
    assert.equal(account.requireClients().cloud.portalUrl, 'https://portal.azure.cn');
  });

  void it('waits for a sandbox when none runs and no connection file is set', async () => {
    await reset({ environment: 'sandbox' });
    assert.equal((await account.reload()).kind, 'sandboxStopped');
    assert.equal(fake.contexts.get('aiGateway.state'), 'sandboxStopped');
    assert.throws(() => account.requireClients(), /Start Local Sandbox/);
  });

  void it('says what is wrong with a connection file that holds no connection', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, 'not json\n');
    await reset({ environment: 'sandbox', 'sandbox.connectionFile': file });
    assert.equal((await account.reload()).kind, 'sandboxStopped');
    assert.ok(
      fake.log.some((l) => /shown warning: Could not connect to the sandbox named by "aiGateway\.sandbox\.connectionFile"/.test(l)),
    );
  });

  void it('connects to the sandbox named by the connection file, trusting its CA and using its token', async () => {
    const caCertFile = join(dir, 'ca.pem');
    writeFileSync(caCertFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const connection = {
      armEndpoint: 'https://127.0.0.1:4443',
      caCertFile,
      token: 'sandbox-token',
      tenantId: 't',
      subscriptionIds: ['s1'],
      modelEndpoint: '',
      geminiEndpoint: '',
      modelKey: '',
      hooksUrl: '',
      pid: 1,
    };
    const file = join(dir, 'sandbox.json');
    writeFileSync(file, `${JSON.stringify(connection)}\n`);
    await reset({ environment: 'sandbox', 'sandbox.connectionFile': file });
    const state = await account.reload();
    assert.equal(state.kind, 'ready');
    const clients = account.requireClients();
    assert.equal(clients.cloud.name, 'sandbox');
    assert.equal(clients.cloud.resourceManagerEndpoint, 'https://127.0.0.1:4443');
    assert.equal(clients.cloud.portalUrl, undefined);
    assert.deepEqual(clients.extraCaPem, ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n']);
    assert.equal(fake.contexts.get('aiGateway.sandbox'), true);
    assert.equal(fake.sessionRequests.length, 0, 'no Microsoft sign-in for the sandbox');
  });
});
