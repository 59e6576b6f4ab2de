// Failover while the priority-1 model deployment is throttled: 1,000 chat requests through the gateway to an API with a
// single backend (the first account) and to the same API spread over both seeded accounts as a pool with circuit
// breakers and the labs' retry, in the same run, interleaved, while the first account answers every call with
// 429 + Retry-After. Success rate and p50/p95 latency per variant; prints figures and one JSON line.
import { performance } from 'node:perf_hooks';
import { withSandbox } from '../integration/helpers/sandbox';
import { gatewayService } from '../integration/helpers/lmImport';
import { ACCOUNTS, accountPath, chatThrough, FAILOVER, importOverAccounts, masterKey } from '../integration/helpers/poolFixtures';
import { round, stats } from './latencyStats';

const N = Number(process.env.BENCH_N ?? 1000);
const CONCURRENCY = 10;
const RETRY_AFTER_S = 5;

interface Variant {
  readonly name: 'single' | 'pool';
  readonly path: string;
  /** Latency of every request, answered 200 or not. */
  readonly all: number[];
  readonly ok: number[];
}

async function main(): Promise<void> {
  const sb = await withSandbox();
  try {
    const service = await gatewayService(sb);
    const key = await masterKey(sb);
    await importOverAccounts(sb, service, { displayName: 'Bench single', path: 'bench-single' });
    await importOverAccounts(sb, service, {
      displayName: 'Bench pool',
      path: 'bench-pool',
      members: FAILOVER,
    });
    const variants: Variant[] = [
      { name: 'single', path: 'bench-single', all: [], ok: [] },
      { name: 'pool', path: 'bench-pool', all: [], ok: [] },
    ];
    // Warm both paths (connections, policy caches) before the priority-1 account starts throttling.
    for (const v of variants) for (let i = 0; i < 20; i++) await chatThrough(sb, service, v.path, key);
    await sb.hooks.addFault({ method: 'POST', path: accountPath(ACCOUNTS[0]), status: 429, retryAfter: RETRY_AFTER_S, times: 1_000_000 });

    const one = async (v: Variant): Promise<void> => {
      const start = performance.now();
      const r = await chatThrough(sb, service, v.path, key);
      const ms = performance.now() - start;
      v.all.push(ms);
      if (r.status === 200) v.ok.push(ms);
    };
    // Interleaved: each round sends CONCURRENCY requests of each variant at once.
    for (let sent = 0; sent < N; sent += CONCURRENCY) {
      const batch = Math.min(CONCURRENCY, N - sent);
      await Promise.all(variants.flatMap((v) => Array.from({ length: batch }, () => one(v))));
    }

    const results = variants.map((v) => ({
      variant: v.name,
      requests: N,
      successRate: round(v.ok.length / N),
      latencyMs: stats(v.all),
      ...(v.ok.length > 0 ? { okLatencyMs: stats(v.ok) } : {}),
    }));
    console.log(
      `Failover with the priority-1 account answering 429 (Retry-After ${RETRY_AFTER_S} s), ${N} requests each, concurrency ${CONCURRENCY}:`,
    );
    for (const r of results) {
      const ok = r.okLatencyMs ? `successful p50 ${r.okLatencyMs.p50} ms, p95 ${r.okLatencyMs.p95} ms` : 'no successful request';
      console.log(
        `  ${r.variant.padEnd(7)} success ${(r.successRate * 100).toFixed(1)}%  all p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms; ${ok}`,
      );
    }
    console.log(JSON.stringify({ benchmark: 'failover', retryAfterSeconds: RETRY_AFTER_S, concurrency: CONCURRENCY, results }));
  } finally {
    await sb.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
