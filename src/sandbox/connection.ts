/**
 * What a running sandbox tells its clients: the one JSON line the CLI prints when ready, also the content of the
 * file named by the `aiGateway.sandbox.connectionFile` setting. Shared by the sandbox, the extension and the tests.
 */
export interface SandboxConnection {
  /** Base URL of the emulated Azure Resource Manager, e.g. `https://127.0.0.1:52001`. */
  readonly armEndpoint: string;
  /** PEM file of the sandbox's self-signed CA; clients pass its content as `tlsOptions.ca`. */
  readonly caCertFile: string;
  /** The bearer token the ARM emulator accepts. */
  readonly token: string;
  readonly tenantId: string;
  readonly subscriptionIds: readonly string[];
  /** Base URL of the mock model server's OpenAI-compatible API (`{modelEndpoint}/chat/completions`). */
  readonly modelEndpoint: string;
  /** Base URL of the mock model server's Gemini-like OpenAI-compatible API (`.../v1beta/openai`). */
  readonly geminiEndpoint: string;
  /** The API key the mock model server accepts as `Authorization: Bearer <key>` (or `api-key`). */
  readonly modelKey: string;
  /** Base URL of the test hooks (`{hooksUrl}/faults`, `/state`, `/reset`, `/metrics`). */
  readonly hooksUrl: string;
  readonly pid: number;
}

export function isSandboxConnection(value: unknown): value is SandboxConnection {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.armEndpoint === 'string' &&
    typeof v.caCertFile === 'string' &&
    typeof v.token === 'string' &&
    typeof v.tenantId === 'string' &&
    Array.isArray(v.subscriptionIds) &&
    v.subscriptionIds.every((s) => typeof s === 'string')
  );
}
