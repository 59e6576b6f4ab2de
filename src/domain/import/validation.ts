/**
 * Field validators for the Language Model API import. Pure and shared: the wizard runs them as the user types and the
 * extension host runs them again on every message, because messages from a webview are untrusted. Each returns
 * undefined when the value is fine, otherwise one sentence saying what is wrong and what to enter instead.
 */
import { poolFormErrors, urlIdentity } from '../pools/poolValidation';
import {
  MAX_METRIC_DIMENSIONS,
  type ContentSafetySettings,
  type LmApiField,
  type LmApiForm,
  type SemanticCacheSettings,
  type TokenLimitSettings,
  type TokenMetricsSettings,
} from './lmApiForm';
import { KEY_PLACEHOLDER, findPreset } from './providers';

export type FieldErrors = Partial<Record<LmApiField, string>>;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
// RFC 7230 token characters: what an HTTP header name may contain.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// APIM rejects these characters in resource ids.
const ID_FORBIDDEN = /[*#&+:<>?/\\%]/;

export function validateDisplayName(value: string): string | undefined {
  if (value.trim() === '') return 'Enter a display name.';
  if (value.length > 300) return 'The display name is too long. Use at most 300 characters.';
  if (CONTROL_CHARS.test(value)) return 'The display name contains a control character. Use printable characters only.';
  if (!/[A-Za-z0-9]/.test(value)) return 'The display name needs at least one letter or digit, from which the API id is made.';
  return undefined;
}

export function validateDescription(value: string): string | undefined {
  if (value.length > 1000) return 'The description is too long. Use at most 1,000 characters.';
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) return 'The description contains a control character. Remove it.';
  return undefined;
}

/** The model's base URL: absolute http(s), no credentials, query or fragment, no unreplaced `{placeholder}`. */
export function validateBackendUrl(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'Enter the URL of the model endpoint, for example https://api.openai.com/v1.';
  const placeholder = /\{[^}]*\}/.exec(trimmed);
  if (placeholder) return `The URL still contains ${truncate(placeholder[0])}. Replace it with your own value.`;
  if (trimmed.length > 2000) return 'The URL is too long. Use at most 2,000 characters.';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'The URL is not valid. Enter a full URL that starts with https://.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The URL must start with https:// or http://.';
  if (url.username || url.password) return 'The URL must not contain a user name or password. Put the key in "Header value" instead.';
  if (url.search || url.hash) return 'The URL must not contain a query or fragment. Enter the base URL only.';
  if (/\/chat\/completions\/?$/.test(url.pathname)) {
    return 'The URL ends in /chat/completions. Enter the base URL without it; the operation adds it.';
  }
  return undefined;
}

/** The API's URL suffix: relative, made of safe segments, not taken by another API of the instance. */
export function validateApiPath(value: string, existingPaths: readonly string[] = []): string | undefined {
  const path = normalizeApiPath(value);
  if (path === '') return 'Enter a path, for example gemini. The API is served at {gateway URL}/{path}.';
  if (path.length > 400) return 'The path is too long. Use at most 400 characters.';
  if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(path)) {
    return 'The path can only contain letters, digits, ".", "_", "~", "-" and "/" between segments. Remove other characters.';
  }
  if (path.split('/').some((s) => s === '.' || s === '..')) return 'The path must not contain "." or ".." segments. Use names.';
  const taken = existingPaths.find((p) => normalizeApiPath(p).toLowerCase() === path.toLowerCase());
  if (taken !== undefined) return `Another API of this instance already uses the path "${path}". Choose a different path.`;
  return undefined;
}

export function normalizeApiPath(value: string): string {
  return value.trim().replace(/^\/+|\/+$/g, '');
}

export function validateHeaderName(value: string): string | undefined {
  if (value === '') return 'Enter the name of the header that carries the key, for example Authorization.';
  if (value.length > 100) return 'The header name is too long. Use at most 100 characters.';
  if (!HEADER_NAME.test(value)) return 'The header name can only contain letters, digits and - _ . Remove spaces and other characters.';
  return undefined;
}

export function validateHeaderValueFormat(value: string): string | undefined {
  if (value.length > 200 || CONTROL_CHARS.test(value)) return 'The header value format is not valid. Choose the provider again.';
  if (value.split(KEY_PLACEHOLDER).length !== 2) {
    return `The header value format must contain ${KEY_PLACEHOLDER} once. Choose the provider again.`;
  }
  return undefined;
}

/** The key itself. `keyRequired` comes from the preset; `valueFormat` catches a key pasted with its prefix. */
/** `of` names whose key it is in the sentence ("backend 2"); a sentence never quotes the key. */
export function validateKey(value: string, opts: { keyRequired: boolean; valueFormat: string; of?: string }): string | undefined {
  const the = opts.of ? `The key of ${opts.of}` : 'The key';
  if (value === '') return opts.keyRequired ? `Enter the API key of ${opts.of ?? 'the provider'}.` : undefined;
  if (value.length > 4096) return `${the} is too long. Paste the key only.`;
  if (CONTROL_CHARS.test(value)) return `${the} contains a line break or control character. Paste the key only.`;
  if (value !== value.trim()) return `${the} starts or ends with a space. Remove the spaces.`;
  const prefix = opts.valueFormat.split(KEY_PLACEHOLDER)[0] ?? '';
  if (prefix.trim() !== '' && value.toLowerCase().startsWith(prefix.toLowerCase())) {
    return `${the} already starts with "${prefix.trim()}". Enter the key only; "${prefix.trim()}" is added for you.`;
  }
  return undefined;
}

export function validateProducts(products: readonly string[], available?: readonly string[]): string | undefined {
  if (products.length > 50) return 'Too many products are selected. Choose at most 50.';
  if (new Set(products).size !== products.length) return 'A product is selected twice. Select each product once.';
  for (const p of products) {
    if (p === '' || p.length > 256 || ID_FORBIDDEN.test(p) || CONTROL_CHARS.test(p)) {
      return `"${truncate(p)}" is not a valid product id. Choose products from the list.`;
    }
    if (available && !available.includes(p)) {
      return `The product "${truncate(p)}" does not exist in this instance. Choose products from the list.`;
    }
  }
  return undefined;
}

export function validateTokenLimit(s: TokenLimitSettings): FieldErrors {
  const errors: FieldErrors = {};
  if (!Number.isInteger(s.tokensPerMinute) || s.tokensPerMinute < 1 || s.tokensPerMinute > 100_000_000) {
    errors['policies.tokensPerMinute'] = 'Tokens per minute must be a whole number from 1 to 100,000,000.';
  }
  if ((s.tokenQuota === undefined) !== (s.tokenQuotaPeriod === undefined)) {
    errors['policies.tokenQuota'] = 'A token quota needs both an amount and a period. Fill in both or neither.';
  } else if (s.tokenQuota !== undefined && (!Number.isInteger(s.tokenQuota) || s.tokenQuota < 1 || s.tokenQuota > 1_000_000_000_000)) {
    errors['policies.tokenQuota'] = 'The token quota must be a whole number from 1 to 1,000,000,000,000.';
  }
  return errors;
}

export function validateTokenMetrics(s: TokenMetricsSettings): FieldErrors {
  const errors: FieldErrors = {};
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(s.namespace)) {
    errors['policies.namespace'] =
      'The metric namespace must start with a letter or digit and contain only letters, digits, ".", "_" and "-".';
  }
  if (s.dimensions.length > MAX_METRIC_DIMENSIONS) errors['policies.dimensions'] = `Choose at most ${MAX_METRIC_DIMENSIONS} dimensions.`;
  else if (new Set(s.dimensions).size !== s.dimensions.length) {
    errors['policies.dimensions'] = 'A dimension is chosen twice. Choose each once.';
  }
  return errors;
}

export function validateSemanticCache(s: SemanticCacheSettings, embeddingsBackends?: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  if (s.embeddingsDeployment) {
    // The backend is created from the deployment (src/domain/policies/validation.ts checks the choice).
  } else if (embeddingsBackends?.length === 0) {
    errors['policies.embeddingsBackendId'] =
      'Semantic caching needs an embeddings backend and this instance has none. Create one from an embeddings deployment, or turn semantic caching off.';
  } else if (s.embeddingsBackendId === '' || (embeddingsBackends && !embeddingsBackends.includes(s.embeddingsBackendId))) {
    errors['policies.embeddingsBackendId'] = 'Choose the embeddings backend from the list.';
  }
  if (!(s.scoreThreshold > 0 && s.scoreThreshold <= 1)) {
    errors['policies.scoreThreshold'] = 'The score threshold must be a number above 0 and at most 1, for example 0.8.';
  }
  if (!Number.isInteger(s.durationSeconds) || s.durationSeconds < 1 || s.durationSeconds > 31_536_000) {
    errors['policies.durationSeconds'] = 'The cache duration must be a whole number of seconds from 1 to 31,536,000 (one year).';
  }
  return errors;
}

export function validateContentSafety(s: ContentSafetySettings, backends?: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  // With an account the backend is created for it (src/domain/policies/validation.ts checks the choice).
  if (s.accountId === undefined && (s.backendId === '' || (backends && !backends.includes(s.backendId)))) {
    errors['policies.safetyBackendId'] = 'Choose the content safety backend from the list.';
  }
  if (s.categories.length === 0 && !s.shieldPrompt) {
    errors['policies.categories'] = 'Choose at least one category, or turn on prompt shield.';
  }
  if (new Set(s.categories.map((c) => c.name)).size !== s.categories.length) {
    errors['policies.categories'] = 'A category is listed twice. List each once.';
  }
  for (const c of s.categories) {
    if (!Number.isInteger(c.threshold) || c.threshold < 0 || c.threshold > 7) {
      errors['policies.categories'] = `The threshold of ${c.name} must be a whole number from 0 to 7.`;
    }
  }
  return errors;
}

/** What the host knows about the target instance, to check references (paths, products, backends) against it. */
export interface InstanceFacts {
  readonly existingPaths?: readonly string[];
  readonly products?: readonly string[];
  readonly backends?: readonly string[];
  readonly embeddingsBackends?: readonly string[];
}

/**
 * Every field of the form; an empty result means valid. `key` is checked only when given (the create step), and so
 * are `backendKeys`, the keys of the pool's extra backends in the order of `form.pool.extra` (one each).
 */
export function validateLmApiForm(form: LmApiForm, facts: InstanceFacts = {}, key?: string, backendKeys?: readonly string[]): FieldErrors {
  const preset = findPreset(form.provider);
  const errors: FieldErrors = {};
  const set = (field: LmApiField, message: string | undefined): void => {
    if (message !== undefined) errors[field] = message;
  };
  if (!preset) set('provider', 'Choose a provider from the list.');
  set('displayName', validateDisplayName(form.displayName));
  set('description', validateDescription(form.description));
  set('url', validateBackendUrl(form.url));
  set('path', validateApiPath(form.path, facts.existingPaths));
  set('headerName', validateHeaderName(form.headerName));
  set('headerValueFormat', validateHeaderValueFormat(form.headerValueFormat));
  set('products', validateProducts(form.products, facts.products));
  if (key !== undefined) set('key', validateKey(key, { keyRequired: preset?.keyRequired ?? true, valueFormat: form.headerValueFormat }));
  const p = form.policies;
  if (p.tokenLimit) Object.assign(errors, validateTokenLimit(p.tokenLimit));
  if (p.tokenMetrics) Object.assign(errors, validateTokenMetrics(p.tokenMetrics));
  if (p.semanticCache) Object.assign(errors, validateSemanticCache(p.semanticCache, facts.embeddingsBackends));
  if (p.contentSafety) Object.assign(errors, validateContentSafety(p.contentSafety, facts.backends));
  if (form.pool) Object.assign(errors, validateLmPool(form));
  if (backendKeys !== undefined) Object.assign(errors, validateBackendKeys(form, backendKeys, preset?.keyRequired ?? true));
  return errors;
}

/** One key per extra backend, each checked like the first (`pool.{i}.key`, i = 1 for backend 2). */
function validateBackendKeys(form: LmApiForm, keys: readonly string[], keyRequired: boolean): FieldErrors {
  const extra = form.pool?.extra ?? [];
  if (keys.length !== extra.length) {
    return {
      'pool.members.member': `The wizard sent ${keys.length} key${keys.length === 1 ? '' : 's'} for ${extra.length} more backend${extra.length === 1 ? '' : 's'}. Close the wizard and open it again.`,
    };
  }
  const errors: FieldErrors = {};
  keys.forEach((k, i) => {
    const problem = validateKey(k, { keyRequired, valueFormat: form.headerValueFormat, of: `backend ${i + 2}` });
    if (problem) errors[`pool.${i + 1}.key`] = problem;
  });
  return errors;
}

/** The pool's members: the form's URL first, then the extra URLs, each a valid backend URL and each once. */
function validateLmPool(form: LmApiForm): FieldErrors {
  const pool = form.pool!;
  return poolFormErrors(pool, [
    { label: `"${truncate(form.url)}"`, identity: urlIdentity(form.url) },
    ...pool.extra.map((m) => ({
      label: `"${truncate(m.url)}"`,
      identity: urlIdentity(m.url),
      problem: validateBackendUrl(m.url),
    })),
  ]);
}

/** A value quoted in a message: short, and on one line whatever it holds. */
function truncate(value: string): string {
  const printable = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}
