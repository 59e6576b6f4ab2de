/**
 * The ARM front door: bearer token, api-version, JSON body, route lookup, ARM error bodies and the `--latency`
 * delay, in that order, like Azure's. Handlers only see parsed requests and return plain responses; nothing a
 * client sends can crash the server (an unexpected exception becomes a 500 with a logged stack).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { SandboxContext } from '../context';
import { checkApiVersion } from './apiVersions';
import { ArmError } from './errors';
import type { LroTracker } from './lro';
import type { ArmRequest, ArmResponse, ArmRoute } from './request';

interface CompiledRoute extends ArmRoute {
  readonly regex: RegExp;
}

export class ArmRouter {
  private readonly routes: CompiledRoute[];

  constructor(
    private readonly ctx: SandboxContext,
    private readonly lro: LroTracker,
    routes: readonly ArmRoute[],
  ) {
    this.routes = routes.map((r) => ({ ...r, regex: compile(r.pattern) }));
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    let response: ArmResponse;
    try {
      const body = await readBody(req);
      response = await this.dispatch(req, url, body);
    } catch (e) {
      response = toErrorResponse(e, this.ctx, `${req.method ?? ''} ${url.pathname}`);
    }
    if (this.ctx.armLatencyMs > 0) await delay(this.ctx.armLatencyMs);
    // ARM URLs carry no secrets (keys travel in bodies), so the path is safe to log; the query is left out anyway.
    this.ctx.log(
      `ARM ${req.method ?? ''} ${url.pathname} ${response.status} ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)} ms`,
    );
    if (res.destroyed) return;
    const headers: Record<string, string> = {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': (req.headers['x-ms-correlation-request-id'] as string | undefined) ?? requestId,
      ...response.headers,
    };
    if (response.body === undefined || req.method === 'HEAD') {
      res.writeHead(response.status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(response.body);
    res.writeHead(response.status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private async dispatch(req: IncomingMessage, url: URL, body: Buffer): Promise<ArmResponse> {
    checkBearer(req.headers.authorization, this.ctx.armToken);
    const path = url.pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
    checkApiVersion(path, url.searchParams.get('api-version'));
    const method = (req.method ?? 'GET').toUpperCase();
    const lookup = method === 'HEAD' ? 'GET' : method;
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== lookup) continue;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) {
        const value = safeDecode(v);
        // An encoded '/' in a name would address another resource than the path says; ARM refuses such names.
        if (k !== 'scope' && /[/\\]/.test(value)) {
          throw new ArmError(400, 'InvalidResourceName', `The resource name '${value}' is invalid: it must not contain '/' or '\\'.`);
        }
        params[k] = value;
      }
      const armRequest: ArmRequest = {
        ctx: this.ctx,
        store: this.ctx.store,
        lro: this.lro,
        method,
        url,
        params,
        headers: req.headers,
        body: parseJson(body),
      };
      return await route.handler(armRequest);
    }
    if (pathMatched) throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
    throw new ArmError(404, 'NotFound', `The sandbox does not emulate '${method} ${path}'.`);
  }
}

function checkBearer(header: string | undefined, token: string): void {
  if (!header) throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m || m[1] !== token) throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${(e as Error).message}'.`,
    );
  }
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new ArmError(413, 'RequestEntityTooLarge', 'The request body is larger than 32 MB.');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function toErrorResponse(e: unknown, ctx: SandboxContext, what: string): ArmResponse {
  if (e instanceof ArmError) return { status: e.status, body: e.toBody(), ...(e.headers ? { headers: e.headers } : {}) };
  ctx.log(`ARM ${what} failed: ${(e as Error)?.stack ?? String(e)}`);
  return {
    status: 500,
    body: { error: { code: 'InternalServerError', message: 'The sandbox failed to process the request; see its log.' } },
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `/a/{b}/c/{d*}` → an anchored, case-insensitive regex with named groups (`*` matches several segments). */
function compile(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)(\*)?\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return m[2] ? `(?<${m[1]}>.+?)` : `(?<${m[1]}>[^/]+)`;
    })
    .join('/');
  return new RegExp(`^${source}$`, 'i');
}
