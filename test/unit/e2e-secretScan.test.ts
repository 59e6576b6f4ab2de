/** The leak scanner of the end-to-end secrets test: it must find a secret in every form a leak takes, and only then. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { StoreSnapshot } from '../../src/sandbox/store';
import { describeFindings, sandboxSecrets, scanFiles, scanText } from '../e2e/harness/secretScan';

const KEY = { kind: 'test key', value: 'sk-e2e-0123456789abcdef0123456789abcdef' };

void test('finds a secret embedded at any position of a base64 or base64url blob', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (before, after) => {
      const blob = Buffer.concat([Buffer.from(before), Buffer.from(KEY.value), Buffer.from(after)]);
      assert.equal(scanText('b64', blob.toString('base64'), [KEY]).length, 1);
      assert.equal(scanText('b64url', blob.toString('base64url'), [KEY]).length, 1);
    }),
  );
});

void test('finds plain, URL-encoded and UTF-16 forms, and nothing in text without the secret', () => {
  const bearer = { kind: 'named value', value: `Bearer ${KEY.value}` };
  assert.deepEqual(
    scanText('url', `https://x/?h=${encodeURIComponent(bearer.value)}`, [bearer]).map((f) => f.form),
    ['URL-encoded'],
  );
  assert.deepEqual(
    scanText('plain', `log: ${KEY.value}.`, [KEY]).map((f) => f.form),
    ['plain text'],
  );
  assert.equal(scanText('clean', `log: ${KEY.value.slice(0, -1)}.`, [KEY]).length, 0);
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-'));
  try {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'state.bin'), Buffer.from(`x${KEY.value}y`, 'utf16le'));
    writeFileSync(join(dir, 'clean.txt'), 'nothing here');
    const scan = scanFiles([dir], [KEY]);
    assert.equal(scan.paths.length, 2);
    assert.equal(
      describeFindings(scan.findings),
      `${join(dir, 'a', 'b', 'state.bin')}: test key (UTF-16)`,
      'the path and kind, never the value',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('collects subscription keys, secret named values and account keys from the sandbox state, not plain values', () => {
  const state: StoreSnapshot = {
    version: 1,
    resources: [
      { id: '/s/1', name: '1', type: 'Microsoft.ApiManagement/service/subscriptions', properties: { primaryKey: 'p', secondaryKey: 's' } },
      { id: '/n/1', name: '1', type: 'Microsoft.ApiManagement/service/namedValues', properties: { value: 'secret', secret: true } },
      { id: '/n/2', name: '2', type: 'Microsoft.ApiManagement/service/namedValues', properties: { value: 'plain', secret: false } },
      { id: '/a/1', name: '1', type: 'Microsoft.CognitiveServices/accounts', properties: {}, secrets: { key1: 'k1', key2: 'k2' } },
    ],
  };
  assert.deepEqual(
    sandboxSecrets(state).map((s) => `${s.kind}=${s.value}`),
    ['APIM subscription primaryKey=p', 'APIM subscription secondaryKey=s', 'secret named value=secret', 'account key=k1', 'account key=k2'],
  );
});
