/**
 * code-server (VS Code 1.100 in the browser, with a real Node extension host) for one end-to-end run: the cached
 * install from scripts/prepare-code-server.mjs, the packaged extension installed into a fresh extensions dir, and a
 * server on an ephemeral port of 127.0.0.1 with a fresh user-data-dir.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CodeServerDirs } from '../../../scripts/codeServerLaunch.mjs' with { 'resolution-mode': 'import' };
import { startProcess, type StartedProcess } from './processes';
import { repoRoot } from './paths';

export type { CodeServerDirs };

/** The flags and environment `npm start` uses too; an ES module, so this CommonJS file loads it when it needs it. */
const launch = () => import('../../../scripts/codeServerLaunch.mjs');

export interface RunningCodeServer {
  readonly url: string;
  readonly process: StartedProcess;
}

let prepared: Promise<string> | undefined;

/**
 * Prepares the cached code-server once per test process (a no-op when the cache is ready) and returns its binary,
 * which the script prints on its last line.
 */
export function prepareCodeServer(): Promise<string> {
  prepared ??= run(process.execPath, [join(repoRoot, 'scripts', 'prepare-code-server.mjs')]).then(({ stdout }) => {
    const binary = stdout.trim().split('\n').pop();
    if (!binary) throw new Error('scripts/prepare-code-server.mjs printed no code-server path');
    return binary;
  });
  return prepared;
}

export async function installExtension(vsix: string, dirs: CodeServerDirs): Promise<void> {
  const binary = await prepareCodeServer();
  const { installArgs, isolatedEnv } = await launch();
  const { output } = await run(binary, installArgs(vsix, dirs), isolatedEnv(dirs));
  if (!/successfully installed/i.test(output)) {
    throw new Error(`code-server did not install ${vsix}:\n${output}`);
  }
}

export async function startCodeServer(folder: string, dirs: CodeServerDirs, logFile: string, port = 0): Promise<RunningCodeServer> {
  const binary = await prepareCodeServer();
  const { LISTENING_LINE, isolatedEnv, serveArgs } = await launch();
  const proc = startProcess(binary, serveArgs(port, dirs, folder), { env: isolatedEnv(dirs), logFile });
  try {
    const match = await proc.waitForLine(LISTENING_LINE, 60_000);
    return { url: match[1] ?? '', process: proc };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

/**
 * Runs a command to completion. Its output is echoed to our stderr (stdout belongs to the test reporter) and returned:
 * stdout alone, and both streams interleaved.
 */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        process.stderr.write(chunk);
      });
    }
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve({ stdout, output });
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${output.slice(-4000)}`));
    });
  });
}
