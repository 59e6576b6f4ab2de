/**
 * Starts the sandbox: one HTTPS listener on 127.0.0.1 for the ARM emulator, each service's gateway
 * (`/gateway/{service}/...`), the mock model server (`/openai`, `/gemini`, `/aoai`) and the test hooks (`/_sandbox`).
 * Injected faults apply before routing. Used by the CLI, by the extension's "start sandbox" and by tests in-process.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createArmEmulator } from './arm';
import { createCertificates } from './certs';
import type { SandboxConnection } from './connection';
import type { SandboxContext } from './context';
import { FaultInjector } from './faults';
import { handleGatewayRequest } from './gateway/handler';
import { closeGatewayConnections, resetGatewayState } from './gateway/state';
import { emptyStats, handleHooksRequest, type RequestKind } from './hooks';
import { handleModelRequest } from './model/handler';
import { loadState, persistOnChange, saveState } from './persistence';
import { seedStore, seededModelKey, seededTenantId, type SeedName } from './seed';
import { ResourceStore } from './store';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Added to every ARM response (benchmarks use 100 ms to look like Azure). */
  readonly latencyMs?: number;
  /** Extra plain APIs in the first APIM instance. */
  readonly apis?: number;
  readonly seed?: SeedName;
  /** Keep state and the CA there, and reload them on start. */
  readonly stateDir?: string;
  readonly log?: (line: string) => void;
}

export interface RunningSandbox {
  readonly connection: SandboxConnection;
  readonly context: SandboxContext;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 'demo';
  const apis = options.apis ?? 0;
  const certs = await createCertificates(options.stateDir);
  const faults = new FaultInjector();
  let stats = emptyStats();
  let dispatch: (req: IncomingMessage, res: ServerResponse) => Promise<void> = () => Promise.resolve();

  const sockets = new Set<Socket>();
  const server: Server = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    dispatch(req, res).catch((e: unknown) => {
      log(`Request ${req.method ?? ''} ${req.url ?? ''} failed: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'InternalServerError', message: 'The sandbox failed to process the request; see its log.' } }),
      );
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A client that drops the TLS handshake or sends garbage must not take the server down.
  server.on('tlsClientError', (e) => log(`TLS client error: ${e.message}`));
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    const failed = (e: Error): void => {
      certs.dispose();
      reject(e);
    };
    server.once('error', failed);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
  server.on('error', (e) => log(`Server error: ${e.message}`));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let saved: ReturnType<typeof loadState>;
  try {
    saved = options.stateDir ? loadState(options.stateDir, origin) : undefined;
  } catch (e) {
    // Nothing else holds the listener yet: release the port and the temp files before reporting why the start failed.
    server.close();
    certs.dispose();
    throw e;
  }
  const modelKey = saved?.modelKey ?? seededModelKey(seed);
  const store = new ResourceStore();
  const ctx: SandboxContext = {
    store,
    origin,
    tenantId: saved?.tenantId ?? seededTenantId(seed),
    armToken: `sandbox-${randomBytes(24).toString('base64url')}`,
    modelKey,
    caPem: certs.caPem,
    armLatencyMs: options.latencyMs ?? 0,
    metrics: [],
    log,
  };
  const reseed = (): string[] => {
    store.restore({ version: 1, resources: [] });
    return seedStore(store, { seed: saved?.seed ?? seed, apis, origin, modelKey });
  };
  let subscriptionIds: readonly string[];
  if (saved) {
    store.restore(saved.snapshot);
    subscriptionIds = saved.subscriptionIds;
    log(
      `Loaded ${store.size} resources (seed ${saved.seed}) from ${options.stateDir!}; --seed and --apis apply to a new state dir or a reset`,
    );
  } else {
    subscriptionIds = reseed();
  }

  const persistence = options.stateDir
    ? persistOnChange(store, () =>
        saveState(options.stateDir!, {
          version: 1,
          seed: saved?.seed ?? seed,
          tenantId: ctx.tenantId,
          modelKey,
          subscriptionIds,
          origin,
          snapshot: store.snapshot(),
        }),
      )
    : undefined;

  const arm = createArmEmulator(ctx);
  const hookDeps = {
    ctx,
    faults,
    stats: () => ({ ...stats, lroPolls: arm.lro.polls, faultsApplied: faults.applied }),
    resetStats: () => {
      stats = emptyStats();
      arm.lro.polls = 0;
      faults.applied = 0;
    },
    reset: () => {
      subscriptionIds = reseed();
      faults.clear();
      ctx.metrics.length = 0;
      resetGatewayState(ctx);
    },
  };

  dispatch = async (req, res) => {
    // Concatenated, not resolved: SDKs send `//subscriptions/...` for a scope with a leading slash, which URL
    // resolution would read as a host name.
    const url = new URL(`${origin}${req.url?.startsWith('/') ? req.url : '/'}`);
    const path = url.pathname;
    const kind = kindOf(path);
    stats.requests[kind]++;
    if (kind !== 'hooks') {
      const fault = faults.take(req.method ?? 'GET', path);
      if (fault && (await faults.apply(fault, req, res))) return;
    }
    switch (kind) {
      case 'hooks':
        return handleHooksRequest(req, res, url, hookDeps);
      case 'gateway': {
        const m = /^\/gateway\/([^/]+)(\/.*)?$/.exec(path)!;
        return handleGatewayRequest(req, res, url, ctx, decodeURIComponent(m[1]), m[2] ?? '/');
      }
      case 'model':
        return handleModelRequest(req, res, url, ctx);
      default:
        return arm.router.handle(req, res, url);
    }
  };

  const connection: SandboxConnection = {
    armEndpoint: origin,
    caCertFile: certs.caCertFile,
    token: ctx.armToken,
    tenantId: ctx.tenantId,
    subscriptionIds,
    modelEndpoint: `${origin}/openai/v1`,
    geminiEndpoint: `${origin}/gemini/v1beta/openai`,
    modelKey,
    hooksUrl: `${origin}/_sandbox`,
    pid: process.pid,
  };
  log(`Sandbox listening on ${origin} (seed ${saved?.seed ?? seed}, ${store.size} resources)`);

  let closed: Promise<void> | undefined;
  return {
    connection,
    context: ctx,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        persistence?.stop();
        closeGatewayConnections(ctx);
        server.close(() => {
          certs.dispose();
          resolve();
        });
        for (const s of sockets) s.destroy();
      })),
  };
}

function kindOf(rawPath: string): RequestKind {
  const path = rawPath.replace(/^\/{2,}/, '/');
  if (path === '/_sandbox' || path.startsWith('/_sandbox/')) return 'hooks';
  if (path.startsWith('/gateway/')) return 'gateway';
  if (/^\/(openai|gemini|aoai)(\/|$)/.test(path)) return 'model';
  if (/^\/(subscriptions|providers|tenants)(\/|$)/i.test(path)) return 'arm';
  return 'other';
}
