/**
 * code-server (VS Code 1.100 in the browser, with a real Node extension host) for one end-to-end run: the cached
 * install from scripts/prepare-code-server.mjs, the packaged extension installed into a fresh extensions dir, and a
 * server on an ephemeral port of 127.0.0.1 with a fresh user-data-dir.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startProcess, type StartedProcess } from './processes';
import { repoRoot } from './paths';

export interface CodeServerDirs {
  /** Holds the `User/settings.json` written before start; fresh for every run. */
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's own config and XDG dirs, so that nothing is written to the home directory. */
  readonly homeDir: string;
}

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
  const { output } = await run(
    binary,
    ['--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir, '--install-extension', vsix],
    isolatedEnv(dirs),
  );
  if (!/successfully installed/i.test(output)) {
    throw new Error(`code-server did not install ${vsix}:\n${output}`);
  }
}

export async function startCodeServer(
  folder: string,
  dirs: CodeServerDirs,
  logFile: string,
  port = 0,
): Promise<RunningCodeServer> {
  const binary = await prepareCodeServer();
  const proc = startProcess(
    binary,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--config', join(dirs.homeDir, 'config.yaml'),
      '--extensions-dir', dirs.extensionsDir,
      '--user-data-dir', dirs.userDataDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      folder,
    ],
    { env: isolatedEnv(dirs), logFile },
  );
  try {
    const match = await proc.waitForLine(/HTTP server listening on (http:\/\/\S+?)\/?$/, 60_000);
    return { url: match[1] ?? '', process: proc };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

function isolatedEnv(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.homeDir, 'config'),
    XDG_DATA_HOME: join(dirs.homeDir, 'data'),
    XDG_CACHE_HOME: join(dirs.homeDir, 'cache'),
  };
}

/**
 * Runs a command to completion. Its output is echoed to our stderr (stdout belongs to the test reporter) and returned:
 * stdout alone, and both streams interleaved.
 */
function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ stdout: string; output: string }> {
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
