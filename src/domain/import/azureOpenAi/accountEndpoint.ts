/**
 * The Azure OpenAI endpoint of a Cognitive Services account, and the URLs derived from it. One rule everywhere: the
 * account endpoint is kept without `/openai`, and `/openai` is appended exactly once, so neither the backend nor the
 * imported spec ends up with the doubled `/openai/openai` that users of hand-made setups run into.
 */

export type EndpointCheck = { readonly ok: true; readonly endpoint: string } | { readonly ok: false; readonly error: string };

/**
 * `https://contoso.openai.azure.com/`, `https://contoso.openai.azure.com/openai/` and `https://contoso.openai.azure.com`
 * all become `https://contoso.openai.azure.com` (no trailing slash, no `/openai`).
 */
export function normalizeAccountEndpoint(raw: string): EndpointCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: `"${raw}" is not a URL. Use the resource's endpoint, such as https://contoso.openai.azure.com/.` };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, error: `The endpoint ${url.origin} does not use HTTPS. Use the resource's https:// endpoint.` };
  }
  if (url.search || url.hash || url.username || url.password) {
    return {
      ok: false,
      error: 'The endpoint has a query, fragment or credentials. Use only the scheme, host and path of the resource endpoint.',
    };
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/(\/openai)+$/i, '');
  return { ok: true, endpoint: `${url.origin}${path}` };
}

/** The URL the APIM backend points at: `{endpoint}/openai`, whatever form the endpoint came in. */
export function openAiBaseUrl(endpoint: string): string {
  const n = normalizeAccountEndpoint(endpoint);
  if (!n.ok) throw new Error(n.error);
  return `${n.endpoint}/openai`;
}

/** The value of the `{endpoint}` server variable of the public specs: the endpoint without its scheme. */
export function endpointServerVariable(endpoint: string): string {
  const n = normalizeAccountEndpoint(endpoint);
  if (!n.ok) throw new Error(n.error);
  return n.endpoint.replace(/^https:\/\//, '');
}
