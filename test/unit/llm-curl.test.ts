import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { toCurl, toHttpFile, type ShareableRequest } from '../../src/domain/chat/curl';

const request: ShareableRequest = {
  method: 'post',
  url: 'https://contoso.azure-api.net/llm/openai/chat/completions',
  headers: { 'content-type': 'application/json', 'API-KEY': 'leaked-if-shown', Authorization: 'Bearer leaked' },
  body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: "It's $HOME `date`" }] }),
  keyHeader: 'api-key',
  stream: true,
};

void test('curl uses $APIM_KEY and never a key value, and quotes the body so the shell expands nothing', () => {
  const curl = toCurl(request);
  assert.ok(curl.includes('-H "api-key: $APIM_KEY"'));
  assert.ok(!curl.includes('leaked'));
  assert.ok(curl.startsWith("curl --no-buffer -X POST 'https://contoso.azure-api.net/llm/openai/chat/completions'"));
  // Let a real shell parse it (with curl replaced by printf) and check the body arrives byte for byte.
  const script = `${curl.replace(/^curl/, 'f() { for a in "$@"; do printf "%s\\n" "$a"; done; }; f')}`;
  const args = execFileSync('sh', ['-c', script], { env: { APIM_KEY: 'k-123', HOME: '/home/x', PATH: process.env.PATH ?? '' } })
    .toString()
    .split('\n');
  assert.ok(args.includes('api-key: k-123'));
  assert.ok(args.includes(request.body!));
});

void test('.http file reads the key from the environment through a variable', () => {
  const http = toHttpFile(request, 'OpenAI chat: sample request');
  assert.ok(http.includes('@apiKey = {{$processEnv APIM_KEY}}'));
  assert.ok(
    http.includes(
      '\nPOST https://contoso.azure-api.net/llm/openai/chat/completions\napi-key: {{apiKey}}\ncontent-type: application/json\n\n{',
    ),
  );
  assert.ok(!http.includes('leaked'));
});

void test('GET without body has no --data-raw', () => {
  const curl = toCurl({ method: 'GET', url: 'https://x/y', headers: {}, keyHeader: 'Ocp-Apim-Subscription-Key' });
  assert.equal(curl, `curl -X GET 'https://x/y' \\\n  -H "Ocp-Apim-Subscription-Key: $APIM_KEY"`);
});
