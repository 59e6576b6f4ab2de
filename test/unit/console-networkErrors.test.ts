import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainNetworkError } from '../../src/testConsole/consoleRequest';
import { GatewayTimeoutError } from '../../src/testConsole/gatewayClient';

const withCode = (code: string, message = code): Error => Object.assign(new Error(message), { code });
const url = 'https://contoso.azure-api.net/llm/openai/chat/completions';

void test('network failures become one sentence naming the host and what to do', () => {
  const table: Array<[unknown, RegExp]> = [
    [
      withCode('ECONNREFUSED'),
      /^Nothing is listening at contoso\.azure-api\.net\. Check the gateway URL; for the local sandbox, start it again\.$/,
    ],
    [
      withCode('ENOTFOUND'),
      /^The host contoso\.azure-api\.net could not be found\. Check the gateway URL and your network or proxy settings\.$/,
    ],
    [withCode('ECONNRESET'), /^The connection to contoso\.azure-api\.net was closed before the answer was complete\. Send again/],
    [withCode('ETIMEDOUT'), /^Connecting to contoso\.azure-api\.net timed out\. Check your network and proxy settings\.$/],
    [
      withCode('EPROXY', 'The proxy refused the tunnel to contoso.azure-api.net:443 (407 Proxy Authentication Required).'),
      /\(407 Proxy Authentication Required\)\. Check the http\.proxy setting\.$/,
    ],
    [
      withCode('SELF_SIGNED_CERT_IN_CHAIN'),
      /^The TLS certificate of contoso\.azure-api\.net is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\)\. If a proxy inspects TLS/,
    ],
    [
      new GatewayTimeoutError(240_000),
      /^The gateway sent nothing for 240 s\. Check that the backend is up, or send again with streaming on\.$/,
    ],
    [
      new Error('socket hang up'),
      /^The request to contoso\.azure-api\.net failed: socket hang up\. Check the gateway URL and your network\.$/,
    ],
  ];
  for (const [error, expected] of table) assert.match(explainNetworkError(error, url), expected);
});
