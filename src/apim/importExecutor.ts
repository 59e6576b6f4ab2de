/**
 * Runs an import plan (src/domain/import/importPlan.ts) against Azure: inspects what exists, stops before any write when
 * something existing would change without the user's consent, then writes with every step started as soon as its
 * dependencies are done (independent writes in parallel), reports progress per step, honours cancellation, and records
 * what this run created or changed so that a rollback undoes exactly that. Step kinds are pluggable: each import
 * registers handlers for its own kinds (see apimStepHandlers.ts).
 */
import type { AzureClients } from '../azure/clients';
import { planLevels, type ImportPlan, type PlanStep, type StepStatus } from '../domain/import/importPlan';
import type { ServiceRef } from './refs';

export interface StepContext {
  readonly clients: AzureClients;
  readonly service: ServiceRef;
  /** Secrets known only in memory (the provider key), by the name plan steps reference them with. */
  readonly secrets: ReadonlyMap<string, string>;
  /** Cancels reads and stops new steps; writes in flight finish so that the journal stays complete. */
  readonly abortSignal?: AbortSignal;
  /** Poll interval for long-running ARM operations; ARM's Retry-After still wins. */
  readonly pollIntervalMs?: number;
}

/** What a step's target looks like in Azure right now. */
export type Inspection =
  | { readonly state: 'absent' }
  /** Exists exactly as the step would write it: nothing to do (this is what makes a re-run idempotent). */
  | { readonly state: 'same' }
  /** Exists with other content. `undo` is what restores it if the step updates it and the import is rolled back. */
  | { readonly state: 'different'; readonly etag?: string; readonly summary: string }
  /** Cannot be written whatever the user chooses (e.g. another API already has the path). */
  | { readonly state: 'blocked'; readonly summary: string };

/** One thing this run did, enough to undo it. `undo` is handler-specific and may hold a previous secret: host memory only. */
export interface JournalEntry {
  readonly stepId: string;
  readonly kind: string;
  readonly title: string;
  readonly action: 'created' | 'updated';
  readonly undo: unknown;
}

export interface StepHandler<S extends PlanStep = PlanStep> {
  inspect(step: S, ctx: StepContext): Promise<Inspection>;
  /** Creates (inspection absent) or updates (different, with If-Match on `inspection.etag`); returns the undo data. */
  apply(step: S, inspection: Inspection, ctx: StepContext): Promise<unknown>;
  /** Deletes what `apply` created, or restores what it updated. A target that is already gone is not an error. */
  undo(entry: JournalEntry, ctx: StepContext): Promise<void>;
}

/** Handlers per step kind; an import's registry spreads in the kinds it needs. */
export type StepHandlers<S extends PlanStep = PlanStep> = { readonly [K in S['kind']]: StepHandler<Extract<S, { kind: K }>> };

export interface StepProgress {
  readonly stepId: string;
  readonly status: StepStatus;
  /** One sentence for the user (why skipped, what failed). */
  readonly message?: string;
}

export interface Conflict {
  readonly stepId: string;
  readonly summary: string;
  /** True when choosing "update" cannot help (e.g. a path taken by another API). */
  readonly blocking: boolean;
}

export type ExecutionResult =
  | { readonly status: 'succeeded'; readonly journal: readonly JournalEntry[] }
  | { readonly status: 'conflict'; readonly conflicts: readonly Conflict[]; readonly journal: readonly JournalEntry[] }
  | { readonly status: 'failed'; readonly stepId: string; readonly error: unknown; readonly journal: readonly JournalEntry[] }
  | { readonly status: 'cancelled'; readonly journal: readonly JournalEntry[] };

export interface ExecuteOptions {
  /** Inspections made for Review; when absent the executor inspects first. */
  readonly inspections?: ReadonlyMap<string, Inspection>;
  readonly onProgress?: (event: StepProgress) => void;
  /** Most writes in flight at once (ARM throttles bursts); 1 runs the plan one step at a time. Default 8. */
  readonly maxParallel?: number;
}

function handlerFor<S extends PlanStep>(handlers: StepHandlers<S>, step: S): StepHandler<S> {
  const handler = (handlers as unknown as Record<string, StepHandler<S> | undefined>)[step.kind];
  if (!handler) throw new Error(`No handler for plan step kind "${step.kind}".`);
  return handler;
}

/** Every step's target, inspected in parallel (reads only). */
export async function inspectPlan<S extends PlanStep>(
  plan: ImportPlan<S>,
  handlers: StepHandlers<S>,
  ctx: StepContext,
): Promise<Map<string, Inspection>> {
  const results = await Promise.all(plan.steps.map(async (s) => [s.id, await handlerFor(handlers, s).inspect(s, ctx)] as const));
  return new Map(results);
}

/** Steps whose existing target would change without the user's consent, or cannot be written at all. */
export function findConflicts(plan: ImportPlan, inspections: ReadonlyMap<string, Inspection>): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const step of plan.steps) {
    const i = inspections.get(step.id);
    if (i?.state === 'blocked') conflicts.push({ stepId: step.id, summary: i.summary, blocking: true });
    else if (i?.state === 'different' && step.onExisting === 'conflict') {
      conflicts.push({ stepId: step.id, summary: i.summary, blocking: false });
    }
  }
  return conflicts;
}

export async function executePlan<S extends PlanStep>(
  plan: ImportPlan<S>,
  handlers: StepHandlers<S>,
  ctx: StepContext,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  planLevels(plan); // throws on a malformed plan before anything is written
  const report = options.onProgress ?? ((): void => undefined);
  const maxParallel = Math.max(1, options.maxParallel ?? 8);
  const journal: JournalEntry[] = [];
  const inspections = options.inspections ?? (await inspectPlan(plan, handlers, ctx));
  const conflicts = findConflicts(plan, inspections);
  if (conflicts.length > 0) return { status: 'conflict', conflicts, journal };

  const done = new Set<string>();
  const started = new Set<string>();
  let failure: { stepId: string; error: unknown } | undefined;
  const cancelled = (): boolean => ctx.abortSignal?.aborted === true;

  await new Promise<void>((resolve) => {
    let running = 0;
    const launch = (): void => {
      for (const step of plan.steps) {
        if (failure || cancelled() || running >= maxParallel) break;
        if (started.has(step.id) || !step.dependsOn.every((d) => done.has(d))) continue;
        started.add(step.id);
        running++;
        void runStep(step)
          .then(
            () => {
              done.add(step.id);
            },
            (error: unknown) => {
              if (cancelled()) report({ stepId: step.id, status: 'cancelled' });
              else {
                failure ??= { stepId: step.id, error };
                report({ stepId: step.id, status: 'failed' });
              }
            },
          )
          .finally(() => {
            running--;
            launch();
            if (running === 0) resolve();
          });
      }
      if (running === 0) resolve();
    };
    launch();
  });

  async function runStep(step: S): Promise<void> {
    const inspection = inspections.get(step.id) ?? { state: 'absent' };
    if (inspection.state === 'same') {
      report({ stepId: step.id, status: 'skipped', message: 'Already exists as planned.' });
      return;
    }
    if (inspection.state === 'different' && step.onExisting === 'reuse') {
      report({ stepId: step.id, status: 'skipped', message: 'Exists; kept as it is.' });
      return;
    }
    report({ stepId: step.id, status: 'running' });
    const undo = await handlerFor(handlers, step).apply(step, inspection, ctx);
    const action = inspection.state === 'absent' ? 'created' : 'updated';
    journal.push({ stepId: step.id, kind: step.kind, title: step.title, action, undo });
    report({ stepId: step.id, status: action });
  }

  for (const step of plan.steps) if (!started.has(step.id)) report({ stepId: step.id, status: 'cancelled' });
  if (failure) return { status: 'failed', stepId: failure.stepId, error: failure.error, journal };
  if (cancelled() && done.size < plan.steps.length) return { status: 'cancelled', journal };
  return { status: 'succeeded', journal };
}

export interface RollbackResult {
  readonly undone: readonly JournalEntry[];
  readonly failed: readonly { readonly entry: JournalEntry; readonly error: unknown }[];
}

/**
 * Undoes a journal, newest first: an entry is always newer than what it depended on, so dependents go before their
 * dependencies. Keeps going after a failure so that as much as possible is undone; a rollback is never cancelled.
 */
export async function rollbackJournal<S extends PlanStep>(
  journal: readonly JournalEntry[],
  handlers: StepHandlers<S>,
  ctx: StepContext,
  onProgress?: (event: StepProgress) => void,
): Promise<RollbackResult> {
  const undone: JournalEntry[] = [];
  const failed: { entry: JournalEntry; error: unknown }[] = [];
  const uncancellable: StepContext = { ...ctx, abortSignal: undefined };
  for (const entry of [...journal].reverse()) {
    const handler = (handlers as unknown as Record<string, StepHandler | undefined>)[entry.kind];
    try {
      if (!handler) throw new Error(`No handler for plan step kind "${entry.kind}".`);
      await handler.undo(entry, uncancellable);
      undone.push(entry);
      onProgress?.({ stepId: entry.stepId, status: 'rolledBack' });
    } catch (error) {
      failed.push({ entry, error });
      onProgress?.({ stepId: entry.stepId, status: 'rollbackFailed' });
    }
  }
  return { undone, failed };
}

export type RunOutcome =
  | { readonly status: 'succeeded' }
  | { readonly status: 'conflict'; readonly conflicts: readonly Conflict[] }
  /** `rolledBack` false: some of what was written could not be undone (the progress events name it). */
  | { readonly status: 'failed' | 'cancelled'; readonly error?: unknown; readonly rolledBack: boolean };

/** Executes a plan and, when a step fails or the run is cancelled, rolls back what this run wrote. */
export async function executeOrRollBack<S extends PlanStep>(
  plan: ImportPlan<S>,
  handlers: StepHandlers<S>,
  ctx: StepContext,
  options: ExecuteOptions = {},
): Promise<RunOutcome> {
  const result = await executePlan(plan, handlers, ctx, options);
  if (result.status === 'succeeded') return { status: 'succeeded' };
  if (result.status === 'conflict') return { status: 'conflict', conflicts: result.conflicts };
  const rollback = await rollbackJournal(result.journal, handlers, ctx, options.onProgress);
  return {
    status: result.status,
    ...(result.status === 'failed' ? { error: result.error } : {}),
    rolledBack: rollback.failed.length === 0,
  };
}
