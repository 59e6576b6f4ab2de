/**
 * The local sandbox's test hooks (`{hooksUrl}/faults`, `/breakers`), for what the extension offers in sandbox mode
 * only: "Simulate throttling" on a pool member is a fault on its account's path, and the breakers' call counts tell
 * how many attempts the gateway made. Behind the sandbox's bearer token, over HTTPS trusting its CA. Never used
 * against Azure, which has no such hooks.
 */
import * as https from 'node:https';

/** What the sandbox's `POST /faults` takes (src/sandbox/faults.ts), as far as the extension uses it. */
export interface SandboxFaultSpec {
  readonly method?: string;
  /** A regular expression tested against the request path. */
  readonly path: string;
  readonly times: number;
  readonly status?: number;
  readonly retryAfter?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface SandboxFault extends SandboxFaultSpec {
  readonly id: string;
  readonly remaining: number;
}

export interface SandboxBreaker {
  /** The backend's ARM id, lower-cased. */
  readonly backendKey: string;
  readonly open: boolean;
  readonly openUntil?: string;
  /** Answers the breaker has seen from the backend (one per attempt of the gateway). */
  readonly calls: number;
}

export interface SandboxHooks {
  /** The sandbox's origin (`https://127.0.0.1:port`): the mock model's accounts are paths under it. */
  readonly origin: string;
  faults(): Promise<SandboxFault[]>;
  addFault(fault: SandboxFaultSpec): Promise<string>;
  /** Ends a fault; a fault that already ran out is no error. */
  removeFault(id: string): Promise<void>;
  breakers(): Promise<SandboxBreaker[]>;
}

export interface SandboxHooksEndpoint {
  readonly hooksUrl: string;
  readonly token: string;
  readonly caPem: string;
}

const TIMEOUT_MS = 10_000;

export function sandboxHooks(endpoint: SandboxHooksEndpoint): SandboxHooks {
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const { status, text } = await request(endpoint, method, path, body);
    if (method === 'DELETE' && status === 404) return undefined;
    if (status >= 300) throw new Error(`The sandbox refused ${method} ${path} (${status}): ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return {
    origin: new URL(endpoint.hooksUrl).origin,
    faults: async () => ((await call('GET', 'faults')) as { value: SandboxFault[] }).value,
    addFault: async (fault) => ((await call('POST', 'faults', fault)) as { id: string }).id,
    removeFault: async (id) => void (await call('DELETE', `faults/${encodeURIComponent(id)}`)),
    breakers: async () => ((await call('GET', 'breakers')) as { value: SandboxBreaker[] }).value,
  };
}

function request(endpoint: SandboxHooksEndpoint, method: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${endpoint.hooksUrl.replace(/\/+$/, '')}/${path}`,
      {
        method,
        ca: endpoint.caPem,
        headers: {
          Authorization: `Bearer ${endpoint.token}`,
          ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`The sandbox did not answer ${method} ${path} within ${TIMEOUT_MS / 1000} s.`)));
    req.on('error', reject);
    req.end(payload);
  });
}
