/**
 * The Review of a pool edit: a modal that lists every write (and first, each backend or pool other APIs use, by name,
 * with its own button), then the run with progress, cancellation and rollback. Nothing is written before the user
 * confirms; the key of a new member travels only in the executor's in-memory secrets.
 */
import * as vscode from 'vscode';
import type { StepContext } from '../apim/importExecutor';
import type { PoolEditOutcome } from '../domain/pools/poolEditCommon';
import { inspectPoolEdit, runPoolEdit } from './poolRun';

/** Resolves true when the plan ran, false when the user did not confirm or cancelled (and it was rolled back). */
export async function reviewAndRun(
  outcome: PoolEditOutcome,
  ctx: StepContext,
  log: vscode.LogOutputChannel,
  what: string,
): Promise<boolean> {
  if (outcome.status === 'invalid') throw new Error(outcome.message);
  const { plan, shared } = outcome;
  const review = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking ${ctx.service.name}…` },
    () => inspectPoolEdit(plan, ctx),
  );
  if (review.conflicts.length > 0) throw new Error(review.conflicts[0].summary);
  const writes = plan.steps.filter((s) => review.inspections.get(s.id)?.state !== 'same');
  if (writes.length === 0) {
    void vscode.window.showInformationMessage(`${plan.title}: everything is already as planned.`);
    return false;
  }
  const warning = shared.length > 0 ? `Other APIs are affected:\n${shared.map((s) => `• ${s}`).join('\n')}\n\n` : '';
  const detail = `${warning}${writes.map((s, i) => `${i + 1}. ${s.title}`).join('\n')}\n\nIf a write fails, the ones before it are undone.`;
  for (const s of writes) if (s.preview) log.info(`${what} Review, ${s.title}:\n${s.preview}`);
  const apply = shared.length > 0 ? 'Apply, also for the other APIs' : 'Apply';
  const answer = await vscode.window.showWarningMessage(`${plan.title}?`, { modal: true, detail }, apply);
  if (answer !== apply) return false;

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: plan.title, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const titles = new Map(plan.steps.map((s) => [s.id, s.title]));
      return runPoolEdit(
        plan,
        { ...ctx, abortSignal: abort.signal },
        {
          inspections: review.inspections,
          onProgress: (e) => {
            log.info(`${what}: ${e.stepId} ${e.status}${e.message ? ` (${e.message})` : ''}`);
            if (e.status === 'running') progress.report({ message: titles.get(e.stepId) ?? e.stepId, increment: 100 / plan.steps.length });
          },
        },
      );
    },
  );
  if (result.status === 'succeeded') return true;
  if (result.status === 'conflict') throw new Error(result.conflicts[0]?.summary ?? 'Something changed in the instance since Review.');
  const undone = result.rolledBack ? 'Everything it wrote was undone.' : 'Some of what it wrote could not be undone; the log names it.';
  if (result.status === 'cancelled') {
    void vscode.window.showInformationMessage(`${what} was cancelled. ${undone}`);
    return false;
  }
  throw new Error(`${what} failed: ${result.error instanceof Error ? result.error.message : String(result.error)} ${undone}`);
}
