/** The "Create" page: per-step progress while the import runs, then the done page or what to do after a failure. */
import type { CreateOutcome, DoneAction, ReviewStep, StepState } from '../../src/protocol/importWizard';
import { button, h, show } from '../shared/dom';

const STATUS_LABELS: Record<StepState, string> = {
  pending: 'Waiting',
  running: 'Writing…',
  created: 'Created',
  updated: 'Updated',
  skipped: 'Already there',
  failed: 'Failed',
  cancelled: 'Not done',
  rolledBack: 'Rolled back',
  rollbackFailed: 'Rollback failed',
};

export interface CreateActions {
  rollback(): void;
  retry(): void;
  cancel(): void;
  backToReview(): void;
  importAnother(): void;
  doneAction(action: DoneAction): void;
}

export class CreateView {
  readonly root = h('section', { 'aria-label': 'Create' });
  private readonly list = h('ul', { class: 'progress', 'aria-live': 'polite' });
  private readonly outcome = h('div', { role: 'status' });
  private readonly actions = h('div', { class: 'row buttons' });
  private readonly statusOf = new Map<string, HTMLElement>();

  constructor(
    private readonly on: CreateActions,
    title = 'Create',
  ) {
    this.root.setAttribute('aria-label', title);
    this.root.append(h('h2', {}, title), this.list, this.outcome, this.actions);
  }

  /** `cancellable`: offer Cancel while it runs (a page that rolls back by itself on failure has none). */
  start(steps: readonly ReviewStep[], cancellable = true): void {
    this.list.replaceChildren();
    this.statusOf.clear();
    for (const s of steps) {
      const status = h('span', { class: 'status' }, STATUS_LABELS.pending);
      this.statusOf.set(s.id, status);
      this.list.append(h('li', { 'data-step': s.id }, status, ' ', `${s.resourceType} `, h('code', {}, s.resourceName)));
    }
    this.outcome.replaceChildren(h('div', { class: 'row' }, h('vscode-progress-ring'), cancellable ? 'Creating…' : 'Writing…'));
    const cancel = button('Cancel', 'secondary');
    cancel.addEventListener('click', () => this.on.cancel());
    this.actions.replaceChildren(...(cancellable ? [cancel] : []));
  }

  progress(stepId: string, status: StepState, message?: string): void {
    const el = this.statusOf.get(stepId);
    if (!el) return;
    el.textContent = STATUS_LABELS[status];
    el.className = `status status-${status}`;
    if (message) el.title = message;
  }

  finished(outcome: CreateOutcome): void {
    switch (outcome.status) {
      case 'succeeded': {
        this.outcome.replaceChildren(h('h2', {}, 'Done'), h('p', {}, 'The API is ready at'), h('pre', {}, outcome.endpoint));
        const buttons: [string, DoneAction][] = [
          ['Test in console', 'testInConsole'],
          ['Copy endpoint', 'copyEndpoint'],
          ['Reveal in tree', 'revealInTree'],
        ];
        const another = button('Import another', 'secondary');
        another.addEventListener('click', () => this.on.importAnother());
        this.actions.replaceChildren(
          ...buttons.map(([label, action], i) => {
            const b = button(label, i === 0 ? 'primary' : 'secondary');
            b.addEventListener('click', () => this.on.doneAction(action));
            return b;
          }),
          another,
        );
        this.actions.querySelector<HTMLElement>('vscode-button')?.focus();
        return;
      }
      case 'failed':
      case 'cancelled': {
        const text = outcome.status === 'failed' ? outcome.message : 'Cancelled. The writes already done are kept until you roll back.';
        this.outcome.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, text));
        const retry = button('Retry', 'primary');
        retry.addEventListener('click', () => this.on.retry());
        const rollback = button('Roll back', 'secondary');
        rollback.addEventListener('click', () => {
          rollback.setAttribute('disabled', '');
          this.on.rollback();
        });
        show(rollback, outcome.canRollback);
        this.actions.replaceChildren(retry, rollback);
        return;
      }
      case 'conflict': {
        this.outcome.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, outcome.message));
        const back = button('Back to review', 'primary');
        back.addEventListener('click', () => this.on.backToReview());
        this.actions.replaceChildren(back);
        return;
      }
    }
  }

  rolledBack(complete: boolean, message: string): void {
    this.outcome.replaceChildren(h('div', complete ? { role: 'status' } : { class: 'error-box', role: 'alert' }, message));
    const back = button('Back to review', 'secondary');
    back.addEventListener('click', () => this.on.backToReview());
    this.actions.replaceChildren(back);
  }

  /** Ends the page with one sentence and the given buttons (for outcomes that are not an import's). */
  settle(message: string, failed: boolean, buttons: readonly HTMLElement[]): void {
    this.outcome.replaceChildren(h('div', failed ? { class: 'error-box', role: 'alert' } : { role: 'status' }, message));
    this.actions.replaceChildren(...buttons);
    buttons[0]?.focus();
  }

  failed(message: string): void {
    this.outcome.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, message));
  }
}
