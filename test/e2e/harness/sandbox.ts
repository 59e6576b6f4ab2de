/**
 * The local sandbox for one end-to-end run, started from the CLI the extension's users run (`dist/sandbox.js`, built
 * by the same production build as the .vsix) on an ephemeral port with a state dir of its own.
 */
import { join } from 'node:path';
import { isSandboxConnection, type SandboxConnection } from '../../../src/sandbox/connection';
import { repoRoot } from './paths';
import { startProcess, type StartedProcess } from './processes';

export interface SandboxOptions {
  /** Seed name (`--seed`); the sandbox's default demo seed when absent. */
  readonly seed?: string;
  /** Extra latency on every ARM response (`--latency`). */
  readonly latencyMs?: number;
  /** Extra APIs added to one instance (`--apis`). */
  readonly apis?: number;
}

export interface RunningSandbox {
  readonly connection: SandboxConnection;
  /** The JSON line as printed: what the connection file holds. */
  readonly line: string;
  readonly process: StartedProcess;
}

export async function startSandboxCli(options: SandboxOptions, stateDir: string, logFile: string): Promise<RunningSandbox> {
  const args = [join(repoRoot, 'dist', 'sandbox.js'), '--port', '0', '--state-dir', stateDir];
  if (options.seed !== undefined) args.push('--seed', options.seed);
  if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
  if (options.apis !== undefined) args.push('--apis', String(options.apis));
  const proc = startProcess(process.execPath, args, { cwd: repoRoot, logFile });
  try {
    const [line] = await proc.waitForLine(/^\s*\{.*\}\s*$/, 60_000);
    const parsed: unknown = JSON.parse(line);
    if (!isSandboxConnection(parsed)) throw new Error(`The sandbox printed a line that is not a connection: ${line}`);
    return { connection: parsed, line: line.trim(), process: proc };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}
