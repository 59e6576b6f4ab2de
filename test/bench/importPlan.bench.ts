/**
 * Import wall time with 100 ms of ARM latency versus the critical path of its dependent writes.
 * The critical path is the longest chain of the plan's dependencies, each step weighted by the time its own write took
 * in the same run: no executor can finish faster with those writes. Also runs the plan one step at a time (the naive
 * importer) for comparison. Target: wall / critical path <= 1.2.
 */
import { apimStepHandlers } from '../../src/apim/apimStepHandlers';
import { executePlan, inspectPlan, type StepProgress } from '../../src/apim/importExecutor';
import type { ApimStep } from '../../src/domain/import/apimSteps';
import { criticalPathLength, type ImportPlan } from '../../src/domain/import/importPlan';
import { buildLmApiPlan } from '../../src/domain/import/lmApiPlan';
import { formFor, gatewayService, stepContext } from '../integration/helpers/lmImport';
import type { SandboxStats } from '../../src/sandbox/hooks';
import { withSandbox, type SandboxHarness } from '../integration/helpers/sandbox';

const LATENCY_MS = 100;
const RUNS = 3;

interface Run {
  readonly inspectMs: number;
  readonly wallMs: number;
  readonly criticalPathMs: number;
  readonly armRequests: number;
}

async function runOnce(sb: SandboxHarness, plan: ImportPlan<ApimStep>, maxParallel: number): Promise<Run> {
  await sb.hooks.reset();
  const service = await gatewayService(sb);
  const ctx = { ...stepContext(sb, service, 'sk-bench'), pollIntervalMs: 10 };
  const t0 = performance.now();
  const inspections = await inspectPlan(plan, apimStepHandlers, ctx);
  const inspectMs = performance.now() - t0;
  const before = await sb.hooks.stats();
  const started = new Map<string, number>();
  const took = new Map<string, number>();
  const onProgress = (e: StepProgress): void => {
    if (e.status === 'running') started.set(e.stepId, performance.now());
    if (e.status === 'created' || e.status === 'updated') took.set(e.stepId, performance.now() - started.get(e.stepId)!);
  };
  const t1 = performance.now();
  const result = await executePlan(plan, apimStepHandlers, ctx, { inspections, onProgress, maxParallel });
  const wallMs = performance.now() - t1;
  if (result.status !== 'succeeded') throw new Error(`Import ${result.status}`);
  const after = await sb.hooks.stats();
  return { inspectMs, wallMs, criticalPathMs: criticalPath(plan, took), armRequests: armCount(after) - armCount(before) };
}

const armCount = (stats: SandboxStats): number => stats.requests.arm;

/** Longest dependency chain, each step weighted by its measured write time. */
function criticalPath(plan: ImportPlan<ApimStep>, took: ReadonlyMap<string, number>): number {
  const finish = new Map<string, number>();
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const at = (id: string): number => {
    const known = finish.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id)!;
    const value = Math.max(0, ...step.dependsOn.map(at)) + (took.get(id) ?? 0);
    finish.set(id, value);
    return value;
  };
  return Math.max(...plan.steps.map((s) => at(s.id)));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${Math.round(x)} ms`;

async function main(): Promise<void> {
  const sb = await withSandbox({ latencyMs: LATENCY_MS });
  try {
    const form = formFor('gemini', sb, {
      displayName: 'Bench Gemini',
      path: 'bench-gemini',
      url: sb.connection.geminiEndpoint,
      products: ['starter', 'unlimited'],
      policies: {
        tokenLimit: { tokensPerMinute: 10_000, counterKey: 'subscription', remainingTokensHeader: true, consumedTokensHeader: true },
        tokenMetrics: { namespace: 'bench', dimensions: ['API ID'] },
      },
    });
    const plan = buildLmApiPlan(form, { hasKey: true, onExisting: 'conflict' });
    const parallel: Run[] = [];
    const sequential: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      parallel.push(await runOnce(sb, plan, 8));
      sequential.push(await runOnce(sb, plan, 1));
    }
    const wall = median(parallel.map((r) => r.wallMs));
    const cp = median(parallel.map((r) => r.criticalPathMs));
    const naive = median(sequential.map((r) => r.wallMs));
    const inspect = median(parallel.map((r) => r.inspectMs));
    const ratio = wall / cp;
    console.log(`Language Model API import, ${plan.steps.length} steps, ARM latency ${LATENCY_MS} ms, median of ${RUNS} runs`);
    console.log(`  review inspection (parallel reads): ${ms(inspect)}`);
    console.log(`  import wall time (parallel):        ${ms(wall)}`);
    const chain = criticalPathLength(plan);
    console.log(
      `  critical path of dependent writes:  ${ms(cp)} (${chain} writes in a chain, each step's own time in this run; latency alone is ${chain * LATENCY_MS} ms)`,
    );
    console.log(`  ratio wall / critical path:         ${ratio.toFixed(2)} (target <= 1.2)`);
    console.log(`  naive one-step-at-a-time import:    ${ms(naive)} (${(naive / wall).toFixed(1)}x slower)`);
    console.log(`  ARM requests per import:            ${median(parallel.map((r) => r.armRequests))}`);
    console.log(
      JSON.stringify({
        bench: 'importPlan',
        latencyMs: LATENCY_MS,
        steps: plan.steps.length,
        inspectMs: Math.round(inspect),
        wallMs: Math.round(wall),
        criticalPathMs: Math.round(cp),
        chainLength: chain,
        ratio: Math.round(ratio * 100) / 100,
        naiveMs: Math.round(naive),
        target: 1.2,
        met: ratio <= 1.2,
      }),
    );
  } finally {
    await sb.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
