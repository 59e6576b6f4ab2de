/**
 * Activation cost and time to the first instance row, with the built extension (dist/extension.js) loaded under a
 * small fake 'vscode' module, against a sandbox started by the same code the extension uses:
 *   - which Azure SDK files activation loads (must be none) and how long activate() takes;
 *   - time from activation to the first instance row (account ready, subscriptions, instances);
 *   - the naive alternative in the same run: loading the SDK bundle eagerly at activation (what activation would pay
 *     with the SDK inside the extension bundle).
 * The measured part runs in a plain Node process (this file bundled by esbuild), not under tsx, whose loader hooks
 * would slow down loading the bundles.
 *
 *   npx tsx test/bench/activation.bench.ts [--latency MS]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { spawnSandbox } from '../../src/azure/sandboxProcess';
import type { AiGatewayApi } from '../../src/extension';
import type { TreeNode } from '../../src/explorer/TreeNode';
import { createFakeVscode, installFakeVscode } from '../unit/helpers/fakeVscode';

interface Measured {
  readonly activateMs: number;
  readonly requestsAtActivation: string[];
  readonly azureAtActivation: string[];
  readonly azureAfterFirstRow: string[];
  readonly firstRow: string;
  readonly firstRowMs: number;
}

/** In the plain Node child: activate dist/extension.js and walk to the first instance row. */
async function measure(root: string, connectionFile: string, eagerSdk: boolean): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-bench-'));
  const fake = createFakeVscode({ settings: { 'aiGateway.environment': 'sandbox', 'aiGateway.sandbox.connectionFile': connectionFile } });
  installFakeVscode(fake);
  const loaded: string[] = [];
  const loader = Module as unknown as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
    _cache: Record<string, unknown>;
  };
  const originalLoad = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean): unknown {
    loaded.push(request);
    return originalLoad.call(this, request, parent, isMain);
  };
  const azureFiles = (): string[] =>
    Object.keys(loader._cache).filter((k) => k.includes(`${sep}node_modules${sep}@azure${sep}`) || k.endsWith(`${sep}azureSdk.js`));
  const load = Module.createRequire(__filename);

  const start = performance.now();
  // Loaded the way VS Code loads it: CommonJS, with 'vscode' resolved by the host.
  const extension = load(join(root, 'dist', 'extension.js')) as { activate(context: unknown): AiGatewayApi };
  if (eagerSdk) load(join(root, 'dist', 'azureSdk.js'));
  const api = extension.activate(fake.extensionContext(root, dir, 'bench'));
  const activateMs = performance.now() - start;
  const azureAtActivation = azureFiles();
  const requestsAtActivation = [...new Set(loaded)];

  if (api.account.state.kind !== 'ready') {
    await new Promise<void>((resolve) => api.account.onDidChange((s) => s.kind === 'ready' && resolve()));
  }
  const provider = fake.treeProviders.get('aiGateway.instances')!;
  let firstRow = '';
  for (const sub of (await provider.getChildren()) as TreeNode[]) {
    const service = ((await provider.getChildren(sub)) as TreeNode[]).find((r) => r.item().contextValue.startsWith('aiGateway.service'));
    if (service) {
      firstRow = provider.getTreeItem(service).label;
      break;
    }
  }
  const firstRowMs = performance.now() - start;
  if (!firstRow) throw new Error('No instance row appeared.');
  return { activateMs, requestsAtActivation, azureAtActivation, azureAfterFirstRow: azureFiles(), firstRow, firstRowMs };
}

async function orchestrate(): Promise<void> {
  const i = process.argv.indexOf('--latency');
  const latency = i >= 0 ? Number(process.argv[i + 1]) : 100;
  const root = join(__dirname, '..', '..');
  // Always build: the bench is about what ships.
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) {
    throw new Error('The build failed.');
  }
  const runner = join(mkdtempSync(join(tmpdir(), 'aigw-bench-')), 'activationRunner.js');
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [__filename],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: runner,
    external: ['vscode', 'esbuild'],
    logLevel: 'error',
  });

  const sandbox = await spawnSandbox({ scriptPath: join(root, 'dist', 'sandbox.js'), execPath: process.execPath, latencyMs: latency });
  try {
    const connectionFile = join(mkdtempSync(join(tmpdir(), 'aigw-bench-')), 'sandbox.json');
    writeFileSync(connectionFile, `${JSON.stringify(sandbox.connection)}\n`);
    const run = (eager: boolean): Measured => {
      const r = spawnSync(process.execPath, [runner, '--runner', root, connectionFile, eager ? 'eager' : 'lazy'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`The runner failed: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measured;
    };
    // Alternate and keep the second of each, so that both see a warm file cache.
    run(false);
    run(true);
    const ours = run(false);
    const eager = run(true);
    const name = (f: string) => f.split(sep).pop();
    console.log(`Activation of dist/extension.js in plain Node (fake vscode, sandbox with ${latency} ms ARM latency)`);
    console.log(
      `  ours:  activate() ${ours.activateMs.toFixed(1)} ms; modules required: ${ours.requestsAtActivation.map(name).join(', ')}`,
    );
    console.log(
      `         Azure SDK files loaded by activation: ${ours.azureAtActivation.length === 0 ? 'none' : ours.azureAtActivation.join(', ')}`,
    );
    console.log(
      `         first instance row "${ours.firstRow}" after ${ours.firstRowMs.toFixed(0)} ms (loaded on first use: ${ours.azureAfterFirstRow.map(name).join(', ')})`,
    );
    console.log(
      `  eager: activate() ${eager.activateMs.toFixed(1)} ms with the SDK loaded at activation; first instance row after ${eager.firstRowMs.toFixed(0)} ms`,
    );
    console.log(
      JSON.stringify({
        bench: 'activation',
        latencyMs: latency,
        ours: {
          activateMs: Number(ours.activateMs.toFixed(1)),
          azureSdkFilesAtActivation: ours.azureAtActivation.length,
          firstInstanceRowMs: Math.round(ours.firstRowMs),
        },
        eagerSdk: {
          activateMs: Number(eager.activateMs.toFixed(1)),
          azureSdkFilesAtActivation: eager.azureAtActivation.length,
          firstInstanceRowMs: Math.round(eager.firstRowMs),
        },
      }),
    );
    if (ours.azureAtActivation.length > 0) process.exitCode = 1;
  } finally {
    await sandbox.stop();
  }
}

const runnerAt = process.argv.indexOf('--runner');
const main =
  runnerAt >= 0
    ? async () =>
        console.log(
          JSON.stringify(await measure(process.argv[runnerAt + 1], process.argv[runnerAt + 2], process.argv[runnerAt + 3] === 'eager')),
        )
    : orchestrate;
main().then(
  () => process.exit(),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
