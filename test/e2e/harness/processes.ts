/**
 * Child processes of an end-to-end run (sandbox, code-server): each in a process group of its own so that stopping it
 * also stops what it started (code-server's extension host, pty host, file watcher), with its output kept in a log
 * file, and a guard that kills every group still alive when the test process exits, even after a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface StartedProcess {
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the first line (stdout or stderr) that matches; rejects if the process exits first or on timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGTERM to the whole group, SIGKILL if it is still there after `graceMs`. Never throws. */
  stop(graceMs?: number): Promise<void>;
}

/** Process groups started and not yet stopped (a group can outlive its leader). */
const alive = new Set<number>();
const killAll = (): void => {
  for (const pgid of alive) killGroup(pgid, 'SIGKILL');
};
process.once('exit', killAll);
// Our groups are detached, so a Ctrl+C in the terminal does not reach them, and Node does not emit 'exit' when a
// signal ends it: kill them, then let the signal end the process as it would have.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

export function startProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string },
): StartedProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  if (pgid !== undefined) alive.add(pgid);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const lineListeners = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    stream.pipe(log, { end: false });
    createInterface({ input: stream }).on('line', (line) => {
      for (const listener of lineListeners) listener(line);
    });
  }

  return {
    child,
    logFile: options.logFile,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (): void => {
          lineListeners.delete(onLine);
          clearTimeout(timer);
          child.off('exit', onExit);
        };
        const onLine = (line: string): void => {
          const match = pattern.exec(line);
          if (match) {
            done();
            resolve(match);
          }
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
          done();
          reject(new Error(`${command} exited (${code ?? signal}) before printing ${pattern}. See ${options.logFile}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms. See ${options.logFile}`));
        }, timeoutMs);
        lineListeners.add(onLine);
        child.once('exit', onExit);
        if (child.exitCode !== null) onExit(child.exitCode, null);
      });
    },
    async stop(graceMs = 5000) {
      if (pgid === undefined || !alive.has(pgid)) {
        log.end();
        return;
      }
      killGroup(pgid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      if ((await Promise.race([exited, graceOver])) === 'timeout') {
        killGroup(pgid, 'SIGKILL');
        await exited;
      }
      clearTimeout(timer);
      // The leader can exit before its children: make sure nothing of the group survives.
      killGroup(pgid, 'SIGKILL');
      alive.delete(pgid);
      log.end();
    },
  };
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}
