/**
 * One description of how a client calls an LLM API through the gateway with a subscription key: every language's
 * snippet (src/domain/snippets/languages.ts) is rendered from it, so the endpoint, model or deployment, api-version,
 * key header and environment variable are decided once. It never holds a key, only the name of the variable that does.
 */

export type ClientFlavour =
  /**
   * OpenAI-compatible chat completions at `{baseUrl}/chat/completions`, model in the body: also Microsoft Foundry's
   * Azure OpenAI v1 (no api-version) and Azure AI model inference (an `api-version` query on every call).
   */
  | 'openai'
  /** Azure OpenAI: `{baseUrl}/deployments/{deployment}/chat/completions?api-version=…`. */
  | 'azureOpenAi';

export interface ClientDescription {
  readonly flavour: ClientFlavour;
  /** `{gatewayUrl}/{apiPath}`, without a trailing slash. */
  readonly baseUrl: string;
  /** The header API Management reads the subscription key from (the API's setting), e.g. `api-key`. */
  readonly keyHeader: string;
  /** The environment variable the snippet reads the key from. */
  readonly keyVariable: string;
  /** The model (OpenAI-compatible) or the deployment name (Azure OpenAI). */
  readonly model: string;
  /**
   * Azure OpenAI: the api-version of the deployment's path. OpenAI-compatible: set when the API's operations take an
   * `api-version` query (Azure AI model inference), which the client then adds to every call.
   */
  readonly apiVersion?: string;
  readonly prompt: string;
  readonly maxTokens: number;
  /** First comment line: which API, instance and subscription the snippet is for. */
  readonly title: string;
}

export interface DescribeInput {
  readonly flavour: ClientFlavour;
  /** The API's endpoint, `{gatewayUrl}/{apiPath}`. */
  readonly endpoint: string;
  /** Where chat completions are under the endpoint for an OpenAI-compatible API (`/chat/completions`, `/v1/chat/completions`). */
  readonly chatPath?: string;
  readonly keyHeader: string;
  readonly keyVariable: string;
  readonly model: string;
  /** Azure OpenAI: the path's api-version (defaulted); OpenAI-compatible: the query api-version, when the API takes one. */
  readonly apiVersion?: string;
  readonly title: string;
}

export const DEFAULT_PROMPT = 'Say hello in five words.';
export const DEFAULT_MAX_TOKENS = 50;
/** The api-version an Azure OpenAI snippet uses when none is chosen (the latest GA inference version). */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

export function describeClient(input: DescribeInput): ClientDescription {
  const endpoint = input.endpoint.replace(/\/+$/, '');
  // The SDKs append /chat/completions themselves, so an operation at /v1/chat/completions means a base URL ending in /v1.
  const prefix = input.flavour === 'openai' ? (input.chatPath ?? '').replace(/\/?chat\/completions\/?$/i, '').replace(/\/+$/, '') : '';
  return {
    flavour: input.flavour,
    baseUrl: `${endpoint}${prefix === '' || prefix.startsWith('/') ? prefix : `/${prefix}`}`,
    keyHeader: input.keyHeader,
    keyVariable: input.keyVariable,
    model: input.model,
    ...(input.flavour === 'azureOpenAi'
      ? { apiVersion: input.apiVersion ?? DEFAULT_AZURE_API_VERSION }
      : input.apiVersion
        ? { apiVersion: input.apiVersion }
        : {}),
    prompt: DEFAULT_PROMPT,
    maxTokens: DEFAULT_MAX_TOKENS,
    title: input.title.replace(/[\r\n]+/g, ' '),
  };
}

/** The HTTP call the SDKs make, for the languages that write it out (curl, .http). */
export interface ChatCall {
  readonly url: string;
  readonly body: string;
}

export function chatCall(d: ClientDescription): ChatCall {
  const messages = [{ role: 'user', content: d.prompt }];
  if (d.flavour === 'azureOpenAi') {
    const url = `${d.baseUrl}/deployments/${encodeURIComponent(d.model)}/chat/completions?api-version=${encodeURIComponent(d.apiVersion ?? DEFAULT_AZURE_API_VERSION)}`;
    return { url, body: JSON.stringify({ messages, max_tokens: d.maxTokens }) };
  }
  const query = d.apiVersion ? `?api-version=${encodeURIComponent(d.apiVersion)}` : '';
  return { url: `${d.baseUrl}/chat/completions${query}`, body: JSON.stringify({ model: d.model, messages, max_tokens: d.maxTokens }) };
}

/** The header an SDK sends the key in by itself (OpenAI: a bearer token; Azure OpenAI: `api-key`). */
export function sdkKeyHeader(flavour: ClientFlavour): string {
  return flavour === 'azureOpenAi' ? 'api-key' : 'Authorization';
}

/** True when the SDK must send the key in the API's own header and drop its default one. */
export function needsOwnKeyHeader(d: ClientDescription): boolean {
  return d.keyHeader.toLowerCase() !== sdkKeyHeader(d.flavour).toLowerCase();
}

/** `SEARCH_TEAM_KEY` from `search-team`: what a shell and every language accept as a variable name. */
export function keyVariableFor(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  const safe = stem === '' ? 'APIM' : /^[0-9]/.test(stem) ? `APIM_${stem}` : stem;
  return `${safe.slice(0, 60)}_KEY`;
}

export function validateKeyVariable(name: string): string | undefined {
  if (!/^[A-Z_][A-Z0-9_]{0,99}$/.test(name)) {
    return 'The environment variable name may contain only capital letters, digits and "_", and must not start with a digit.';
  }
  return undefined;
}

/** A string literal valid in Python, JavaScript/TypeScript and C# alike (JSON's escapes are theirs too). */
export function literal(value: string): string {
  return JSON.stringify(value);
}
