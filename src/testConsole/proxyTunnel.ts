/**
 * HTTPS through an HTTP proxy (VS Code's `http.proxy`): a CONNECT tunnel to the gateway, then TLS to the gateway
 * inside it, so the proxy sees only the host name and never the key.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';

export interface ProxyConfig {
  /** `http://host:port` or `https://host:port`, with optional `user:password@`. */
  readonly url: string;
  /** VS Code's `http.proxyStrictSSL`: check the certificate of an https proxy. */
  readonly strictSSL: boolean;
  /** Hosts that bypass the proxy (`http.noProxy`, NO_PROXY): exact names, `.suffix` or `*`. */
  readonly noProxy?: readonly string[];
}

export function bypassesProxy(hostname: string, noProxy: readonly string[] | undefined): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (noProxy ?? []).some((entry) => {
    const e = entry.trim().toLowerCase();
    if (!e) return false;
    if (e === '*') return true;
    const suffix = e.startsWith('*.') ? e.slice(1) : e.startsWith('.') ? e : undefined;
    return suffix ? host.endsWith(suffix) || host === suffix.slice(1) : host === e;
  });
}

/** Opens a CONNECT tunnel to `host:port`; the returned socket is raw TCP to the target, ready for TLS. */
export function openTunnel(
  proxy: ProxyConfig,
  host: string,
  port: number,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Socket> {
  const proxyUrl = new URL(proxy.url);
  const auth = proxyUrl.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(proxyUrl.username)}:${decodeURIComponent(proxyUrl.password)}`).toString('base64')}`
    : undefined;
  const options: http.RequestOptions & https.RequestOptions = {
    method: 'CONNECT',
    host: proxyUrl.hostname,
    port: Number(proxyUrl.port) || (proxyUrl.protocol === 'https:' ? 443 : 80),
    path: `${host}:${port}`,
    headers: { host: `${host}:${port}`, ...(auth ? { 'proxy-authorization': auth } : {}) },
    agent: false,
    timeout: timeoutMs,
    ...(signal ? { signal } : {}),
    ...(proxyUrl.protocol === 'https:' ? { rejectUnauthorized: proxy.strictSSL } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = (proxyUrl.protocol === 'https:' ? https : http).request(options);
    req.once('connect', (res: http.IncomingMessage, socket: Socket) => {
      if (res.statusCode === 200) {
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        Object.assign(new Error(`The proxy refused the tunnel to ${host}:${port} (${res.statusCode ?? 0} ${res.statusMessage ?? ''}).`), {
          code: 'EPROXY',
        }),
      );
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error('The proxy did not answer in time.'), { code: 'ETIMEDOUT' })));
    req.once('error', reject);
    req.end();
  });
}
