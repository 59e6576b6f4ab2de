// Code snippets: one client description, every language rendered from it; the key is only ever a variable's name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeClient, keyVariableFor, validateKeyVariable } from '../../src/domain/snippets/clientDescription';
import { SNIPPET_LANGUAGES, renderSnippet } from '../../src/domain/snippets/languages';

const openai = describeClient({
  flavour: 'openai',
  endpoint: 'https://contoso.azure-api.net/llm/openai/',
  chatPath: '/v1/chat/completions',
  keyHeader: 'api-key',
  keyVariable: 'SEARCH_TEAM_KEY',
  model: 'gpt-4o-mini',
  title: 'OpenAI chat through contoso',
});
const azure = describeClient({
  flavour: 'azureOpenAi',
  endpoint: 'https://contoso.azure-api.net/ai/openai',
  keyHeader: 'api-key',
  keyVariable: 'AZURE_TEAM_KEY',
  model: 'gpt-4o',
  title: 'Azure OpenAI "x"\nthrough contoso',
});

void describe('client description', () => {
  void it('puts the chat path prefix into the base URL and defaults the Azure api-version', () => {
    assert.equal(openai.baseUrl, 'https://contoso.azure-api.net/llm/openai/v1');
    assert.equal(azure.baseUrl, 'https://contoso.azure-api.net/ai/openai');
    assert.equal(azure.apiVersion, '2024-10-21');
    assert.equal(azure.title, 'Azure OpenAI "x" through contoso');
  });
  for (const [name, variable] of [
    ['search-team', 'SEARCH_TEAM_KEY'],
    ['2024-team', 'APIM_2024_TEAM_KEY'],
    ['---', 'APIM_KEY'],
  ] as const) {
    void it(`${name} → ${variable}`, () => {
      assert.equal(keyVariableFor(name), variable);
      assert.equal(validateKeyVariable(variable), undefined);
    });
  }
});

void describe('languages', () => {
  void it('every language names the endpoint and the variable, and no other secret', () => {
    for (const d of [openai, azure]) {
      for (const language of SNIPPET_LANGUAGES) {
        const text = renderSnippet(d, language);
        assert.ok(text.includes(d.keyVariable), `${language} reads ${d.keyVariable}`);
        // AzureOpenAIClient adds /openai to the endpoint it is given.
        const endpoint = language === 'csharp' && d.flavour === 'azureOpenAi' ? d.baseUrl.replace(/\/openai$/, '') : d.baseUrl;
        assert.ok(text.includes(endpoint), `${language} names ${endpoint}`);
        assert.ok(!text.includes('\n\n\n'), `${language} has no stray blank lines`);
      }
    }
  });
  void it('OpenAI clients send the key in the API header and drop the bearer; AzureOpenAI sends api-key itself', () => {
    assert.match(renderSnippet(openai, 'python'), /default_headers=\{"api-key": key, "Authorization": Omit\(\)\}/);
    assert.match(renderSnippet(openai, 'javascript'), /defaultHeaders: \{ "api-key": key, "Authorization": null \}/);
    assert.doesNotMatch(renderSnippet(azure, 'python'), /default_headers|Omit/);
    assert.match(
      renderSnippet(azure, 'python'),
      /AzureOpenAI\(\n {4}base_url="https:\/\/contoso\.azure-api\.net\/ai\/openai",\n {4}api_key=key,\n {4}api_version="2024-10-21",\n\)/,
    );
    assert.match(renderSnippet(azure, 'curl'), /\/ai\/openai\/deployments\/gpt-4o\/chat\/completions\?api-version=2024-10-21/);
  });
  void it('the TypeScript snippet wraps the call in main() so that it runs as CommonJS too', () => {
    const ts = renderSnippet(openai, 'typescript');
    assert.match(ts, /async function main\(\): Promise<void> \{/);
    assert.match(ts, /void main\(\);\n$/);
    assert.match(renderSnippet(openai, 'javascript'), /^const response = await client/m);
  });
});
