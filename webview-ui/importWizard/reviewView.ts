/** The "Review" page: every resource to be created or changed, the full policy XML, the endpoint and a sample curl. */
import type { Review, ReviewAction, ReviewStep } from '../../src/protocol/importWizard';
import { checkbox, h, onChange, show } from '../shared/dom';

const ACTION_LABELS: Record<ReviewAction, string> = {
  create: 'Create',
  update: 'Update',
  skip: 'Keep (already there)',
  conflict: 'Conflict: exists',
  blocked: 'Blocked',
};

export class ReviewView {
  readonly root = h('section', { 'aria-label': 'Review' });
  private current: Review | undefined;

  /**
   * `onUpdateChoice(true)` when the user chooses to update what exists (merging its policy) instead of stopping;
   * `onUseNewPath` when they take the free path the host proposed.
   */
  constructor(
    private readonly onUpdateChoice: (update: boolean) => void,
    private readonly onUseNewPath: () => void,
  ) {}

  loading(): void {
    this.current = undefined;
    this.root.replaceChildren(h('div', { class: 'row' }, h('vscode-progress-ring'), 'Checking what already exists in the instance…'));
  }

  failed(message: string): void {
    this.root.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, message));
  }

  steps(): readonly ReviewStep[] {
    return this.current?.steps ?? [];
  }

  show(review: Review, updating: boolean): void {
    this.current = review;
    const table = resourcesTable(review.steps);
    const parts: HTMLElement[] = [h('h2', {}, review.title), table];
    if (review.hasBlockingConflicts) {
      parts.push(
        h(
          'div',
          { class: 'error-box', role: 'alert' },
          'Something blocks this import (see "Blocked" above). Go back and change the display name or the path.',
        ),
      );
    } else if (review.hasConflicts || updating) {
      const choice = checkbox(
        'Update the existing resources and merge the existing policy',
        updating,
        'Otherwise go back and choose another display name or path; nothing is overwritten without this choice',
      );
      onChange(choice.box, () => this.onUpdateChoice(choice.box.checked));
      parts.push(choice.root);
    }
    if (review.newPath) {
      const use = h('vscode-button', { appearance: 'secondary' }, `Use path ${review.newPath.path} instead`);
      use.addEventListener('click', () => this.onUseNewPath());
      parts.push(
        h(
          'div',
          { class: 'row' },
          use,
          h('span', { class: 'hint' }, `A new API "${review.newPath.apiId}" next to the existing one; nothing existing is changed`),
        ),
      );
    }
    const endpointId = 'review-endpoint';
    parts.push(
      h('h3', { id: endpointId }, 'Endpoint'),
      h('pre', { 'aria-labelledby': endpointId }, review.endpoint),
      ...(review.clientSettings !== undefined ? [h('p', { id: 'review-client-settings' }, review.clientSettings)] : []),
      h('h3', { id: 'review-curl' }, 'Sample request'),
      h('pre', { 'aria-labelledby': 'review-curl' }, review.curl),
      h('div', { class: 'hint' }, 'Set APIM_KEY to a subscription key of the instance first; the key is never shown here'),
    );
    if (review.policyXml !== undefined) {
      parts.push(h('h3', { id: 'review-policy' }, 'Policy'), h('pre', { 'aria-labelledby': 'review-policy' }, review.policyXml));
    }
    this.root.replaceChildren(...parts);
    show(this.root, true);
  }
}

/** Every resource a plan writes, with what happens to it (also the Review of "Configure AI Policies…"). */
export function resourcesTable(steps: readonly ReviewStep[]): HTMLElement {
  const rows = steps.map((s) =>
    h(
      'tr',
      { class: `action-${s.action}` },
      h('td', {}, s.resourceType),
      h('td', {}, h('code', {}, s.resourceName)),
      h('td', {}, ACTION_LABELS[s.action]),
      h('td', {}, s.note ?? s.title),
    ),
  );
  return h(
    'table',
    { 'aria-label': 'Resources' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Resource'),
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, 'Action'),
        h('th', { scope: 'col' }, 'Details'),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}
