/** The languages "Copy Code for API…" offers, each a renderer of the one client description. */
import { toCurl, toHttpFile } from '../chat/curl';
import { chatCall, type ClientDescription } from './clientDescription';
import { csharpSnippet } from './csharpSnippet';
import { javascriptSnippet } from './javascriptSnippet';
import { pythonSnippet } from './pythonSnippet';

export const SNIPPET_LANGUAGES = ['python', 'typescript', 'javascript', 'csharp', 'curl', 'http'] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number];

export interface LanguageInfo {
  readonly label: string;
  /** What the picker says under the label. */
  readonly detail: (d: ClientDescription) => string;
  /** VS Code's language id for an untitled document. */
  readonly languageId: string;
  readonly fileExtension: string;
  readonly render: (d: ClientDescription) => string;
}

const sdk = (d: ClientDescription): string => (d.flavour === 'azureOpenAi' ? 'AzureOpenAI' : 'OpenAI');

function httpRequest(d: ClientDescription): Parameters<typeof toCurl>[0] {
  const call = chatCall(d);
  return {
    method: 'POST',
    url: call.url,
    headers: { 'Content-Type': 'application/json' },
    body: call.body,
    keyHeader: d.keyHeader,
    keyVariable: d.keyVariable,
  };
}

export const LANGUAGES: Readonly<Record<SnippetLanguage, LanguageInfo>> = {
  python: {
    label: 'Python',
    detail: (d) => `openai package, ${sdk(d)} client`,
    languageId: 'python',
    fileExtension: 'py',
    render: pythonSnippet,
  },
  typescript: {
    label: 'TypeScript',
    detail: (d) => `openai npm package, ${sdk(d)} client`,
    languageId: 'typescript',
    fileExtension: 'ts',
    render: (d) => javascriptSnippet(d, true),
  },
  javascript: {
    label: 'JavaScript',
    detail: (d) => `openai npm package, ${sdk(d)} client (ES module)`,
    languageId: 'javascript',
    fileExtension: 'mjs',
    render: (d) => javascriptSnippet(d),
  },
  csharp: {
    label: 'C#',
    detail: (d) => (d.flavour === 'azureOpenAi' && /\/openai$/i.test(d.baseUrl) ? 'Azure.AI.OpenAI package' : 'OpenAI package'),
    languageId: 'csharp',
    fileExtension: 'cs',
    render: csharpSnippet,
  },
  curl: {
    label: 'curl',
    detail: () => 'shell command',
    languageId: 'shellscript',
    fileExtension: 'sh',
    render: (d) =>
      `# ${d.title}\n# The subscription key is read from the ${d.keyVariable} environment variable.\n${toCurl(httpRequest(d))}\n`,
  },
  http: {
    label: '.http file',
    detail: () => 'REST Client / httpYac request',
    languageId: 'http',
    fileExtension: 'http',
    render: (d) => toHttpFile(httpRequest(d), d.title),
  },
};

export function renderSnippet(d: ClientDescription, language: SnippetLanguage): string {
  return LANGUAGES[language].render(d);
}

export const isSnippetLanguage = (v: unknown): v is SnippetLanguage =>
  typeof v === 'string' && (SNIPPET_LANGUAGES as readonly string[]).includes(v);
