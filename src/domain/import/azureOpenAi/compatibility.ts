/**
 * Microsoft Foundry's client compatibility choices for an OpenAI or AIServices account, as the portal's import offers
 * them: how clients call the API (the base path's last segments), where the backend points, and which SDK settings a
 * client uses.
 * - `azureOpenAi`: `{base}/openai/deployments/{deployment}/…?api-version=…`, the deployment in the path.
 * - `modelInference`: Azure AI model inference, `{base}/models/chat/completions?api-version=…`, the model in the body.
 * - `v1`: Azure OpenAI v1, `{base}/openai/v1/{chat/completions|responses|embeddings|models}`, the model in the body:
 *   what the OpenAI SDKs speak with only a base URL.
 */
import { checkBasePath, clientEndpoint, splitBasePath, type BasePathCheck } from './basePath';
import { normalizeAccountEndpoint } from './accountEndpoint';
import { isSwagger2, type OpenApiDocument } from './openApiDocument';

export const AOAI_COMPATIBILITIES = ['azureOpenAi', 'modelInference', 'v1'] as const;
export type AoaiCompatibility = (typeof AOAI_COMPATIBILITIES)[number];

export const COMPATIBILITY_LABELS: Readonly<Record<AoaiCompatibility, string>> = {
  azureOpenAi: 'Azure OpenAI ({base}/openai, deployment in the path)',
  modelInference: 'Azure AI model inference ({base}/models, model in the body)',
  v1: 'Azure OpenAI v1 ({base}/openai/v1, model in the body; OpenAI SDKs)',
};

/** The path segments each choice's base path ends with, and the account URL suffix its backend points at. */
const SUFFIX: Readonly<Record<AoaiCompatibility, readonly string[]>> = {
  azureOpenAi: ['openai'],
  modelInference: ['models'],
  v1: ['openai', 'v1'],
};

/** The api-version the model inference spec and sample requests use. */
export const MODEL_INFERENCE_API_VERSION = '2024-05-01-preview';

/** The base path rule of a choice: `ai/foundry` → `ai/foundry/openai/v1` (v1), `ai/foundry/models` (model inference). */
export function checkCompatBasePath(input: string, compatibility: AoaiCompatibility): BasePathCheck {
  if (compatibility === 'azureOpenAi') return checkBasePath(input);
  const suffix = SUFFIX[compatibility];
  const split = splitBasePath(input);
  if (!Array.isArray(split)) return split;
  const segments = split;
  const trimmed = segments.join('/');
  // Drop any tail that is a prefix of the suffix (`…/openai` for v1), then add the suffix once.
  const lower = segments.map((s) => s.toLowerCase());
  for (let n = suffix.length; n > 0; n--) {
    if (lower.length >= n && lower.slice(-n).join('/') === suffix.slice(0, n).join('/')) {
      segments.splice(segments.length - n, n);
      break;
    }
  }
  const path = [...segments, ...suffix].join('/');
  if (path.length > 400) return { path, valid: false, message: 'The base path is longer than 400 characters. Use a shorter path.' };
  if (path === trimmed) return { path, valid: true };
  return {
    path,
    valid: true,
    message: `The base path becomes "${path}": with ${compatibility === 'v1' ? 'Azure OpenAI v1' : 'Azure AI model inference'} it must end in /${suffix.join('/')}.`,
  };
}

/** The backend URL: the account endpoint plus `/openai`, `/models` or `/openai/v1`. */
export function compatBackendUrl(endpoint: string, compatibility: AoaiCompatibility): string {
  const n = normalizeAccountEndpoint(endpoint);
  if (!n.ok) throw new Error(n.error);
  return `${n.endpoint}/${SUFFIX[compatibility].join('/')}`;
}

/** What Review says about the SDK settings a client of this choice uses (the gateway URL and the API's path). */
export function clientSettingsSentence(compatibility: AoaiCompatibility, gatewayUrl: string, basePath: string, keyHeader: string): string {
  const base = `${gatewayUrl.replace(/\/+$/, '')}/${basePath}`;
  const key = `the subscription key in the "${keyHeader}" header`;
  switch (compatibility) {
    case 'azureOpenAi':
      return `Clients use the Azure OpenAI SDKs (AzureOpenAI) with endpoint ${clientEndpoint(gatewayUrl, basePath)}, an api-version, the deployment name as the model, and ${key}.`;
    case 'modelInference':
      return `Clients use the Azure AI Inference SDK (ChatCompletionsClient) with endpoint ${base}, api-version ${MODEL_INFERENCE_API_VERSION}, the deployment name in "model", and ${key}.`;
    case 'v1':
      return `Clients use the OpenAI SDKs (OpenAI, not AzureOpenAI) with baseURL ${base}, no api-version, the deployment name in "model", and ${key} (APIM does not read the key from "Authorization: Bearer").`;
  }
}

/**
 * The surface an OpenAPI document describes, read from where its server points: `…/openai/v1` (the official Azure
 * OpenAI v1 spec writes `{endpoint}/openai/v1`), `…/models` (model inference), anything else Azure OpenAI (the inference
 * specs' `https://{endpoint}/openai`). The portal's OpenAPI import has no compatibility choice: the spec decides.
 */
export function specCompatibility(doc: OpenApiDocument): AoaiCompatibility {
  const servers = Array.isArray(doc.servers) ? (doc.servers as unknown[]) : [];
  const first = servers[0] as { url?: unknown } | undefined;
  const url = isSwagger2(doc) ? doc.basePath : first?.url;
  const path = (typeof url === 'string' ? url : '').split('?')[0].replace(/\/+$/, '').toLowerCase();
  if (path.endsWith('/openai/v1')) return 'v1';
  if (path.endsWith('/models')) return 'modelInference';
  return 'azureOpenAi';
}

/** A short name of a choice for sentences. */
export const COMPATIBILITY_NAMES: Readonly<Record<AoaiCompatibility, string>> = {
  azureOpenAi: 'Azure OpenAI',
  modelInference: 'Azure AI model inference',
  v1: 'Azure OpenAI v1',
};

/** Why the spec mode has no compatibility choice, as the wizard says it (Microsoft Learn: "Import an Azure OpenAI API"). */
export const SPEC_COMPATIBILITY_NOTE =
  "The bundled versions are the Azure OpenAI inference API (the deployment in the path): client compatibility is chosen when importing from the resource, as in the portal's Microsoft Foundry import, and a local file keeps the surface its server names (…/openai/v1 for v1, …/models for model inference).";
