/**
 * An import is first a plan: the resources to write, in dependency order, shown in the wizard's Review step and then
 * run by the executor (src/apim/importExecutor.ts). Generic over step kinds so that every import (Language Model API,
 * Azure OpenAI) describes its own steps and shares the review, execution, progress and rollback.
 */

/** What to do when the resource already exists with a different content. Existing and identical is always skipped. */
export type OnExisting =
  /** Stop before any write so the user chooses (a new name or path, or an update). */
  | 'conflict'
  /** Update it in place with If-Match on the ETag read just before (a policy is merged, not replaced). */
  | 'update'
  /** Keep it as it is (e.g. a product link that is already there). */
  | 'reuse';

export interface PlanStep<K extends string = string, P = unknown> {
  /** Unique within the plan, stable across re-runs: `{kind}:{resource name}`. */
  readonly id: string;
  readonly kind: K;
  /** Human-readable kind for the Review list, e.g. "Named value". */
  readonly resourceType: string;
  readonly resourceName: string;
  /** One line for the Review list and the progress list. */
  readonly title: string;
  readonly dependsOn: readonly string[];
  readonly onExisting: OnExisting;
  /** Plain JSON: a plan crosses the webview boundary for Review. Never a secret, only references to one. */
  readonly payload: P;
  /** Extra text shown in Review under the step (e.g. the full policy XML). */
  readonly preview?: string;
}

/** Where a step stands while a plan runs or is rolled back (what the progress list shows). */
export const STEP_STATUSES = [
  'pending',
  'running',
  'created',
  'updated',
  'skipped',
  'failed',
  'cancelled',
  'rolledBack',
  'rollbackFailed',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface ImportPlan<S extends PlanStep = PlanStep> {
  readonly title: string;
  readonly steps: readonly S[];
}

/** Steps grouped by depth: every step's dependencies are in an earlier level. Throws on unknown ids or cycles. */
export function planLevels(plan: ImportPlan): string[][] {
  const problems = checkPlan(plan);
  if (problems.length > 0) throw new Error(`Invalid import plan: ${problems.join(' ')}`);
  const depth = new Map<string, number>();
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id)!;
    const d = step.dependsOn.length === 0 ? 0 : Math.max(...step.dependsOn.map(visit)) + 1;
    depth.set(id, d);
    return d;
  };
  const levels: string[][] = [];
  for (const s of plan.steps) (levels[visit(s.id)] ??= []).push(s.id);
  return levels;
}

/** Number of steps on the longest dependency chain: the least number of sequential writes any executor needs. */
export function criticalPathLength(plan: ImportPlan): number {
  return planLevels(plan).length;
}

/** Duplicate ids, unknown dependencies and cycles, each as a sentence; empty when the plan is well formed. */
export function checkPlan(plan: ImportPlan): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const s of plan.steps) {
    if (ids.has(s.id)) problems.push(`Step "${s.id}" appears twice.`);
    ids.add(s.id);
  }
  for (const s of plan.steps) for (const d of s.dependsOn) if (!ids.has(d)) problems.push(`Step "${s.id}" depends on unknown step "${d}".`);
  if (problems.length > 0) return problems;
  const state = new Map<string, 'visiting' | 'done'>();
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      problems.push(`Steps ${[...path.slice(path.indexOf(id)), id].join(' → ')} form a cycle.`);
      return;
    }
    state.set(id, 'visiting');
    for (const d of byId.get(id)!.dependsOn) visit(d, [...path, id]);
    state.set(id, 'done');
  };
  for (const s of plan.steps) visit(s.id, []);
  return problems;
}
