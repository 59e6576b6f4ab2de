/**
 * The rule for the base path (APIM API path) of an Azure OpenAI API: it must end in `/openai`, because the Azure
 * OpenAI SDKs take an "azure endpoint" and append `/openai/deployments/...` themselves. With the API at `ai/aoai/openai`,
 * a client configured with `{gateway}/ai/aoai` reaches `{gateway}/ai/aoai/openai/deployments/gpt-4o/chat/completions`.
 */

export interface BasePathCheck {
  /** The path to use (no leading or trailing slash). */
  readonly path: string;
  /** Set when the input was changed or rejected: one sentence to show next to the field. */
  readonly message?: string;
  readonly valid: boolean;
}

const SEGMENT = /^[A-Za-z0-9._~-]+$/;
const MAX_LENGTH = 400;

/**
 * Checks a base path and proposes the fixed one: `ai/aoai` → `ai/aoai/openai`, `/openai/` → `openai`,
 * `ai/openai/openai` → `ai/openai` (one `/openai`, never two), empty → `openai`.
 */
export function checkBasePath(input: string): BasePathCheck {
  const split = splitBasePath(input);
  if (!Array.isArray(split)) return split;
  const segments = split;
  const trimmed = segments.join('/');
  while (segments.length > 1 && isOpenAi(segments[segments.length - 1]) && isOpenAi(segments[segments.length - 2])) segments.pop();
  const last = segments[segments.length - 1];
  if (last === undefined || !isOpenAi(last)) segments.push('openai');
  else segments[segments.length - 1] = 'openai';
  const path = segments.join('/');
  if (path.length > MAX_LENGTH) {
    return { path, valid: false, message: `The base path is longer than ${MAX_LENGTH} characters. Use a shorter path.` };
  }
  if (path === trimmed) return { path, valid: true };
  const message =
    trimmed === ''
      ? 'The base path is "openai" because Azure OpenAI clients add /openai to the endpoint they are given.'
      : `The base path becomes "${path}": it must end in /openai (once) because Azure OpenAI clients add /openai to the endpoint they are given.`;
  return { path, valid: true, message };
}

/** What a client passes as its Azure endpoint: the gateway URL plus the base path without its final `/openai`. */
export function clientEndpoint(gatewayUrl: string, basePath: string): string {
  const prefix = basePath.replace(/\/?openai$/i, '');
  const base = gatewayUrl.replace(/\/+$/, '');
  return prefix ? `${base}/${prefix}` : base;
}

function isOpenAi(segment: string): boolean {
  return segment.toLowerCase() === 'openai';
}

/** The segments of a base path without its outer slashes, or the check that refuses it (an empty or unusable segment). */
export function splitBasePath(input: string): string[] | BasePathCheck {
  const trimmed = input.trim().replace(/^\/+|\/+$/g, '');
  const segments = trimmed === '' ? [] : trimmed.split('/');
  if (segments.some((s) => s === '')) {
    return { path: trimmed, valid: false, message: 'The base path has an empty segment ("//"). Remove the extra slash.' };
  }
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    return {
      path: trimmed,
      valid: false,
      message: `The segment "${bad}" has characters a URL path cannot hold. Use letters, digits, ".", "_", "~" and "-".`,
    };
  }
  return segments;
}
