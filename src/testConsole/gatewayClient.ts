/**
 * The console's HTTP client for gateway calls (not ARM calls, which go through the SDK): Node https with the extra CA
 * of the current cloud (the sandbox's), keep-alive, an optional proxy tunnel, cancellation and an idle timeout.
 * It hands back the status, headers and the body as it arrives; what the body means is decided by the caller.
 */
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { bypassesProxy, openTunnel, type ProxyConfig } from './proxyTunnel';

export interface GatewayTransport {
  /** PEM certificates to trust instead of the defaults (the sandbox's CA); empty for real clouds. */
  readonly extraCaPem: readonly string[];
  readonly proxy?: ProxyConfig;
  /** Longest silence allowed while waiting for the response or between chunks; APIM itself drops a stream idle ~4 min. */
  readonly idleTimeoutMs?: number;
}

export interface GatewayHttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface GatewayResponse {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  /** Reads the body to its end, handing over each chunk as it arrives; rejects on abort, timeout or a cut connection. */
  readBody(onChunk: (chunk: Buffer) => void): Promise<void>;
}

/** Raised when the gateway stayed silent longer than the idle timeout. */
export class GatewayTimeoutError extends Error {
  override readonly name = 'GatewayTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`No data from the gateway for ${Math.round(timeoutMs / 1000)} s.`);
  }
}

export const DEFAULT_IDLE_TIMEOUT_MS = 240_000;

const agents = new Map<string, https.Agent>();

/**
 * One keep-alive agent per trusted CA set and idle timeout, so repeated sends skip the TCP and TLS handshakes and the
 * socket's idle timer is set once per connection rather than once per request.
 */
function agentFor(ca: readonly string[], idleTimeoutMs: number): https.Agent {
  const key = `${idleTimeoutMs}\n${ca.join('\n')}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new https.Agent({ keepAlive: true, timeout: idleTimeoutMs, ...(ca.length > 0 ? { ca: [...ca] } : {}) });
    agents.set(key, agent);
  }
  return agent;
}

export async function openGatewayResponse(
  request: GatewayHttpRequest,
  transport: GatewayTransport,
  signal?: AbortSignal,
): Promise<GatewayResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'https:') throw new Error(`The gateway URL must use https, not ${url.protocol.replace(':', '')}.`);
  const idleTimeoutMs = transport.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const port = Number(url.port) || 443;
  const proxy = transport.proxy && !bypassesProxy(url.hostname, transport.proxy.noProxy) ? transport.proxy : undefined;
  const ca = transport.extraCaPem.length > 0 ? { ca: [...transport.extraCaPem] } : {};
  const connection: https.RequestOptions = proxy
    ? await tunnelled(proxy, url.hostname, port, ca, signal, idleTimeoutMs)
    : { agent: agentFor(transport.extraCaPem, idleTimeoutMs) };
  const options: https.RequestOptions = {
    ...connection,
    method: request.method,
    hostname: url.hostname,
    port,
    path: `${url.pathname}${url.search}`,
    headers: { ...request.headers, ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}) },
    ...(signal ? { signal } : {}),
  };
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = https.request(options, resolve);
    // The agent already set the socket's idle timer; a tunnelled request has no agent and sets its own.
    if (proxy) req.setTimeout(idleTimeoutMs);
    req.once('timeout', () => req.destroy(new GatewayTimeoutError(idleTimeoutMs)));
    req.once('error', reject);
    // A string body leaves in the same write as the headers (a Buffer would be a second write, a second TLS record).
    req.end(request.body);
  });
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    headers: flattenHeaders(res),
    readBody: (onChunk) => readBody(res, onChunk),
  };
}

/** 'data' events rather than `for await`: the async iterator costs a measurable share of a 1 ms local request. */
function readBody(res: IncomingMessage, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      try {
        onChunk(chunk);
      } catch (e) {
        res.destroy(e instanceof Error ? e : new Error(String(e)));
      }
    });
    res.once('end', resolve);
    res.once('error', reject);
    res.once('close', () => {
      if (!res.complete) {
        reject(res.errored ?? Object.assign(new Error('The connection closed before the response was complete.'), { code: 'ECONNRESET' }));
      }
    });
  });
}

async function tunnelled(
  proxy: ProxyConfig,
  host: string,
  port: number,
  ca: tls.ConnectionOptions,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<https.RequestOptions> {
  const socket = await openTunnel(proxy, host, port, signal, timeoutMs);
  // No `agent`: Node uses `createConnection` only when the request has no agent at all.
  return { createConnection: () => tls.connect({ socket, host, servername: net.isIP(host) ? undefined : host, ...ca }) };
}

/** From rawHeaders: touching `res.headers` makes Node build its own (lazier, costlier) object first. */
function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}
