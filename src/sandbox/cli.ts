/**
 * `npm run sandbox -- [--port N] [--latency MS] [--apis COUNT] [--seed demo|empty] [--state-dir DIR]`
 * (also `node dist/sandbox.js ...`): prints one JSON line (the SandboxConnection) on stdout when ready, logs to
 * stderr, and stops cleanly on SIGINT/SIGTERM.
 */
import { SEED_NAMES, type SeedName } from './seed';
import { startSandbox, type SandboxOptions } from './server';

const USAGE = 'Usage: sandbox [--port N] [--latency MS] [--apis COUNT] [--seed demo|empty] [--state-dir DIR]';

export function parseArgs(argv: readonly string[]): SandboxOptions {
  const options: { -readonly [K in keyof SandboxOptions]: SandboxOptions[K] } = {};
  const count = (flag: string, raw: string | undefined, max: number): number => {
    const n = Number(raw);
    if (raw === undefined || !Number.isInteger(n) || n < 0 || n > max) {
      throw new Error(`${flag} needs a whole number from 0 to ${max}. ${USAGE}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = count(flag, value(), 65535);
        break;
      case '--latency':
        options.latencyMs = count(flag, value(), 60_000);
        break;
      case '--apis':
        options.apis = count(flag, value(), 1_000_000);
        break;
      case '--seed': {
        const seed = value();
        if (!SEED_NAMES.includes(seed as SeedName)) throw new Error(`--seed must be one of ${SEED_NAMES.join(', ')}. ${USAGE}`);
        options.seed = seed as SeedName;
        break;
      }
      case '--state-dir': {
        const dir = value();
        if (!dir) throw new Error(`--state-dir needs a directory. ${USAGE}`);
        options.stateDir = dir;
        break;
      }
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown option '${flag}'. ${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const log = (line: string): void => void process.stderr.write(`[sandbox] ${line}\n`);
  const sandbox = await startSandbox({ ...options, log });
  process.stdout.write(`${JSON.stringify(sandbox.connection)}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        log(`Stop failed: ${String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// Runs only as the entry point (tsx or the esbuild bundle), not when tests import parseArgs.
if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(
      `The sandbox could not start: ${(e as Error)?.message ?? String(e)}. Check the options and that the port is free.\n`,
    );
    process.exit(1);
  });
}
