/**
 * What "Copy Code" reads from an API beyond its request shape: whether its OpenAI-compatible chat operation takes an
 * `api-version` query (Azure AI model inference: APIM turns the spec's required query into the operation's template,
 * `/chat/completions?api-version={api-version}`, so a call without it matches no operation), and which Azure account
 * serves it (its deployments are the models a v1 or model-inference client names in the body).
 */
import { MODEL_INFERENCE_API_VERSION } from '../import/azureOpenAi/compatibility';

interface Operation {
  readonly method: string;
  readonly urlTemplate: string;
}

const CHAT = /^\/?(?:v1\/)?chat\/completions$/i;

/** The api-version an OpenAI-compatible chat call must carry, or undefined when its operation takes none. */
export function queryApiVersion(operations: readonly Operation[]): string | undefined {
  for (const o of operations) {
    const [path = '', query = ''] = o.urlTemplate.split('?');
    if (o.method.toUpperCase() !== 'POST' || !CHAT.test(path)) continue;
    const version = new URLSearchParams(query).get('api-version');
    if (version === null) return undefined;
    // A template parameter (`{api-version}`) names no value: the model inference API's version is the one we import.
    return /^\{.*\}$/.test(version) || version === '' ? MODEL_INFERENCE_API_VERSION : version;
  }
  return undefined;
}

/**
 * The account whose endpoint one of the URLs (backends, service URL) lies under, and the path below it: `openai/v1`
 * (Azure OpenAI v1), `models` (Azure AI model inference), `openai` (Azure OpenAI).
 */
export function accountServing<A extends { readonly endpoint: string }>(
  urls: readonly string[],
  accounts: readonly A[],
): { readonly account: A; readonly path: string } | undefined {
  const slash = (u: string): string => `${u.toLowerCase().replace(/\/+$/, '')}/`;
  for (const account of accounts) {
    if (account.endpoint === '') continue;
    const base = slash(account.endpoint);
    const url = urls.find((u) => u !== '' && slash(u).startsWith(base));
    if (url !== undefined) return { account, path: slash(url).slice(base.length).replace(/\/+$/, '') };
  }
  return undefined;
}

/**
 * The api-version a model inference backend needs even when its operations do not say so (an API imported with
 * required query parameters kept as query parameters matches without it, and the account then refuses the call).
 */
export function servedApiVersion(path: string): string | undefined {
  return path === 'models' ? MODEL_INFERENCE_API_VERSION : undefined;
}
