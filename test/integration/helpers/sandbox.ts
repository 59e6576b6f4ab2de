/**
 * Starts a sandbox in-process and builds the real, unmodified Azure SDK clients against it (only endpoint,
 * credential and `tlsOptions.ca` set), plus a small HTTPS helper and the test hooks. For integration tests:
 *
 *   const sb = await withSandbox({ apis: 250 });
 *   after(() => sb.close());
 *   for await (const api of sb.apim().api.listByService(rg, service)) ...
 *
 * or, for the tests of one suite (or file): `const sb = sandboxPerSuite({ apis: 250 });`
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { after, before } from 'node:test';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiManagementClient } from '@azure/arm-apimanagement';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ApplicationInsightsManagementClient } from '@azure/arm-appinsights';
import { CognitiveServicesManagementClient } from '@azure/arm-cognitiveservices';
import { MonitorClient } from '@azure/arm-monitor';
import { RedisEnterpriseManagementClient } from '@azure/arm-redisenterprisecache';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { SandboxConnection } from '../../../src/sandbox/connection';
import type { EmittedTokenMetric } from '../../../src/sandbox/context';
import type { FaultSpec } from '../../../src/sandbox/faults';
import type { LlmLogRow } from '../../../src/sandbox/gateway/llmLogRow';
import type { SandboxStats } from '../../../src/sandbox/hooks';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox/server';
import type { StoreSnapshot } from '../../../src/sandbox/store';

export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  json<T = unknown>(): T;
}

export interface HttpOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (with a JSON content type). */
  readonly body?: unknown;
}

export interface SandboxHooks {
  /** Registers a fault; returns its id. */
  addFault(fault: Partial<FaultSpec> & { path: string }): Promise<string>;
  clearFaults(): Promise<void>;
  state(): Promise<StoreSnapshot>;
  reset(): Promise<void>;
  metrics(): Promise<EmittedTokenMetric[]>;
  clearMetrics(): Promise<void>;
  llmLogs(): Promise<LlmLogRow[]>;
  clearLlmLogs(): Promise<void>;
  stats(): Promise<SandboxStats>;
}

export interface SandboxHarness {
  readonly sandbox: RunningSandbox;
  readonly connection: SandboxConnection;
  /** A TokenCredential that returns the sandbox's bearer token. */
  readonly credential: TokenCredential;
  /** The sandbox CA (PEM), as given to the clients' `tlsOptions.ca`. */
  readonly ca: string;
  /** Defaults to the first seeded subscription. */
  apim(subscriptionId?: string): ApiManagementClient;
  cognitive(subscriptionId?: string): CognitiveServicesManagementClient;
  authorization(subscriptionId?: string): AuthorizationManagementClient;
  /** @azure/arm-appinsights 4 is an ms-rest client: `baseUri` and an HTTPS agent trusting the sandbox CA. */
  appInsights(subscriptionId?: string): ApplicationInsightsManagementClient;
  monitor(subscriptionId?: string): MonitorClient;
  redisEnterprise(subscriptionId?: string): RedisEnterpriseManagementClient;
  /** An HTTPS request that trusts the sandbox CA; `url` may be relative to the sandbox origin. */
  http(url: string, options?: HttpOptions): Promise<HttpResult>;
  /** The same with the ARM bearer token added. */
  arm(url: string, options?: HttpOptions): Promise<HttpResult>;
  readonly hooks: SandboxHooks;
  close(): Promise<void>;
}

export function tokenCredential(token: string): TokenCredential {
  return {
    getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
  };
}

export function httpsCall(url: string, ca: string, options: HttpOptions = {}): Promise<HttpResult> {
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(body !== undefined && typeof options.body !== 'string' ? { 'Content-Type': 'application/json' } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: options.method ?? 'GET', headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function withSandbox(options: SandboxOptions = {}): Promise<SandboxHarness> {
  const sandbox = await startSandbox({ log: () => undefined, ...options });
  const { connection } = sandbox;
  const ca = sandbox.context.caPem;
  const credential = tokenCredential(connection.token);
  const clientOptions = { endpoint: connection.armEndpoint, tlsOptions: { ca } };
  const sub = (id?: string): string => id ?? connection.subscriptionIds[0];
  const absolute = (url: string): string => (url.startsWith('https://') ? url : `${connection.armEndpoint}${url}`);
  const http = (url: string, o?: HttpOptions) => httpsCall(absolute(url), ca, o);
  const arm = (url: string, o: HttpOptions = {}) =>
    http(url, { ...o, headers: { Authorization: `Bearer ${connection.token}`, ...o.headers } });
  const hook = async (method: string, path: string, body?: unknown): Promise<HttpResult> => {
    const r = await arm(`${connection.hooksUrl}/${path}`, { method, ...(body === undefined ? {} : { body }) });
    if (r.status >= 300) throw new Error(`Hook ${method} ${path} failed with ${r.status}: ${r.text}`);
    return r;
  };
  return {
    sandbox,
    connection,
    credential,
    ca,
    apim: (id) => new ApiManagementClient(credential, sub(id), clientOptions),
    cognitive: (id) => new CognitiveServicesManagementClient(credential, sub(id), clientOptions),
    authorization: (id) => new AuthorizationManagementClient(credential, sub(id), clientOptions),
    appInsights: (id) =>
      new ApplicationInsightsManagementClient(credential, sub(id), {
        baseUri: connection.armEndpoint,
        agentSettings: { http: new HttpAgent(), https: new HttpsAgent({ ca }) },
      }),
    monitor: (id) => new MonitorClient(credential, sub(id), clientOptions),
    redisEnterprise: (id) => new RedisEnterpriseManagementClient(credential, sub(id), clientOptions),
    http,
    arm,
    hooks: {
      addFault: async (fault) => (await hook('POST', 'faults', fault)).json<{ id: string }>().id,
      clearFaults: async () => void (await hook('DELETE', 'faults')),
      state: async () => (await hook('GET', 'state')).json<StoreSnapshot>(),
      reset: async () => void (await hook('POST', 'reset')),
      metrics: async () => (await hook('GET', 'metrics')).json<{ value: EmittedTokenMetric[] }>().value,
      clearMetrics: async () => void (await hook('DELETE', 'metrics')),
      llmLogs: async () => (await hook('GET', 'llmLogs')).json<{ value: LlmLogRow[] }>().value,
      clearLlmLogs: async () => void (await hook('DELETE', 'llmLogs')),
      stats: async () => (await hook('GET', 'stats')).json<SandboxStats>(),
    },
    close: () => sandbox.close(),
  };
}

/**
 * A sandbox started before the tests of the enclosing suite (or file) and closed after them. What it returns stands
 * for the started harness, so a suite names it once as a const; read it in hooks and tests, where it has started.
 * `afterStart` runs in the same hook: at file level Node 20 starts the next `before` hook without waiting for this one.
 */
export function sandboxPerSuite(options: SandboxOptions = {}, afterStart?: (sb: SandboxHarness) => Promise<void>): SandboxHarness {
  let started: SandboxHarness | undefined;
  before(async () => {
    started = await withSandbox(options);
    await afterStart?.(started);
  });
  after(() => started?.close());
  return new Proxy({} as SandboxHarness, {
    get(_target, key) {
      if (!started) throw new Error('The sandbox starts in a before hook: read it in hooks and tests only.');
      return Reflect.get(started, key) as unknown;
    },
  });
}

/** The ARM id of a seeded APIM instance of the first subscription. */
export function demoServiceId(sb: SandboxHarness, which: 'aiGateway' | 'apimProd'): string {
  const { resourceGroup, service } = DEMO_NAMES[which];
  return `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${service}`;
}

/** Every item of an SDK paged list (or any async iterable), in order. */
export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

/** Names the demo seed uses, so tests do not repeat string literals. */
export const DEMO_NAMES = {
  aiGateway: { resourceGroup: 'rg-ai-gateway', service: 'contoso-ai-gateway' },
  apimProd: { resourceGroup: 'rg-apim-prod', service: 'contoso-apim-prod' },
  apimDev: { resourceGroup: 'rg-apim-dev', service: 'contoso-dev-apim' },
  models: { resourceGroup: 'rg-ai-models', openai: 'contoso-openai', aiServices: 'contoso-aiservices' },
  empty: { resourceGroup: 'rg-sandbox', service: 'contoso-apim' },
} as const;
