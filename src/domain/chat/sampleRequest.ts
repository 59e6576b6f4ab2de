/** The endpoint and the sample curl shown in Review and on the done page; the key is the shell variable of curl.ts. */
import { toCurl } from './curl';

export function lmApiEndpoint(gatewayUrl: string | undefined, path: string): string {
  const base = (gatewayUrl ?? 'https://{your-gateway}').replace(/\/+$/, '');
  const p = path.replace(/^\/+|\/+$/g, '');
  return p ? `${base}/${p}` : base;
}

export function sampleCurl(opts: { endpoint: string; subscriptionKeyHeader: string; model: string | undefined }): string {
  return toCurl({
    method: 'POST',
    url: `${opts.endpoint}/chat/completions`,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: opts.model ?? 'your-model', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 50 }),
    keyHeader: opts.subscriptionKeyHeader,
  });
}
