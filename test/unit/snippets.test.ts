// Code snippets: one client description, every language rendered from it; the key is only ever a variable's name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountServing, queryApiVersion, servedApiVersion } from '../../src/domain/snippets/apiShape';
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

void describe("Microsoft Foundry's model-in-the-body APIs", () => {
  const v1 = describeClient({
    flavour: 'openai',
    endpoint: 'https://contoso.azure-api.net/foundry/openai/v1',
    chatPath: '/chat/completions',
    keyHeader: 'api-key',
    keyVariable: 'TEAM_KEY',
    model: 'gpt-4o-mini',
    title: 'v1',
  });
  const inference = describeClient({ ...v1, endpoint: 'https://contoso.azure-api.net/foundry/models', apiVersion: '2024-05-01-preview' });

  void it('v1: the OpenAI client with only its baseURL and the key header, no api-version anywhere', () => {
    assert.equal(v1.apiVersion, undefined);
    for (const language of SNIPPET_LANGUAGES) {
      assert.doesNotMatch(renderSnippet(v1, language), /api-version|apiVersion|api_version/, language);
    }
    assert.match(
      renderSnippet(v1, 'javascript'),
      /new OpenAI\(\{\n {2}baseURL: "https:\/\/contoso\.azure-api\.net\/foundry\/openai\/v1",\n {2}apiKey: key,\n {2}defaultHeaders/,
    );
  });

  void it('model inference: the model in the body and the api-version on every call, in every language', () => {
    assert.match(renderSnippet(inference, 'javascript'), /defaultQuery: \{ 'api-version': "2024-05-01-preview" \}/);
    assert.match(renderSnippet(inference, 'python'), /default_query=\{"api-version": "2024-05-01-preview"\}/);
    assert.match(renderSnippet(inference, 'csharp'), /options\.AddPolicy\(new ApiVersionPolicy\("2024-05-01-preview"\)/);
    assert.match(renderSnippet(inference, 'csharp'), /sealed class ApiVersionPolicy\(string version\) : PipelinePolicy/);
    assert.match(renderSnippet(inference, 'curl'), /\/foundry\/models\/chat\/completions\?api-version=2024-05-01-preview/);
    assert.match(renderSnippet(inference, 'http'), /"model":"gpt-4o-mini"/);
    assert.doesNotMatch(renderSnippet(v1, 'csharp'), /ApiVersionPolicy/);
  });

  void it('reads the api-version need from the chat operation, and the serving account from the backend URL', () => {
    const ops = (template: string) => [
      { method: 'GET', urlTemplate: '/info?api-version={api-version}' },
      { method: 'POST', urlTemplate: template },
    ];
    assert.equal(queryApiVersion(ops('/chat/completions?api-version={api-version}')), '2024-05-01-preview');
    assert.equal(queryApiVersion(ops('/chat/completions?api-version=2025-05-01')), '2025-05-01');
    assert.equal(queryApiVersion(ops('/chat/completions')), undefined);
    assert.equal(queryApiVersion(ops('/v1/chat/completions')), undefined);
    const accounts = [
      { name: 'a', endpoint: 'https://127.0.0.1:1/aoai/contoso-ai/' },
      { name: 'b', endpoint: 'https://127.0.0.1:1/aoai/contoso-aiservices/' },
    ];
    const v1Served = accountServing(['https://127.0.0.1:1/aoai/contoso-aiservices/openai/v1'], accounts);
    assert.deepEqual([v1Served?.account.name, v1Served?.path], ['b', 'openai/v1']);
    const inferenceServed = accountServing(['https://127.0.0.1:1/aoai/contoso-ai/models/'], accounts);
    assert.deepEqual([inferenceServed?.account.name, inferenceServed?.path], ['a', 'models']);
    assert.equal(servedApiVersion('models'), '2024-05-01-preview');
    assert.equal(servedApiVersion('openai/v1'), undefined);
    assert.equal(accountServing(['https://elsewhere.example/openai/v1'], accounts), undefined);
  });
});
