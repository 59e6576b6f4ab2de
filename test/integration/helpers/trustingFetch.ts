/** A fetch for SDKs under test (the official `openai` package) that trusts the sandbox CA, in tests only. */
import { request } from 'node:https';
import { Readable } from 'node:stream';
import OpenAI from 'openai';

/** A WHATWG fetch over node:https that trusts `ca`: what NODE_EXTRA_CA_CERTS would do for the real SDK default. */
export function fetchTrusting(ca: string): typeof fetch {
  return (input, init) =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = new Headers(init?.headers);
      const req = request(url, { method: init?.method ?? 'GET', ca, headers: Object.fromEntries(headers.entries()) }, (res) => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve(new Response(Readable.toWeb(res) as ReadableStream, { status: res.statusCode ?? 0, headers: out }));
      });
      req.once('error', reject);
      init?.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });
}

/**
 * The official OpenAI client as a v1 API's callers configure it: only the base URL and the subscription key, sent in
 * the API's `api-key` header (APIM does not read it from `Authorization: Bearer`); no retries, so failures show.
 */
export function gatewayOpenAi(baseURL: string, key: string, ca: string): OpenAI {
  return new OpenAI({ baseURL, apiKey: key, defaultHeaders: { 'api-key': key }, fetch: fetchTrusting(ca), maxRetries: 0 });
}
