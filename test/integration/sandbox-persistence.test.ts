// Persistence with a state dir: state, CA and keys survive a restart; URLs follow the new origin.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEMO_NAMES, withSandbox } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;

void describe('sandbox persistence', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'aigw-state-'));
  after(() => rmSync(stateDir, { recursive: true, force: true }));

  void it('reloads what was written, with the same CA, tenant and keys, and rewrites URLs to the new origin', async () => {
    const first = await withSandbox({ stateDir });
    await first.apim().api.beginCreateOrUpdateAndWait(RG, SVC, 'persisted', { displayName: 'Persisted', path: 'persisted' });
    await first
      .apim()
      .namedValue.beginCreateOrUpdateAndWait(RG, SVC, 'kept-secret', { displayName: 'kept-secret', value: 's3cret', secret: true });
    const keys = await first.apim().subscription.listSecrets(RG, SVC, 'master');
    const caBefore = readFileSync(first.connection.caCertFile, 'utf8');
    const firstConnection = first.connection;
    await first.close();

    assert.equal(firstConnection.caCertFile, join(stateDir, 'sandbox-ca.pem'));
    assert.equal(statSync(join(stateDir, 'sandbox-state.json')).mode & 0o077, 0, 'the state file is private to its owner');

    const second = await withSandbox({ stateDir });
    try {
      assert.equal(second.connection.caCertFile, firstConnection.caCertFile);
      assert.equal(readFileSync(second.connection.caCertFile, 'utf8'), caBefore, 'the CA is reused across restarts');
      assert.equal(second.connection.tenantId, firstConnection.tenantId);
      assert.deepEqual(second.connection.subscriptionIds, firstConnection.subscriptionIds);
      assert.equal((await second.apim().api.get(RG, SVC, 'persisted')).path, 'persisted');
      assert.equal((await second.apim().namedValue.listValue(RG, SVC, 'kept-secret')).value, 's3cret');
      assert.deepEqual(await second.apim().subscription.listSecrets(RG, SVC, 'master'), {
        ...keys,
        eTag: (await second.apim().subscription.getEntityTag(RG, SVC, 'master')).eTag,
      });
      const backend = await second.apim().backend.get(RG, SVC, 'openai-chat-backend');
      assert.equal(backend.url, second.connection.modelEndpoint, 'URLs saved under the old origin follow the new one');
      const service = await second.apim().apiManagementService.get(RG, SVC);
      assert.equal(service.gatewayUrl, `${second.connection.armEndpoint}/gateway/contoso-ai-gateway`);
    } finally {
      await second.close();
    }
  });

  void it('refuses a state file it cannot read with a sentence that says what to do', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'aigw-state-broken-'));
    try {
      writeFileSync(join(broken, 'sandbox-state.json'), '{"version": 1, "snap');
      await assert.rejects(
        withSandbox({ stateDir: broken }),
        /is not a sandbox state file \(version 1\)\. Delete it or choose another --state-dir\./,
      );
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
