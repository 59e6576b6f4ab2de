// What the sandbox gateway adds to a chat request: the same requests sent straight to the mock model and through the
// gateway (plain routing + key check + backend credentials; then with the token-limit and token-metric policies), in the
// same run, interleaved, sequentially and at concurrency 10 and 100. Prints figures and one JSON line.
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../../src/sandbox/server';
import { addApi, addBackend, addNamedValue, addService, addSubscription } from '../integration/helpers/gatewayFixtures';
import { round, stats } from './latencyStats';

const SEQUENTIAL = Number(process.env.BENCH_N ?? 400);
const WARMUP = 50;
const CONCURRENCY = [10, 100];
const ROUNDS_PER_CONCURRENCY = 5;
/** Extra plain APIs (each with an operation) in the benchmarked service, to see routing cost on a large instance. */
const EXTRA_APIS = Number(process.env.BENCH_EXTRA_APIS ?? 10_000);

interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ seed: 'empty', log: (line) => console.error(line) });
  const { context: ctx, connection } = sandbox;
  const svc = addService(ctx.store, 'apim-bench');
  addNamedValue(ctx.store, svc, 'model-key', `Bearer ${connection.modelKey}`);
  addBackend(ctx.store, svc, 'mock', { url: connection.modelEndpoint, credentials: { header: { Authorization: ['{{model-key}}'] } } });
  addApi(ctx.store, svc, 'plain', {
    path: 'plain',
    policy: '<policies><inbound><base /><set-backend-service backend-id="mock" /></inbound></policies>',
  });
  addApi(ctx.store, svc, 'ai', {
    path: 'ai',
    policy:
      '<policies><inbound><base /><set-backend-service backend-id="mock" /><llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="1000000000" estimate-prompt-tokens="true" remaining-tokens-header-name="x-remaining" /><llm-emit-token-metric namespace="bench"><dimension name="API ID" /></llm-emit-token-metric></inbound></policies>',
  });
  addSubscription(ctx.store, svc, 'bench', '/apis', 'bench-key');
  for (let i = 0; i < EXTRA_APIS; i++) addApi(ctx.store, svc, `extra-${i}`, { path: `extra/${i}`, operations: [['GET', '/items']] });
  const gw = `${ctx.origin}/gateway/apim-bench`;
  const targets: Target[] = [
    { name: 'direct', url: `${connection.modelEndpoint}/chat/completions`, headers: { authorization: `Bearer ${connection.modelKey}` } },
    { name: 'gateway', url: `${gw}/plain/chat/completions`, headers: { 'ocp-apim-subscription-key': 'bench-key' } },
    { name: 'gateway+ai-policies', url: `${gw}/ai/chat/completions`, headers: { 'ocp-apim-subscription-key': 'bench-key' } },
  ];
  const agent = new Agent({ keepAlive: true, maxSockets: 256, ca: ctx.caPem });
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Benchmark question about gateways' }],
    max_tokens: 16,
  });
  const send = (t: Target): Promise<number> =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const req = request(t.url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...t.headers } }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`${t.name}: HTTP ${res.statusCode ?? '?'}`)),
        );
      });
      req.on('error', reject);
      req.end(body);
    });

  for (let i = 0; i < WARMUP; i++) for (const t of targets) await send(t);

  const sequential = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  // Interleaved so that drift (GC, JIT, CPU frequency) hits every path alike.
  for (let i = 0; i < SEQUENTIAL; i++) for (const t of targets) sequential.get(t.name)!.push(await send(t));

  const concurrent = new Map<string, number[]>();
  for (const c of CONCURRENCY) {
    for (const t of targets) concurrent.set(`${t.name}@${c}`, []);
    // One unmeasured round per path opens the extra keep-alive connections (TLS handshakes) this level needs.
    for (const t of targets) await Promise.all(Array.from({ length: c }, () => send(t)));
    for (let r = 0; r < ROUNDS_PER_CONCURRENCY; r++) {
      for (const t of targets) concurrent.get(`${t.name}@${c}`)!.push(...(await Promise.all(Array.from({ length: c }, () => send(t)))));
    }
  }

  const report: Record<string, unknown> = {
    bench: 'gatewayOverhead',
    sequentialRequests: SEQUENTIAL,
    roundsPerConcurrency: ROUNDS_PER_CONCURRENCY,
    apisInService: EXTRA_APIS + 2,
  };
  console.log(`Service with ${EXTRA_APIS + 2} APIs, ${ctx.store.size} resources in the store`);
  console.log(`Sequential, ${SEQUENTIAL} requests per path (ms):`);
  const direct = stats(sequential.get('direct')!);
  for (const t of targets) {
    const s = stats(sequential.get(t.name)!);
    report[`sequential.${t.name}`] = s;
    console.log(
      `  ${t.name.padEnd(22)} p50 ${s.p50.toFixed(3)}  p95 ${s.p95.toFixed(3)}  overhead p50 ${(s.p50 - direct.p50).toFixed(3)}  p95 ${(s.p95 - direct.p95).toFixed(3)}`,
    );
  }
  report.overheadP50Ms = round(stats(sequential.get('gateway')!).p50 - direct.p50);
  report.overheadP95Ms = round(stats(sequential.get('gateway')!).p95 - direct.p95);
  report.overheadWithAiPoliciesP50Ms = round(stats(sequential.get('gateway+ai-policies')!).p50 - direct.p50);
  for (const c of CONCURRENCY) {
    console.log(`Concurrency ${c}, ${ROUNDS_PER_CONCURRENCY} rounds (ms):`);
    const d = stats(concurrent.get(`direct@${c}`)!);
    for (const t of targets) {
      const s = stats(concurrent.get(`${t.name}@${c}`)!);
      report[`c${c}.${t.name}`] = s;
      console.log(`  ${t.name.padEnd(22)} p50 ${s.p50.toFixed(3)}  p95 ${s.p95.toFixed(3)}  overhead p50 ${(s.p50 - d.p50).toFixed(3)}`);
    }
  }
  console.log(`Gateway overhead at p50 (sequential): ${String(report.overheadP50Ms)} ms (target < 1 ms)`);
  console.log(JSON.stringify(report));
  agent.destroy();
  await sandbox.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
