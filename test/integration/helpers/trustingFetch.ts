/** A fetch for SDKs under test (the official `openai` package) that trusts the sandbox CA, in tests only. */
import { request } from 'node:https';
import { Readable } from 'node:stream';

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
