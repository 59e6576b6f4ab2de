/**
 * Provider presets for the "Language Model API" import: what to fill in so nobody has to know a provider's base URL or
 * key header format. Pure data, shared by the extension host and the wizard's front end (through src/protocol).
 * How to add one: CONTRIBUTING.md, "How to add a provider preset".
 */

/** Where the key goes: `{key}` in `valueFormat` is replaced by the key the user enters. */
export interface KeyHeaderFormat {
  readonly name: string;
  readonly valueFormat: string;
}

export interface ProviderPreset {
  readonly id: ProviderId;
  readonly label: string;
  /** The OpenAI-compatible base URL (`{url}/chat/completions` answers). `{resource}`-style parts must be replaced. */
  readonly baseUrl: string;
  readonly keyHeader: KeyHeaderFormat;
  /** False for servers that accept any key (Ollama): the header value may stay empty. */
  readonly keyRequired: boolean;
  readonly suggestedModels: readonly string[];
  /** A short hint shown under the provider choice. */
  readonly note?: string;
}

export const PROVIDER_IDS = [
  'gemini',
  'openai',
  'mistral',
  'deepseek',
  'xai',
  'groq',
  'ollama',
  'huggingface-tgi',
  'azure-foundry',
  'custom',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

export const KEY_PLACEHOLDER = '{key}';

const bearer: KeyHeaderFormat = { name: 'Authorization', valueFormat: `Bearer ${KEY_PLACEHOLDER}` };

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'gemini',
    label: 'Google Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    keyHeader: bearer,
    keyRequired: true,
    suggestedModels: ['gemini-2.5-flash', 'gemini-2.0-flash', 'gemini-2.5-pro'],
  },
  {
    id: 'openai',
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    keyHeader: bearer,
    keyRequired: true,
    suggestedModels: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1'],
  },
  {
    id: 'mistral',
    label: 'Mistral AI',
    baseUrl: 'https://api.mistral.ai/v1',
    keyHeader: bearer,
    keyRequired: true,
    suggestedModels: ['mistral-small-latest', 'mistral-large-latest'],
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    baseUrl: 'https://api.deepseek.com/v1',
    keyHeader: bearer,
    keyRequired: true,
    suggestedModels: ['deepseek-chat', 'deepseek-reasoner'],
  },
  {
    id: 'xai',
    label: 'xAI',
    baseUrl: 'https://api.x.ai/v1',
    keyHeader: bearer,
    keyRequired: true,
    suggestedModels: ['grok-3-mini', 'grok-3'],
  },
  {
    id: 'groq',
    label: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    keyHeader: bearer,
    keyRequired: true,
    suggestedModels: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant'],
  },
  {
    id: 'ollama',
    label: 'Ollama (local)',
    baseUrl: 'http://localhost:11434/v1',
    keyHeader: bearer,
    keyRequired: false,
    suggestedModels: ['llama3.2', 'qwen2.5'],
    note: 'API Management must be able to reach this URL: use a self-hosted gateway or a tunnel for a local Ollama',
  },
  {
    id: 'huggingface-tgi',
    label: 'Hugging Face TGI',
    baseUrl: 'https://{endpoint}.endpoints.huggingface.cloud/v1',
    keyHeader: bearer,
    keyRequired: true,
    suggestedModels: ['tgi'],
    note: 'Replace {endpoint} with the name of your inference endpoint',
  },
  {
    id: 'azure-foundry',
    label: 'Azure AI Foundry (OpenAI v1)',
    baseUrl: 'https://{resource}.openai.azure.com/openai/v1',
    keyHeader: { name: 'api-key', valueFormat: KEY_PLACEHOLDER },
    keyRequired: true,
    suggestedModels: ['gpt-4o-mini', 'gpt-4.1-mini'],
    note: 'Replace {resource} with your Azure AI Foundry or Azure OpenAI resource name',
  },
  {
    id: 'custom',
    label: 'Custom',
    baseUrl: '',
    keyHeader: { name: 'Authorization', valueFormat: KEY_PLACEHOLDER },
    keyRequired: false,
    suggestedModels: [],
    note: 'Any OpenAI-compatible endpoint; the header value is sent exactly as you enter it',
  },
];

export function findPreset(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}

/** The header value the backend sends: the preset's format with the key in place. */
export function formatKeyHeaderValue(valueFormat: string, key: string): string {
  return valueFormat.includes(KEY_PLACEHOLDER) ? valueFormat.split(KEY_PLACEHOLDER).join(key) : key;
}
