import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backendIdsInPolicy,
  providerFromUrl,
  recognizeLlmApi,
  type LlmProvider,
  type RecognitionInput,
} from '../../src/domain/recognition';

void describe('providerFromUrl', () => {
  const table: [string, LlmProvider | undefined][] = [
    ['https://contoso.openai.azure.com/openai', 'Azure OpenAI'],
    ['https://contoso.cognitiveservices.azure.com/', 'Azure OpenAI'],
    ['https://contoso.openai.azure.us/openai', 'Azure OpenAI'],
    ['https://contoso.services.ai.azure.com/models', 'Azure AI Foundry'],
    ['https://generativelanguage.googleapis.com/v1beta/openai', 'Google Gemini'],
    ['https://api.openai.com/v1', 'OpenAI'],
    ['https://api.mistral.ai/v1', 'Mistral AI'],
    ['https://api.deepseek.com', 'DeepSeek'],
    ['https://api.x.ai/v1', 'xAI'],
    ['https://api.groq.com/openai/v1', 'Groq'],
    ['http://localhost:11434/v1', 'Ollama'],
    ['https://my-model.endpoints.huggingface.cloud/v1', 'Hugging Face'],
    ['https://api.anthropic.com/v1', 'Anthropic'],
    ['https://127.0.0.1:4443/gemini/v1beta/openai', 'Google Gemini'],
    ['https://127.0.0.1:4443/openai/v1', 'OpenAI'],
    ['https://127.0.0.1:4443/aoai/contoso-openai/openai', 'Azure OpenAI'],
    ['https://127.0.0.1:4443/aoai/contoso-aiservices/openai/v1', 'Azure OpenAI'],
    ['https://127.0.0.1:4443/aoai/contoso-aiservices/models', 'Azure OpenAI'],
    ['https://contoso.cognitiveservices.azure.com/openai/v1', 'Azure OpenAI'],
    ['https://contoso.services.ai.azure.com/openai/v1', 'Azure AI Foundry'],
    ['https://petstore3.swagger.io/api/v3', undefined],
    ['https://notapi.openai.com.evil.example/v1', undefined],
    ['not a url', undefined],
    ['', undefined],
  ];
  for (const [url, provider] of table) {
    void it(`${url || '(empty)'} -> ${provider ?? 'none'}`, () => assert.equal(providerFromUrl(url), provider));
  }
});

void describe('recognizeLlmApi', () => {
  const table: [string, RecognitionInput, boolean, LlmProvider | undefined][] = [
    [
      'plain REST API',
      { serviceUrl: 'https://conferenceapi.azurewebsites.net', operations: [{ method: 'GET', urlTemplate: '/sessions' }] },
      false,
      undefined,
    ],
    [
      'backend URL wins over service URL',
      { serviceUrl: 'https://example.com', backendUrls: ['https://api.mistral.ai/v1'] },
      true,
      'Mistral AI',
    ],
    [
      'Azure OpenAI deployments operations',
      { operations: [{ method: 'POST', urlTemplate: '/deployments/{deployment-id}/chat/completions' }] },
      true,
      'Azure OpenAI',
    ],
    [
      'azure-openai policy element',
      { policyXml: '<policies><inbound><azure-openai-token-limit tokens-per-minute="5"/></inbound></policies>' },
      true,
      'Azure OpenAI',
    ],
    [
      'managed identity for Cognitive Services',
      { policyXml: '<authentication-managed-identity resource="https://cognitiveservices.azure.com" />' },
      true,
      'Azure OpenAI',
    ],
    [
      'llm- policy element, unknown host',
      { serviceUrl: 'https://llm.internal.example', policyXml: '<llm-token-limit counter-key="x" />' },
      true,
      'Other',
    ],
    [
      'chat completions operation, unknown host',
      { serviceUrl: 'https://models.internal.example/v1', operations: [{ method: 'POST', urlTemplate: '/chat/completions' }] },
      true,
      'Other',
    ],
    ['embeddings operation', { operations: [{ method: 'POST', urlTemplate: '/embeddings' }] }, true, 'Other'],
    [
      'look-alike operation is not LLM',
      { operations: [{ method: 'GET', urlTemplate: '/chat/completions-report/{id}' }] },
      false,
      undefined,
    ],
    [
      'a mention in a comment-less unrelated policy',
      { policyXml: '<set-header name="x-llm" exists-action="override"><value>1</value></set-header>' },
      false,
      undefined,
    ],
  ];
  for (const [name, input, isLlm, provider] of table) {
    void it(name, () => {
      const r = recognizeLlmApi(input);
      assert.equal(r.isLlm, isLlm);
      assert.equal(r.provider, provider);
      if (isLlm) assert.ok(r.reason && r.reason.length > 0);
    });
  }
});

void describe('backendIdsInPolicy', () => {
  void it('finds every set-backend-service backend once, in order', () => {
    const xml = `<policies><inbound><base /><set-backend-service id="a" backend-id="primary" />
      <choose><when condition="x"><set-backend-service backend-id="fallback"/></when></choose>
      <set-backend-service backend-id="primary" /></inbound></policies>`;
    assert.deepEqual(backendIdsInPolicy(xml), ['primary', 'fallback']);
  });
  void it('ignores base-url routing', () => {
    assert.deepEqual(backendIdsInPolicy('<set-backend-service base-url="https://x" />'), []);
  });
});
