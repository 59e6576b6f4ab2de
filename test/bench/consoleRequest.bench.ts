// The test console's request path (gateway client + SSE parsing + usage extraction + limit headers) versus a bare
// HTTPS client doing the least a caller can (send, read the body, JSON.parse), against the same sandbox gateway and
// seeded LLM API, in the same run, interleaved, whole and streamed. Target: console p50 <= 1.05 x bare p50.
// Prints figures and one JSON line.
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { runConsoleRequest, type ConsoleRequestInput } from '../../src/testConsole/consoleRequest';
import { buildChatRequest, DEFAULT_CHAT_FORM } from '../../src/domain/chat/chatRequest';
import { gatewayUrlFor } from '../../src/sandbox/context';
import { llmApiPolicy } from '../../src/sandbox/seed';
import { startSandbox } from '../../src/sandbox/server';
import { round, stats } from './latencyStats';

const N = Number(process.env.BENCH_N ?? 300);
const WARMUP = 30;

async function main(): Promise<void> {
  const sandbox = await startSandbox({ log: () => undefined });
  const { context: ctx } = sandbox;
  const service = ctx.store.ofType('Microsoft.ApiManagement/service').find((s) => s.name === 'contoso-ai-gateway')!;
  const apiId = `${service.id}/apis/openai-chat`;
  // The seeded 5,000 tokens per minute would throttle a benchmark within seconds.
  const policy = ctx.store.get(`${apiId}/policies/policy`)!;
  ctx.store.put({
    ...policy,
    properties: {
      ...policy.properties,
      value: llmApiPolicy('openai-chat-backend').replace('tokens-per-minute="5000"', 'tokens-per-minute="1000000000"'),
    },
  });
  const key = String(ctx.store.get(`${service.id}/subscriptions/llm-unlimited`)!.properties.primaryKey);
  const endpoint = `${gatewayUrlFor(ctx, service.name)}/llm/openai`;

  const form = { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini' };
  const inputs = {
    whole: buildChatRequest('openai', form),
    streamed: buildChatRequest('openai', { ...form, stream: true }),
  };
  const transport = { extraCaPem: [ctx.caPem] };
  const consoleInput = (mode: keyof typeof inputs): ConsoleRequestInput => ({
    endpoint,
    request: inputs[mode],
    key: { header: 'api-key', value: key },
    keyHeader: 'api-key',
    kind: 'openai',
  });
  const viaConsole = async (mode: keyof typeof inputs): Promise<number> => {
    const start = performance.now();
    const outcome = await runConsoleRequest(consoleInput(mode), transport);
    if (outcome.status !== 200 || !outcome.usage || outcome.usage.estimated) {
      throw new Error(`console ${mode}: HTTP ${outcome.status} ${outcome.error ?? ''}`);
    }
    return performance.now() - start;
  };

  const agent = new Agent({ keepAlive: true, ca: ctx.caPem });
  const bare = (mode: keyof typeof inputs): Promise<number> =>
    new Promise((resolve, reject) => {
      const r = inputs[mode];
      const start = performance.now();
      const req = request(`${endpoint}${r.path}`, { method: 'POST', agent, headers: { ...r.headers, 'api-key': key } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`bare ${mode}: HTTP ${res.statusCode ?? '?'}`));
          if (mode === 'whole') JSON.parse(text);
          resolve(performance.now() - start);
        });
      });
      req.on('error', reject);
      req.end(r.body);
    });

  for (let i = 0; i < WARMUP; i++) {
    for (const m of ['whole', 'streamed'] as const) {
      await viaConsole(m);
      await bare(m);
    }
  }
  const samples: Record<string, number[]> = { 'console.whole': [], 'bare.whole': [], 'console.streamed': [], 'bare.streamed': [] };
  // Interleaved, and in alternating order, so that drift (GC, JIT, CPU frequency, the other path's warm caches)
  // hits both paths alike.
  for (let i = 0; i < N; i++) {
    for (const m of ['whole', 'streamed'] as const) {
      if (i % 2 === 0) {
        samples[`console.${m}`].push(await viaConsole(m));
        samples[`bare.${m}`].push(await bare(m));
      } else {
        samples[`bare.${m}`].push(await bare(m));
        samples[`console.${m}`].push(await viaConsole(m));
      }
    }
  }

  const report: Record<string, unknown> = { bench: 'consoleRequest', requestsPerPath: N };
  console.log(`Console request path vs bare HTTPS client, ${N} sequential requests each, through the sandbox gateway (ms):`);
  for (const m of ['whole', 'streamed'] as const) {
    const c = stats(samples[`console.${m}`]);
    const b = stats(samples[`bare.${m}`]);
    const ratio = round(c.p50 / b.p50);
    report[`console.${m}`] = c;
    report[`bare.${m}`] = b;
    report[`ratioP50.${m}`] = ratio;
    report[`overheadP50Ms.${m}`] = round(c.p50 - b.p50);
    console.log(
      `  ${m.padEnd(9)} console p50 ${c.p50.toFixed(3)} p95 ${c.p95.toFixed(3)} | bare p50 ${b.p50.toFixed(3)} p95 ${b.p95.toFixed(3)} | ratio p50 ${ratio.toFixed(3)} (target <= 1.05), +${(c.p50 - b.p50).toFixed(3)} ms`,
    );
  }
  console.log(JSON.stringify(report));
  agent.destroy();
  await sandbox.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
