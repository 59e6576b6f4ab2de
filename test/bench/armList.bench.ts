/**
 * ARM list throughput against the sandbox with 10,000 APIs in one service, with the real ApiManagementClient:
 * every page walked by nextLink with APIM's 20-entity pages (the naive client) and with 100-entity pages (ours),
 * then the same pages fetched by `$skip` with 10 and 100 requests in flight. Run at 0 ms and at 100 ms of added ARM
 * latency (about what Azure adds). The sandbox runs in its own process, so client and server do not share a thread.
 *
 *   npx tsx test/bench/armList.bench.ts
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiManagementClient } from '@azure/arm-apimanagement';
import { isSandboxConnection, type SandboxConnection } from '../../src/sandbox/connection';
import { tokenCredential } from '../integration/helpers/sandbox';

const APIS = 10_000;
const RG = 'rg-ai-gateway';
const SVC = 'contoso-ai-gateway';
const LATENCIES = [0, 100];

interface Result {
  readonly latencyMs: number;
  readonly mode: 'nextLink' | 'skip-parallel';
  readonly pageSize: number;
  readonly concurrency: number;
  readonly pages: number;
  readonly apis: number;
  readonly ms: number;
  readonly firstPageMs: number;
  readonly apisPerSecond: number;
}

async function startSandbox(
  latencyMs: number,
): Promise<{ child: ChildProcessByStdio<null, Readable, Readable>; connection: SandboxConnection }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts', '--apis', String(APIS), '--latency', String(latencyMs)], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The sandbox logs every ARM request; keep only the tail, for the error message if it fails to start.
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-2000)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`The sandbox exited with ${code} before it was ready: ${log}`)));
  });
  const connection = JSON.parse(line) as unknown;
  if (!isSandboxConnection(connection)) throw new Error('The sandbox did not print a connection line.');
  return { child, connection };
}

const elapsed = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

async function walkNextLink(client: ApiManagementClient, latencyMs: number, pageSize: number): Promise<Result> {
  const start = process.hrtime.bigint();
  let firstPageMs = 0;
  let pages = 0;
  let apis = 0;
  for await (const page of client.api.listByService(RG, SVC, { top: pageSize }).byPage()) {
    if (pages === 0) firstPageMs = elapsed(start);
    pages++;
    apis += page.length;
  }
  const ms = elapsed(start);
  return { latencyMs, mode: 'nextLink', pageSize, concurrency: 1, pages, apis, ms, firstPageMs, apisPerSecond: (apis / ms) * 1000 };
}

/** The first page tells the total (`count`); the other pages are then fetched by `$skip`, `concurrency` at a time. */
async function fetchBySkip(client: ApiManagementClient, latencyMs: number, pageSize: number, concurrency: number): Promise<Result> {
  const start = process.hrtime.bigint();
  const fetchPage = async (skip: number): Promise<number> => {
    const r = await client.api.listByService(RG, SVC, { top: pageSize, skip }).byPage().next();
    return r.done === true ? 0 : r.value.length;
  };
  let total = 0;
  const first = await client.api.listByService(RG, SVC, { top: pageSize }).byPage().next();
  const firstPageMs = elapsed(start);
  let apis = first.done === true ? 0 : first.value.length;
  // The SDK hides the collection's `count`; read it from the raw response of the same request instead.
  await client.api
    .listByService(RG, SVC, { top: 1, onResponse: (raw) => (total = (raw.parsedBody as { count: number }).count) })
    .byPage()
    .next();
  const skips: number[] = [];
  for (let s = pageSize; s < total; s += pageSize) skips.push(s);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < skips.length) {
      const count = await fetchPage(skips[next++]);
      apis += count;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, skips.length) }, worker));
  const ms = elapsed(start);
  return {
    latencyMs,
    mode: 'skip-parallel',
    pageSize,
    concurrency,
    pages: skips.length + 1,
    apis,
    ms,
    firstPageMs,
    apisPerSecond: (apis / ms) * 1000,
  };
}

async function main(): Promise<void> {
  const results: Result[] = [];
  for (const latencyMs of LATENCIES) {
    const { child, connection } = await startSandbox(latencyMs);
    try {
      const ca = readFileSync(connection.caCertFile, 'utf8');
      const client = new ApiManagementClient(tokenCredential(connection.token), connection.subscriptionIds[0], {
        endpoint: connection.armEndpoint,
        tlsOptions: { ca },
      });
      await client.api.get(RG, SVC, 'echo-api'); // warm up the TLS connection and the SDK
      results.push(await walkNextLink(client, latencyMs, 20));
      results.push(await walkNextLink(client, latencyMs, 100));
      for (const concurrency of [1, 10, 100]) results.push(await fetchBySkip(client, latencyMs, 100, concurrency));
    } finally {
      child.kill('SIGTERM');
    }
  }

  console.log(`ARM list of ${APIS} APIs with @azure/arm-apimanagement (sandbox in its own process)`);
  console.log('latency  mode            page  in flight  pages   APIs    total ms  first page ms  APIs/s');
  for (const r of results) {
    if (r.apis < APIS) throw new Error(`Only ${r.apis} APIs were listed in ${r.mode}/${r.pageSize}/${r.concurrency}.`);
    console.log(
      `${String(r.latencyMs).padStart(4)} ms  ${r.mode.padEnd(14)} ${String(r.pageSize).padStart(4)}  ${String(r.concurrency).padStart(9)}  ${String(r.pages).padStart(5)}  ${String(r.apis).padStart(6)}  ${r.ms.toFixed(0).padStart(9)}  ${r.firstPageMs.toFixed(1).padStart(13)}  ${r.apisPerSecond.toFixed(0).padStart(6)}`,
    );
  }
  const at = (latency: number, mode: Result['mode'], pageSize: number, concurrency: number) =>
    results.find((r) => r.latencyMs === latency && r.mode === mode && r.pageSize === pageSize && r.concurrency === concurrency)!;
  const naive = at(100, 'nextLink', 20, 1);
  const ours = at(100, 'skip-parallel', 100, 10);
  console.log(
    `At 100 ms latency: naive 20-entity nextLink walk ${naive.ms.toFixed(0)} ms, 100-entity pages with 10 in flight ${ours.ms.toFixed(0)} ms (${(naive.ms / ours.ms).toFixed(1)}x faster).`,
  );
  console.log(
    JSON.stringify({
      bench: 'armList',
      apis: APIS,
      results: results.map((r) => ({
        ...r,
        ms: Math.round(r.ms),
        firstPageMs: Math.round(r.firstPageMs),
        apisPerSecond: Math.round(r.apisPerSecond),
      })),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
