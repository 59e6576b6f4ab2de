import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRateLimits, readRequestId } from '../../src/domain/chat/rateLimits';
import { bypassesProxy } from '../../src/testConsole/proxyTunnel';

void test('limit headers of the token-limit policy and Azure OpenAI', () => {
  assert.deepEqual(
    readRateLimits({ 'x-ratelimit-remaining-tokens': '4950', 'x-ratelimit-consumed-tokens': '50', 'x-ratelimit-remaining-requests': '99' }),
    {
      remainingTokens: 4950,
      consumedTokens: 50,
      remainingRequests: 99,
    },
  );
  assert.deepEqual(readRateLimits({ 'retry-after': '12' }), { retryAfterSeconds: 12 });
  assert.deepEqual(readRateLimits({ 'retry-after-ms': '1500' }), { retryAfterSeconds: 2 });
  assert.deepEqual(readRateLimits({ 'x-ratelimit-remaining-tokens': 'lots' }), {});
});

void test("request id: APIM first, then the backend's", () => {
  assert.equal(readRequestId({ 'x-request-id': 'b', 'apim-request-id': 'a' }), 'a');
  assert.equal(readRequestId({ 'x-ms-request-id': 'c' }), 'c');
  assert.equal(readRequestId({}), undefined);
});

void test('noProxy: exact hosts, suffixes and *', () => {
  assert.equal(bypassesProxy('127.0.0.1', ['127.0.0.1']), true);
  assert.equal(bypassesProxy('contoso.azure-api.net', ['.azure-api.net']), true);
  assert.equal(bypassesProxy('contoso.azure-api.net', ['*.azure-api.net']), true);
  assert.equal(bypassesProxy('azure-api.net', ['.azure-api.net']), true);
  assert.equal(bypassesProxy('evilazure-api.net', ['.azure-api.net']), false);
  assert.equal(bypassesProxy('anything', ['*']), true);
  assert.equal(bypassesProxy('host', undefined), false);
});
