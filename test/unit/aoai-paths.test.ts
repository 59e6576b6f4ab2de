import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeAccountEndpoint, openAiBaseUrl } from '../../src/domain/import/azureOpenAi/accountEndpoint';
import { checkBasePath, clientEndpoint } from '../../src/domain/import/azureOpenAi/basePath';

void describe('base path rule: must end in /openai, once', () => {
  const cases: [input: string, path: string, changed: boolean][] = [
    ['openai', 'openai', false],
    ['ai/aoai/openai', 'ai/aoai/openai', false],
    ['ai/aoai', 'ai/aoai/openai', true],
    ['/ai/aoai/', 'ai/aoai/openai', true],
    ['', 'openai', true],
    ['  ', 'openai', true],
    ['/openai/', 'openai', false],
    ['OpenAI', 'openai', true],
    ['ai/openai/openai', 'ai/openai', true],
    ['openai/openai/openai', 'openai', true],
    ['openai/ai', 'openai/ai/openai', true],
  ];
  for (const [input, path, changed] of cases) {
    void it(`"${input}" → "${path}"`, () => {
      const r = checkBasePath(input);
      assert.equal(r.valid, true);
      assert.equal(r.path, path);
      assert.equal(r.message !== undefined, changed);
      if (changed) assert.match(r.message!, /\/openai|"openai"/);
    });
  }

  void it('rejects characters a path cannot hold and empty segments, with the reason', () => {
    for (const bad of ['ai aoai', 'ai/<x>', 'a?b', 'ai//aoai', 'é']) {
      const r = checkBasePath(bad);
      assert.equal(r.valid, false, bad);
      assert.match(r.message!, /\. [A-Z].*\.$/);
    }
  });

  void it('tells clients the endpoint without the final /openai', () => {
    assert.equal(clientEndpoint('https://gw.example/', 'ai/aoai/openai'), 'https://gw.example/ai/aoai');
    assert.equal(clientEndpoint('https://gw.example', 'openai'), 'https://gw.example');
  });
});

void describe('account endpoint', () => {
  void it('normalizes every form to one without /openai and adds /openai once for the backend', () => {
    for (const raw of [
      'https://c.openai.azure.com/',
      'https://c.openai.azure.com',
      'https://c.openai.azure.com/openai',
      'https://c.openai.azure.com/openai/openai/',
    ]) {
      assert.deepEqual(normalizeAccountEndpoint(raw), { ok: true, endpoint: 'https://c.openai.azure.com' });
      assert.equal(openAiBaseUrl(raw), 'https://c.openai.azure.com/openai');
    }
    assert.equal(openAiBaseUrl('https://127.0.0.1:5000/aoai/contoso-openai/'), 'https://127.0.0.1:5000/aoai/contoso-openai/openai');
  });

  void it('refuses non-HTTPS, non-URLs and URLs with credentials or queries', () => {
    for (const raw of [
      'http://c.openai.azure.com/',
      'c.openai.azure.com',
      'https://u:p@c.openai.azure.com/',
      'https://c.openai.azure.com/?x=1',
    ]) {
      const r = normalizeAccountEndpoint(raw);
      assert.equal(r.ok, false, raw);
    }
  });
});
