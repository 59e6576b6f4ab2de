/**
 * Activation cost and time to the first instance row, with the built extension (dist/extension.js) loaded under a
 * small fake 'vscode' module, against a sandbox started by the same code the extension uses:
 *   - which Azure SDK files activation loads (must be none) and how long activate() takes;
 *   - time from activation to the first instance row (account ready, subscriptions, instances);
 *   - the naive alternative in the same run: the cost of loading the SDK bundle eagerly (what activation would pay
 *     with the SDK in the extension bundle), measured in a fresh Node process.
 *
 *   npx tsx test/bench/activation.bench.ts [--latency MS]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { spawnSandbox } from '../../src/azure/sandboxProcess';
import type { AiGatewayApi } from '../../src/extension';
import type { TreeNode } from '../../src/explorer/TreeNode';
import { createFakeVscode, installFakeVscode } from '../unit/helpers/fakeVscode';

const i = process.argv.indexOf('--latency');
const LATENCY = i >= 0 ? Number(process.argv[i + 1]) : 100;
const root = join(__dirname, '..', '..');

async function main(): Promise<void> {
  // Always build: the bench is about what is shipped.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0 || !existsSync(join(root, 'dist', 'extension.js'))) throw new Error('The build failed.');

  const sandbox = await spawnSandbox({ scriptPath: join(root, 'dist', 'sandbox.js'), execPath: process.execPath, latencyMs: LATENCY });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'aigw-bench-'));
    const connectionFile = join(dir, 'sandbox.json');
    writeFileSync(connectionFile, `${JSON.stringify(sandbox.connection)}\n`);
    const fake = createFakeVscode({ settings: { 'aiGateway.environment': 'sandbox', 'aiGateway.sandbox.connectionFile': connectionFile } });
    installFakeVscode(fake);

    const loaded: string[] = [];
    const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
    const originalLoad = loader._load;
    loader._load = function (request: string, parent: unknown, isMain: boolean): unknown {
      loaded.push(request);
      return originalLoad.call(this, request, parent, isMain);
    };
    const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
    const azureFiles = (): string[] => Object.keys(cache).filter((k) => k.includes(`${sep}node_modules${sep}@azure${sep}`) || k.endsWith(`${sep}azureSdk.js`));
    const azureBefore = new Set(azureFiles());

    const start = performance.now();
    // Loaded the way VS Code loads it: CommonJS, with 'vscode' resolved by the host.
    const extension = Module.createRequire(__filename)(join(root, 'dist', 'extension.js')) as { activate(context: unknown): AiGatewayApi };
    const api = extension.activate(fake.extensionContext(root, dir, 'bench'));
    const activateMs = performance.now() - start;
    const azureAtActivation = azureFiles().filter((f) => !azureBefore.has(f));
    const requestsAtActivation = [...new Set(loaded)];

    // First instance row: wait for the account, then walk the tree as VS Code would.
    if (api.account.state.kind !== 'ready') await new Promise<void>((resolve) => api.account.onDidChange((s) => s.kind === 'ready' && resolve()));
    const provider = fake.treeProviders.get('aiGateway.instances')!;
    const roots = (await provider.getChildren()) as TreeNode[];
    let firstRow: string | undefined;
    for (const sub of roots) {
      const rows = (await provider.getChildren(sub)) as TreeNode[];
      const service = rows.find((r) => r.item().contextValue.startsWith('aiGateway.service'));
      if (service) {
        firstRow = provider.getTreeItem(service).label;
        break;
      }
    }
    const firstRowMs = performance.now() - start;
    if (!firstRow) throw new Error('No instance row appeared.');
    const azureAfterFirstRow = azureFiles().filter((f) => !azureBefore.has(f));

    const eager = spawnSync(process.execPath, ['-e', `const t=performance.now();require(${JSON.stringify(join(root, 'dist', 'azureSdk.js'))});console.log(performance.now()-t)`]);
    const sdkLoadMs = Number(eager.stdout.toString().trim());

    console.log(`Activation of dist/extension.js (fake vscode, sandbox with ${LATENCY} ms ARM latency)`);
    console.log(`  activate(): ${activateMs.toFixed(1)} ms, modules required: ${requestsAtActivation.join(', ')}`);
    console.log(`  Azure SDK files loaded by activation: ${azureAtActivation.length === 0 ? 'none' : azureAtActivation.join(', ')}`);
    console.log(`  first instance row "${firstRow}" after ${firstRowMs.toFixed(0)} ms (SDK bundle loaded on first use: ${azureAfterFirstRow.map((f) => f.split(sep).pop()).join(', ')})`);
    console.log(`  naive: loading the SDK bundle eagerly costs ${sdkLoadMs.toFixed(0)} ms more at activation (fresh process)`);
    console.log(
      JSON.stringify({
        bench: 'activation',
        latencyMs: LATENCY,
        activateMs: Number(activateMs.toFixed(1)),
        azureSdkFilesAtActivation: azureAtActivation.length,
        firstInstanceRowMs: Math.round(firstRowMs),
        eagerSdkLoadMs: Math.round(sdkLoadMs),
      }),
    );
    if (azureAtActivation.length > 0) process.exitCode = 1;
  } finally {
    await sandbox.stop();
  }
}

main().then(
  () => process.exit(),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
