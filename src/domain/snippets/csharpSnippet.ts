/**
 * C#: `Azure.AI.OpenAI` (AzureOpenAIClient, which adds `/openai` to its endpoint) for Azure OpenAI APIs whose path ends
 * in `/openai`; the `OpenAI` package (ChatClient with a custom endpoint) otherwise.
 */
import { literal, needsOwnKeyHeader, type ClientDescription } from './clientDescription';

export function csharpSnippet(d: ClientDescription): string {
  const azureClient = d.flavour === 'azureOpenAi' && /\/openai$/i.test(d.baseUrl);
  const head = [
    `// ${d.title}`,
    `// dotnet add package ${azureClient ? 'Azure.AI.OpenAI' : 'OpenAI'}. The subscription key is read from the ${d.keyVariable} environment variable.`,
  ];
  const keyLine = `string key = Environment.GetEnvironmentVariable(${literal(d.keyVariable)}) ?? throw new InvalidOperationException(${literal(`Set ${d.keyVariable} to the subscription key.`)});`;
  const call = [
    `ChatCompletion completion = chat.CompleteChat(`,
    `    new ChatMessage[] { new UserChatMessage(${literal(d.prompt)}) },`,
    `    new ChatCompletionOptions { MaxOutputTokenCount = ${d.maxTokens} });`,
    'Console.WriteLine(completion.Content[0].Text);',
    'Console.WriteLine($"{completion.Usage.InputTokenCount} + {completion.Usage.OutputTokenCount} tokens");',
    '',
  ];
  const keyPolicy = needsOwnKeyHeader(d)
    ? [
        '// API Management reads the subscription key from this header.',
        `options.AddPolicy(ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(key), ${literal(d.keyHeader)}), PipelinePosition.PerCall);`,
      ]
    : [];
  if (azureClient) {
    return [
      ...head,
      'using System.ClientModel.Primitives;',
      'using Azure;',
      'using Azure.AI.OpenAI;',
      'using OpenAI.Chat;',
      '',
      keyLine,
      'var options = new AzureOpenAIClientOptions();',
      ...keyPolicy,
      `var client = new AzureOpenAIClient(new Uri(${literal(d.baseUrl.replace(/\/openai$/i, ''))}), new AzureKeyCredential(key), options);`,
      `ChatClient chat = client.GetChatClient(${literal(d.model)});`,
      ...call,
    ].join('\n');
  }
  const endpoint = d.flavour === 'azureOpenAi' ? `${d.baseUrl}/deployments/${d.model}` : d.baseUrl;
  // The OpenAI package has no default query: a small policy adds the api-version the API's operations match on.
  const queryVersion = d.flavour === 'openai' && d.apiVersion !== undefined;
  return [
    ...head,
    'using System.ClientModel;',
    'using System.ClientModel.Primitives;',
    'using OpenAI;',
    'using OpenAI.Chat;',
    '',
    keyLine,
    `var options = new OpenAIClientOptions { Endpoint = new Uri(${literal(endpoint)}) };`,
    ...keyPolicy,
    ...(queryVersion ? [`options.AddPolicy(new ApiVersionPolicy(${literal(d.apiVersion ?? '')}), PipelinePosition.PerCall);`] : []),
    `ChatClient chat = new(${literal(d.model)}, new ApiKeyCredential(key), options);`,
    ...call,
    ...(queryVersion ? API_VERSION_POLICY : []),
  ].join('\n');
}

/** Adds `api-version` to every request's query (Azure AI model inference matches its operations on it). */
const API_VERSION_POLICY = [
  'sealed class ApiVersionPolicy(string version) : PipelinePolicy',
  '{',
  '    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)',
  '    {',
  '        AddVersion(message);',
  '        ProcessNext(message, pipeline, currentIndex);',
  '    }',
  '',
  '    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)',
  '    {',
  '        AddVersion(message);',
  '        return ProcessNextAsync(message, pipeline, currentIndex);',
  '    }',
  '',
  '    private void AddVersion(PipelineMessage message)',
  '    {',
  '        var uri = new UriBuilder(message.Request.Uri!);',
  "        string query = uri.Query.TrimStart('?');",
  '        uri.Query = (query.Length > 0 ? query + "&" : "") + "api-version=" + Uri.EscapeDataString(version);',
  '        message.Request.Uri = uri.Uri;',
  '    }',
  '}',
  '',
];
