/**
 * Test hooks under `/_sandbox/` (a path no Azure API uses), behind the same bearer token as ARM:
 * `POST/GET/DELETE faults`, `DELETE faults/{id}` (one fault), `GET state` (a snapshot, secrets included: it is a test hook), `POST reset` (back to the
 * seed), `GET/DELETE metrics` (token metrics the gateway emitted, `?componentId=` for one Application Insights
 * component), `GET/DELETE llmLogs` (rows of ApiManagementGatewayLlmLog), `GET breakers` (circuit-breaker state and
 * calls seen per backend), `GET/DELETE stats` (request counts by kind).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context';
import type { FaultInjector } from './faults';
import { gatewayState } from './gateway/state';

export type RequestKind = 'arm' | 'gateway' | 'model' | 'hooks' | 'other';

export interface SandboxStats {
  readonly requests: Record<RequestKind, number>;
  lroPolls: number;
  faultsApplied: number;
}

export const emptyStats = (): SandboxStats => ({
  requests: { arm: 0, gateway: 0, model: 0, hooks: 0, other: 0 },
  lroPolls: 0,
  faultsApplied: 0,
});

export interface HookDeps {
  readonly ctx: SandboxContext;
  readonly faults: FaultInjector;
  /** Current counters (computed on demand so that LRO polls and faults are included). */
  stats(): SandboxStats;
  resetStats(): void;
  /** Restores the seed state and clears faults and metrics. */
  reset(): void;
}

export async function handleHooksRequest(req: IncomingMessage, res: ServerResponse, url: URL, deps: HookDeps): Promise<void> {
  const send = (status: number, body?: unknown): void => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(text);
  };
  const fail = (status: number, code: string, message: string): void => send(status, { error: { code, message } });

  const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!auth) return fail(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  if (auth[1] !== deps.ctx.armToken) return fail(401, 'InvalidAuthenticationToken', 'The access token is invalid.');

  const what = `${req.method ?? 'GET'} ${url.pathname.replace(/^\/_sandbox/, '').replace(/\/$/, '')}`;
  const oneFault = /^DELETE \/faults\/([\w-]+)$/.exec(what);
  if (oneFault) {
    return deps.faults.remove(oneFault[1]) ? send(204) : fail(404, 'NotFound', `No fault '${oneFault[1]}' (it may have run out).`);
  }
  switch (what) {
    case 'POST /faults': {
      let body: unknown;
      try {
        body = JSON.parse(await readText(req)) as unknown;
      } catch {
        return fail(400, 'InvalidRequestContent', 'The fault must be a JSON object.');
      }
      const added = deps.faults.add(body);
      return 'error' in added ? fail(400, 'InvalidFault', added.error) : send(201, added);
    }
    case 'GET /faults':
      return send(200, { value: deps.faults.list() });
    case 'DELETE /faults':
      deps.faults.clear();
      return send(204);
    case 'GET /state':
      return send(200, deps.ctx.store.snapshot());
    case 'POST /reset':
      deps.reset();
      return send(204);
    case 'GET /metrics': {
      const component = url.searchParams.get('componentId')?.toLowerCase();
      return send(200, { value: component ? deps.ctx.metrics.filter((m) => m.componentId.toLowerCase() === component) : deps.ctx.metrics });
    }
    case 'DELETE /metrics':
      deps.ctx.metrics.length = 0;
      return send(204);
    case 'GET /breakers':
      return send(200, { value: gatewayState(deps.ctx).breakers.snapshot() });
    case 'GET /llmLogs':
      return send(200, { value: gatewayState(deps.ctx).llmLogs });
    case 'DELETE /llmLogs':
      gatewayState(deps.ctx).llmLogs.length = 0;
      return send(204);
    case 'GET /stats':
      return send(200, deps.stats());
    case 'DELETE /stats':
      deps.resetStats();
      return send(204);
    default:
      return fail(404, 'NotFound', `No test hook '${what}'. Hooks: faults, state, reset, metrics, llmLogs, breakers, stats.`);
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
