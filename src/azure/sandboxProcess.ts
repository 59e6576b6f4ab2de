/**
 * Starting the local sandbox as a child process and reading its one-line JSON handshake, or reading that line from
 * the file named by `aiGateway.sandbox.connectionFile`. No 'vscode' here, so tests and benchmarks use it as is.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { isSandboxConnection, type SandboxConnection } from '../sandbox/connection';

export interface SandboxEndpoint {
  readonly connection: SandboxConnection;
  /** The sandbox CA (PEM), to trust for ARM and gateway calls. */
  readonly caPem: string;
}

export interface RunningSandbox extends SandboxEndpoint {
  /** Resolves with the exit code when the process ends, however it ends. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnSandboxOptions {
  /** dist/sandbox.js */
  readonly scriptPath: string;
  /** Node, or VS Code's own binary run as Node (ELECTRON_RUN_AS_NODE). */
  readonly execPath: string;
  /** Where the sandbox keeps its state between runs. */
  readonly stateDir?: string;
  readonly latencyMs?: number;
  readonly extraArgs?: readonly string[];
  readonly timeoutMs?: number;
  readonly onStderr?: (line: string) => void;
}

export async function loadSandboxEndpoint(connection: SandboxConnection): Promise<SandboxEndpoint> {
  return { connection, caPem: await readFile(connection.caCertFile, 'utf8') };
}

/** Reads a connection file: the JSON line the sandbox printed (the last JSON line if there are several). */
export async function readConnectionFile(path: string): Promise<SandboxEndpoint> {
  const text = await readFile(path, 'utf8');
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .pop();
  const parsed: unknown = line ? JSON.parse(line) : undefined;
  if (!isSandboxConnection(parsed)) {
    throw new Error(
      `The file ${path} does not hold a sandbox connection line. Point "aiGateway.sandbox.connectionFile" at the file the sandbox's output was saved to.`,
    );
  }
  return loadSandboxEndpoint(parsed);
}

export async function spawnSandbox(options: SpawnSandboxOptions): Promise<RunningSandbox> {
  const args = [options.scriptPath, '--port', '0'];
  if (options.stateDir) args.push('--state-dir', options.stateDir);
  if (options.latencyMs) args.push('--latency', String(options.latencyMs));
  args.push(...(options.extraArgs ?? []));
  const child = spawn(options.execPath, args, {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
    options.onStderr?.(line);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const connection = await new Promise<SandboxConnection>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`The local sandbox did not start within ${(options.timeoutMs ?? 30_000) / 1000} s.`)),
      options.timeoutMs ?? 30_000,
    );
    const lines = createInterface({ input: child.stdout });
    function fail(error: Error): void {
      clearTimeout(timer);
      lines.close();
      reject(error);
    }
    lines.on('line', (line) => {
      if (!line.trim().startsWith('{')) return;
      try {
        const parsed: unknown = JSON.parse(line);
        if (!isSandboxConnection(parsed)) return;
        clearTimeout(timer);
        lines.close();
        resolve(parsed);
      } catch {
        // Not the handshake line; the sandbox may log other JSON.
      }
    });
    child.once('error', fail);
    void exited.then((code) =>
      fail(new Error(`The local sandbox exited (code ${code ?? 'none'}) before it was ready: ${stderrTail.join(' ').slice(-400)}`)),
    );
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return { ...(await loadSandboxEndpoint(connection)), exited, stop };
}
