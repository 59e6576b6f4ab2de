/**
 * The onboarding's host-side flow without UI: validate the form against the instance (nothing is written for a form
 * with an error), plan, inspect for Review, then execute with the import executor and roll back on failure, so that a
 * failed onboarding leaves the instance as it was.
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
import { teamStepHandlers } from '../apim/teamStepHandlers';
import type { TeamFacts } from '../domain/teams/teamFacts';
import type { TeamFieldErrors, TeamForm } from '../domain/teams/teamForm';
import { buildTeamPlan, type TeamPlan } from '../domain/teams/teamPlan';
import { validateTeamForm } from '../domain/teams/teamValidation';

export type OnboardingReview =
  | { readonly status: 'invalid'; readonly errors: TeamFieldErrors }
  | {
      readonly status: 'ready';
      readonly plan: TeamPlan;
      readonly inspections: ReadonlyMap<string, Inspection>;
      /** Non-empty: Create is refused until the form changes. */
      readonly conflicts: readonly Conflict[];
    };

export async function reviewOnboarding(form: TeamForm, facts: TeamFacts, ctx: StepContext): Promise<OnboardingReview> {
  const errors = validateTeamForm(form, facts);
  if (Object.keys(errors).length > 0) return { status: 'invalid', errors };
  const plan = buildTeamPlan(form);
  const inspections = await inspectPlan(plan, teamStepHandlers, ctx);
  return { status: 'ready', plan, inspections, conflicts: findConflicts(plan, inspections) };
}

export type OnboardingOutcome = RunOutcome;

export function runOnboarding(
  plan: TeamPlan,
  ctx: StepContext,
  options: { readonly inspections?: ReadonlyMap<string, Inspection>; readonly onProgress?: (e: StepProgress) => void } = {},
): Promise<OnboardingOutcome> {
  return executeOrRollBack(plan, teamStepHandlers, ctx, options);
}
