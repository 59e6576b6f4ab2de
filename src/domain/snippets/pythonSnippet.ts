/** Python with the official `openai` package: `OpenAI` for OpenAI-compatible APIs, `AzureOpenAI` for Azure OpenAI ones. */
import { literal, needsOwnKeyHeader, sdkKeyHeader, type ClientDescription } from './clientDescription';

export function pythonSnippet(d: ClientDescription): string {
  const azure = d.flavour === 'azureOpenAi';
  const own = needsOwnKeyHeader(d);
  const clientClass = azure ? 'AzureOpenAI' : 'OpenAI';
  const args = [
    `base_url=${literal(d.baseUrl)}`,
    'api_key=key',
    ...(azure
      ? [`api_version=${literal(d.apiVersion ?? '')}`]
      : d.apiVersion
        ? [`default_query={"api-version": ${literal(d.apiVersion)}}`]
        : []),
  ];
  if (own) {
    // Omit() drops the SDK's own key header, so that the key travels once, in the header API Management reads.
    args.push(`default_headers={${literal(d.keyHeader)}: key, ${literal(sdkKeyHeader(d.flavour))}: Omit()}`);
  }
  return [
    `# ${d.title}`,
    `# pip install openai. The subscription key is read from the ${d.keyVariable} environment variable.`,
    'import os',
    '',
    `from openai import ${own ? `${clientClass}, Omit` : clientClass}`,
    '',
    `key = os.environ[${literal(d.keyVariable)}]`,
    `client = ${clientClass}(`,
    ...args.map((a) => `    ${a},`),
    ')',
    'response = client.chat.completions.create(',
    `    model=${literal(d.model)},`,
    `    messages=[{"role": "user", "content": ${literal(d.prompt)}}],`,
    `    max_tokens=${d.maxTokens},`,
    ')',
    'print(response.choices[0].message.content)',
    'print(response.usage)',
    '',
  ].join('\n');
}
