/**
 * A pool edit without UI: inspect the plan for Review (reads only), then execute it with the import executor and roll
 * back what this run wrote when a step fails or the user cancels, so that a failed edit leaves the instance as it was.
 */
import {
  executePlan,
  findConflicts,
  inspectPlan,
  rollbackJournal,
  type Conflict,
  type Inspection,
  type StepContext,
  type StepProgress,
} from '../apim/importExecutor';
import { poolEditStepHandlers } from '../apim/poolEditStepHandlers';
import type { PoolEditPlan } from '../domain/pools/poolEditCommon';

export interface PoolEditReview {
  readonly inspections: ReadonlyMap<string, Inspection>;
  /** Non-empty: nothing may be written (a name taken since the facts were read, a policy that cannot be merged). */
  readonly conflicts: readonly Conflict[];
}

export async function inspectPoolEdit(plan: PoolEditPlan, ctx: StepContext): Promise<PoolEditReview> {
  const inspections = await inspectPlan(plan, poolEditStepHandlers, ctx);
  return { inspections, conflicts: findConflicts(plan, inspections) };
}

export type PoolEditResult =
  | { readonly status: 'succeeded' }
  | { readonly status: 'conflict'; readonly conflicts: readonly Conflict[] }
  /** `rolledBack` false: some of what was written could not be undone (the log names it). */
  | { readonly status: 'failed' | 'cancelled'; readonly error?: unknown; readonly rolledBack: boolean };

export async function runPoolEdit(
  plan: PoolEditPlan,
  ctx: StepContext,
  options: { readonly inspections?: ReadonlyMap<string, Inspection>; readonly onProgress?: (e: StepProgress) => void } = {},
): Promise<PoolEditResult> {
  // One write at a time: a pool edit is a handful of writes, and a failure then stops before the next one starts.
  const result = await executePlan(plan, poolEditStepHandlers, ctx, { ...options, maxParallel: 1 });
  if (result.status === 'succeeded') return { status: 'succeeded' };
  if (result.status === 'conflict') return { status: 'conflict', conflicts: result.conflicts };
  const rollback = await rollbackJournal(result.journal, poolEditStepHandlers, ctx, options.onProgress);
  return {
    status: result.status,
    ...(result.status === 'failed' ? { error: result.error } : {}),
    rolledBack: rollback.failed.length === 0,
  };
}
