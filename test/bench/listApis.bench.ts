/**
 * Listing 10,000 APIs of one instance over the sandbox with 100 ms of ARM latency, through the extension's own code
 * (src/azure client factory, src/apim reads), in one run:
 *   - official: what the official APIM extension does, `$top=20` pages walked one after another by nextLink;
 *   - ours, tree: the tree's first page (`$top=100`), then every "Load more" (the same 100-entity pages, in sequence);
 *   - ours, all: listAllApis, the first page's `count` then the other pages by `$skip`, 8 in flight.
 * ARM calls are counted by a pipeline policy on every HTTP attempt.
 *
 *   npx tsx test/bench/listApis.bench.ts [--apis N] [--latency MS]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { listAllApis, listApisPage } from '../../src/apim/apis';
import type { ServiceRef } from '../../src/apim/refs';
import { getService } from '../../src/apim/services';
import { createAzureClients } from '../../src/azure/clientFactory';
import { sandboxCloud } from '../../src/azure/clouds';
import { spawnSandbox } from '../../src/azure/sandboxProcess';
import { StaticTokenCredential } from '../../src/azure/StaticTokenCredential';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const APIS = arg('--apis', 10_000);
const LATENCY = arg('--latency', 100);

interface Run {
  readonly strategy: string;
  readonly armCalls: number;
  readonly ms: number;
  readonly firstRowsMs: number;
  readonly apis: number;
}

const now = (): number => performance.now();

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const script = join(root, 'dist', 'sandbox.js');
  if (!existsSync(script)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const sandbox = await spawnSandbox({
    scriptPath: script,
    execPath: process.execPath,
    latencyMs: LATENCY,
    extraArgs: ['--apis', String(APIS)],
    timeoutMs: 120_000,
  });
  try {
    let calls = 0;
    const counter: PipelinePolicy = { name: 'countArmCalls', sendRequest: (request, next) => (calls++, next(request)) };
    const clients = createAzureClients({
      cloud: sandboxCloud(sandbox.connection.armEndpoint),
      credential: new StaticTokenCredential(sandbox.connection.token),
      caPem: [sandbox.caPem],
      version: 'bench',
      policies: [counter],
    });
    const sub = sandbox.connection.subscriptionIds[0];
    const service: ServiceRef | undefined = await getService(
      clients,
      `/subscriptions/${sub}/resourceGroups/rg-ai-gateway/providers/Microsoft.ApiManagement/service/contoso-ai-gateway`,
    );
    if (!service) throw new Error('The sandbox has no contoso-ai-gateway instance.');
    const client = await clients.apim(sub);

    const measure = async (strategy: string, run: (firstRows: () => void) => Promise<number>): Promise<Run> => {
      calls = 0;
      const start = now();
      let firstRowsMs = 0;
      const apis = await run(() => (firstRowsMs ||= now() - start));
      return { strategy, armCalls: calls, ms: now() - start, firstRowsMs, apis };
    };

    const runs: Run[] = [];
    runs.push(
      await measure('official: $top=20, sequential nextLink', async (firstRows) => {
        let n = 0;
        for await (const page of client.api.listByService(service.resourceGroup, service.name, { top: 20 }).byPage()) {
          firstRows();
          n += page.length;
        }
        return n;
      }),
    );
    runs.push(
      await measure('ours, tree: $top=100 first page, then each Load more', async (firstRows) => {
        let n = 0;
        let token: string | undefined;
        do {
          const page = await listApisPage(clients, service, token ? { continuationToken: token } : {});
          firstRows();
          n += page.items.length;
          token = page.continuationToken;
        } while (token);
        return n;
      }),
    );
    runs.push(
      await measure('ours, all: count then $skip pages, 8 in flight', async (firstRows) => {
        const all = await listAllApis(clients, service, { concurrency: 8 });
        firstRows();
        return all.length;
      }),
    );

    console.log(`Listing the APIs of one instance (${APIS} extra APIs) with ${LATENCY} ms ARM latency`);
    console.log('strategy                                                ARM calls   total ms   first rows ms   APIs');
    for (const r of runs) {
      console.log(
        `${r.strategy.padEnd(55)} ${String(r.armCalls).padStart(9)} ${r.ms.toFixed(0).padStart(10)} ${r.firstRowsMs.toFixed(0).padStart(15)} ${String(r.apis).padStart(6)}`,
      );
    }
    const [official, tree, all] = runs as [Run, Run, Run];
    if (tree.apis !== official.apis || all.apis !== official.apis) throw new Error('The strategies did not list the same number of APIs.');
    console.log(
      `Ours lists everything ${(official.ms / all.ms).toFixed(1)}x faster with ${(official.armCalls / all.armCalls).toFixed(1)}x fewer ARM calls; the tree's first rows come after ${tree.firstRowsMs.toFixed(0)} ms (official ${official.firstRowsMs.toFixed(0)} ms).`,
    );
    console.log(
      JSON.stringify({
        bench: 'listApis',
        apis: official.apis,
        latencyMs: LATENCY,
        official: { armCalls: official.armCalls, ms: Math.round(official.ms), firstRowsMs: Math.round(official.firstRowsMs) },
        oursTree: { armCalls: tree.armCalls, ms: Math.round(tree.ms), firstRowsMs: Math.round(tree.firstRowsMs) },
        oursAll: { armCalls: all.armCalls, ms: Math.round(all.ms), firstRowsMs: Math.round(all.firstRowsMs) },
        speedup: Number((official.ms / all.ms).toFixed(2)),
      }),
    );
  } finally {
    await sandbox.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
