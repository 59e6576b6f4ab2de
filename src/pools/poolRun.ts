/**
 * A pool edit without UI: inspect the plan for Review (reads only), then execute it with the import executor and roll
 * back what this run wrote when a step fails or the user cancels, so that a failed edit leaves the instance as it was.
 */
import {
  executeOrRollBack,
  findConflicts,
  inspectPlan,
  type Conflict,
  type RunOutcome,
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

/** One write at a time: a pool edit is a handful of writes, and a failure then stops before the next one starts. */
export function runPoolEdit(
  plan: PoolEditPlan,
  ctx: StepContext,
  options: { readonly inspections?: ReadonlyMap<string, Inspection>; readonly onProgress?: (e: StepProgress) => void } = {},
): Promise<RunOutcome> {
  return executeOrRollBack(plan, poolEditStepHandlers, ctx, { ...options, maxParallel: 1 });
}
