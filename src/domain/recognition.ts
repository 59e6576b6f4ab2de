/**
 * Is an APIM API an LLM API, and behind which provider? ARM has no "LLM API" type, so we read the signs: the
 * backend URL's host, the operations (chat/completions, deployments/{id}/...), the AI policies (llm-*, azure-openai-*).
 * Pure: the explorer feeds it what it already has (the API list item and the backends list) and refines it later with
 * operations and the policy when the user opens the API.
 */

export type LlmProvider =
  | 'Azure OpenAI'
  | 'Azure AI Foundry'
  | 'Google Gemini'
  | 'OpenAI'
  | 'Mistral AI'
  | 'DeepSeek'
  | 'xAI'
  | 'Groq'
  | 'Ollama'
  | 'Hugging Face'
  | 'Anthropic'
  | 'Other';

export interface RecognitionInput {
  /** The API's `serviceUrl` (where APIM forwards by default). */
  readonly serviceUrl?: string;
  /** URLs of the backends the API uses (from `set-backend-service`, or matched by the caller). */
  readonly backendUrls?: readonly string[];
  readonly operations?: readonly { readonly method?: string; readonly urlTemplate: string }[];
  /** The API policy XML when known. */
  readonly policyXml?: string;
}

export interface Recognition {
  readonly isLlm: boolean;
  /** Set when isLlm. */
  readonly provider?: LlmProvider;
  /** Why we think so, for the tooltip and the log. */
  readonly reason?: string;
}

const hostRules: readonly { readonly test: RegExp; readonly provider: LlmProvider }[] = [
  { test: /\.openai\.azure\.(com|us|cn)$/, provider: 'Azure OpenAI' },
  { test: /\.cognitiveservices\.azure\.(com|us|cn)$/, provider: 'Azure OpenAI' },
  { test: /\.services\.ai\.azure\.com$|\.models\.ai\.azure\.com$|\.inference\.ai\.azure\.com$/, provider: 'Azure AI Foundry' },
  { test: /^generativelanguage\.googleapis\.com$/, provider: 'Google Gemini' },
  { test: /-aiplatform\.googleapis\.com$/, provider: 'Google Gemini' },
  { test: /^api\.openai\.com$/, provider: 'OpenAI' },
  { test: /^api\.mistral\.ai$|^codestral\.mistral\.ai$/, provider: 'Mistral AI' },
  { test: /^api\.deepseek\.com$/, provider: 'DeepSeek' },
  { test: /^api\.x\.ai$/, provider: 'xAI' },
  { test: /^api\.groq\.com$/, provider: 'Groq' },
  { test: /^api\.anthropic\.com$/, provider: 'Anthropic' },
  { test: /(^|\.)huggingface\.(co|cloud)$|\.hf\.space$/, provider: 'Hugging Face' },
  { test: /(^|\.)ollama(\.|$)/, provider: 'Ollama' },
];

/** Path signs of a provider, for hosts that say nothing (self-hosted, proxies, the local sandbox). */
const pathRules: readonly { readonly test: RegExp; readonly provider: LlmProvider }[] = [
  // The local sandbox's Cognitive Services accounts (`{origin}/aoai/{account}/`, where Azure has *.openai.azure.com):
  // their Azure OpenAI, v1 and model inference surfaces, before the generic `/openai/v1` rule takes v1 for OpenAI's own.
  { test: /\/aoai\/[^/]+\/(openai(\/v1)?|models)$/, provider: 'Azure OpenAI' },
  { test: /\/v1beta\/openai(\/|$)/, provider: 'Google Gemini' },
  // OpenAI's own path shape (`/v1` under an `/openai` prefix), as proxies and the local sandbox serve it.
  { test: /\/openai\/v1$/, provider: 'OpenAI' },
  { test: /\/openai\/deployments(\/|$)|\/openai\/?$/, provider: 'Azure OpenAI' },
  { test: /\/models\/chat\/completions$/, provider: 'Azure AI Foundry' },
];

/** Operation URL templates that only LLM APIs have. */
const llmOperation =
  /(^|\/)(chat\/completions|completions|embeddings|responses|messages|images\/generations|audio\/(transcriptions|translations|speech))\/?$/;
const azureOpenAiOperation = /(^|\/)deployments\/\{[^}]+\}\//;

/** Policy elements that only LLM APIs carry. */
const azureOpenAiPolicy = /<azure-openai-[a-z-]+\b/;
const llmPolicy = /<llm-[a-z-]+\b/;
const cognitiveServicesIdentity = /<authentication-managed-identity\b[^>]*resource\s*=\s*"https:\/\/cognitiveservices\.azure\.com/;

export function providerFromUrl(url: string | undefined): LlmProvider | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  for (const rule of hostRules) if (rule.test.test(host)) return rule.provider;
  if (parsed.port === '11434') return 'Ollama';
  const path = parsed.pathname.toLowerCase().replace(/\/+$/, '');
  for (const rule of pathRules) if (rule.test.test(path)) return rule.provider;
  return undefined;
}

export function recognizeLlmApi(input: RecognitionInput): Recognition {
  const urls = [...(input.backendUrls ?? []), input.serviceUrl].filter((u): u is string => !!u);
  const fromUrl = urls.map(providerFromUrl).find((p) => p !== undefined);
  if (fromUrl) return { isLlm: true, provider: fromUrl, reason: `its backend is ${fromUrl}` };

  const policy = input.policyXml ?? '';
  if (azureOpenAiPolicy.test(policy) || cognitiveServicesIdentity.test(policy)) {
    return { isLlm: true, provider: 'Azure OpenAI', reason: 'its policy uses Azure OpenAI elements' };
  }
  const ops = input.operations ?? [];
  if (ops.some((o) => azureOpenAiOperation.test(o.urlTemplate))) {
    return { isLlm: true, provider: 'Azure OpenAI', reason: 'its operations are Azure OpenAI deployments' };
  }
  if (llmPolicy.test(policy)) return { isLlm: true, provider: 'Other', reason: 'its policy uses AI gateway elements' };
  if (ops.some((o) => llmOperation.test(o.urlTemplate))) {
    return { isLlm: true, provider: 'Other', reason: 'it has chat completions operations' };
  }
  return { isLlm: false };
}

/** The backend ids an API policy routes to (`<set-backend-service backend-id="...">`), in document order. */
export function backendIdsInPolicy(policyXml: string): string[] {
  const ids: string[] = [];
  for (const m of policyXml.matchAll(/<set-backend-service\b[^>]*\bbackend-id\s*=\s*"([^"]+)"/g)) {
    if (!ids.includes(m[1])) ids.push(m[1]);
  }
  return ids;
}

/**
 * Without the policy we do not know which backend an API uses; imports name the backend after the API
 * (`{api}`, `{api}-backend`, `{api}-...`), which is a cheap, good guess until the policy is read.
 */
export function likelyBackendOf(apiId: string, backendName: string): boolean {
  const a = apiId.toLowerCase();
  const b = backendName.toLowerCase();
  return b === a || b.startsWith(`${a}-`);
}
