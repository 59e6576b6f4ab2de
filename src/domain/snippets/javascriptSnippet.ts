/**
 * JavaScript (ES module) and TypeScript with the official `openai` npm package: `OpenAI` for OpenAI-compatible APIs,
 * `AzureOpenAI` for Azure OpenAI ones. The JavaScript one is an ES module with top-level await; the TypeScript one
 * wraps the call in `main()`, so that it runs whether the project compiles to CommonJS or to ES modules.
 */
import { literal, needsOwnKeyHeader, sdkKeyHeader, type ClientDescription } from './clientDescription';

export function javascriptSnippet(d: ClientDescription, typescript = false): string {
  const azure = d.flavour === 'azureOpenAi';
  const clientClass = azure ? 'AzureOpenAI' : 'OpenAI';
  const options = [
    `baseURL: ${literal(d.baseUrl)}`,
    'apiKey: key',
    ...(azure
      ? [`apiVersion: ${literal(d.apiVersion ?? '')}`]
      : d.apiVersion
        ? [`defaultQuery: { 'api-version': ${literal(d.apiVersion)} }`]
        : []),
  ];
  if (needsOwnKeyHeader(d)) {
    // null drops the SDK's own key header, so that the key travels once, in the header API Management reads.
    options.push(`defaultHeaders: { ${literal(d.keyHeader)}: key, ${literal(sdkKeyHeader(d.flavour))}: null }`);
  }
  const call = [
    'const response = await client.chat.completions.create({',
    `  model: ${literal(d.model)},`,
    `  messages: [{ role: 'user', content: ${literal(d.prompt)} }],`,
    `  max_tokens: ${d.maxTokens},`,
    '});',
    'console.log(response.choices[0]?.message?.content);',
    'console.log(response.usage);',
  ];
  return [
    `// ${d.title}`,
    `// npm install openai. The subscription key is read from the ${d.keyVariable} environment variable.`,
    azure ? `import { AzureOpenAI } from 'openai';` : `import OpenAI from 'openai';`,
    '',
    `const key${typescript ? ': string | undefined' : ''} = process.env[${literal(d.keyVariable)}];`,
    `if (!key) throw new Error(${literal(`Set ${d.keyVariable} to the subscription key.`)});`,
    '',
    `const client = new ${clientClass}({`,
    ...options.map((o) => `  ${o},`),
    '});',
    ...(typescript ? ['async function main(): Promise<void> {', ...call.map((l) => `  ${l}`), '}', '', 'void main();'] : call),
    '',
  ].join('\n');
}
