import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { armScope, azureClouds, portalUrlFor, sandboxCloud } from '../../src/azure/clouds';
import { jwtExpiresOnMs } from '../../src/azure/jwt';
import { SessionCredential, SignInRequiredError, type SessionRequest } from '../../src/azure/SessionCredential';

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.sig`;
}

void describe('jwtExpiresOnMs', () => {
  void it('reads exp in milliseconds', () => assert.equal(jwtExpiresOnMs(jwt({ exp: 1_900_000_000 })), 1_900_000_000_000));
  void it('is undefined for opaque tokens, bad JSON and non-numeric exp', () => {
    assert.equal(jwtExpiresOnMs('opaque-token'), undefined);
    assert.equal(jwtExpiresOnMs('a.!!!.c'), undefined);
    assert.equal(jwtExpiresOnMs(jwt({ exp: 'soon' })), undefined);
  });
});

void describe('SessionCredential', () => {
  const now = 1_800_000_000_000;

  void it('returns the session token with its real expiry, asking silently with the tenant scope', async () => {
    const requests: SessionRequest[] = [];
    const token = jwt({ exp: now / 1000 + 3600 });
    const credential = new SessionCredential(
      (r) => {
        requests.push(r);
        return Promise.resolve({ accessToken: token });
      },
      ['VSCODE_TENANT:t1'],
      () => now,
    );
    const result = await credential.getToken('https://management.azure.com/.default');
    assert.equal(result.token, token);
    assert.equal(result.expiresOnTimestamp, now + 3600_000);
    assert.deepEqual(requests, [{ scopes: ['https://management.azure.com/.default', 'VSCODE_TENANT:t1'], silent: true }]);
  });

  void it('asks VS Code again on every call, so a refreshed session is picked up', async () => {
    const tokens = [jwt({ exp: now / 1000 + 60 }), jwt({ exp: now / 1000 + 7200 })];
    const credential = new SessionCredential(
      () => Promise.resolve({ accessToken: tokens.shift()! }),
      [],
      () => now,
    );
    const first = await credential.getToken(['s']);
    const second = await credential.getToken(['s']);
    assert.equal(first.expiresOnTimestamp, now + 60_000);
    assert.equal(second.expiresOnTimestamp, now + 7200_000);
  });

  void it('says to sign in again when the session expired', async () => {
    const credential = new SessionCredential(
      () => Promise.resolve({ accessToken: jwt({ exp: now / 1000 - 1 }) }),
      [],
      () => now,
    );
    await assert.rejects(credential.getToken('s'), (e: unknown) => e instanceof SignInRequiredError && /expired.*Sign In/.test(e.message));
  });

  void it('says to sign in when there is no session', async () => {
    const credential = new SessionCredential(
      () => Promise.resolve(undefined),
      [],
      () => now,
    );
    await assert.rejects(credential.getToken('s'), SignInRequiredError);
  });

  void it('gives an unreadable token a short life so that it is asked for again soon', async () => {
    const credential = new SessionCredential(
      () => Promise.resolve({ accessToken: 'opaque' }),
      [],
      () => now,
    );
    const result = await credential.getToken('s');
    assert.ok(result.expiresOnTimestamp > now && result.expiresOnTimestamp <= now + 10 * 60_000);
  });

  void it('adds the tenant an SDK asks for', async () => {
    let scopes: readonly string[] = [];
    const credential = new SessionCredential(
      (r) => {
        scopes = r.scopes;
        return Promise.resolve({ accessToken: jwt({ exp: now / 1000 + 60 }) });
      },
      [],
      () => now,
    );
    await credential.getToken('s', { tenantId: 't2' });
    assert.deepEqual(scopes, ['s', 'VSCODE_TENANT:t2']);
  });
});

void describe('clouds', () => {
  void it('has its own Resource Manager and portal per cloud', () => {
    assert.equal(armScope(azureClouds.AzureChinaCloud), 'https://management.chinacloudapi.cn/.default');
    assert.equal(azureClouds.AzureUSGovernment.authProviderId, 'microsoft-sovereign-cloud');
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ApiManagement/service/x';
    assert.equal(portalUrlFor(azureClouds.AzureCloud, id, 't'), `https://portal.azure.com/#@t/resource${id}`);
    assert.equal(portalUrlFor(azureClouds.AzureUSGovernment, id), `https://portal.azure.us/#/resource${id}`);
  });
  void it('has no portal for the sandbox', () => {
    const cloud = sandboxCloud('https://127.0.0.1:5000/');
    assert.equal(cloud.resourceManagerEndpoint, 'https://127.0.0.1:5000');
    assert.equal(portalUrlFor(cloud, '/x'), undefined);
  });
});
