/**
 * The front end of "Configure AI Policies…": the import wizard's Policies page (policiesForm.ts), started from the API's
 * policy, then Review (every write and the policy's diff, before → after) and Apply (per-step progress, from the
 * wizard's createView.ts). It talks to the host only through src/protocol/policies.ts and keeps no secret.
 */
import type { WizardFacts } from '../../src/protocol/importWizard';
import {
  parsePoliciesEvent,
  type DiffLine,
  type LockedGroups,
  type PoliciesBootState,
  type PoliciesEvent,
  type PoliciesInit,
  type PoliciesOutcome,
  type PoliciesRequest,
  type PoliciesReview,
} from '../../src/protocol/policies';
import { validateConfiguredPolicies, type LmApiPolicies } from '../../src/protocol/webviewShared';
import { button, byId, h, show } from '../shared/dom';
import { registerToolkit } from '../shared/toolkit';
import { initialState, onMessage, post } from '../shared/vscodeApi';
import { CreateView } from '../importWizard/createView';
import { PoliciesForm } from '../importWizard/policiesForm';
import { resourcesTable } from '../importWizard/reviewView';

registerToolkit();

type Page = 'loading' | 'policies' | 'review' | 'apply';
const PAGES: readonly [Page, string][] = [
  ['policies', 'Policies'],
  ['review', 'Review'],
  ['apply', 'Apply'],
];

const boot = initialState<PoliciesBootState>();
const app = byId('app');
const send = (m: PoliciesRequest): void => post(m);
const form = new PoliciesForm();
let init: PoliciesInit | undefined;
let facts: WizardFacts | undefined;
let page: Page = 'loading';
let requestSeq = 0;
let reviewRequest = 0;
let applyRequest = 0;
let reviewed: PoliciesReview | undefined;

const stepNav = h('ol', { class: 'steps', 'aria-label': 'Steps' });
const globalError = h('div', { class: 'error-box', role: 'alert' });
const loading = h('p', { class: 'row' }, h('vscode-progress-ring'), "Reading the API's policy…");
const policiesPage = h('section', { 'aria-label': 'Policies' });
const reviewPage = h('section', { 'aria-label': 'Review' });
const noop = (): void => undefined;
const applyView = new CreateView(
  { rollback: noop, retry: noop, cancel: noop, backToReview: () => goTo('review'), importAnother: noop, doneAction: noop },
  'Apply',
);
const back = button('Back', 'secondary');
const next = button('Review', 'primary');

function goTo(target: Page): void {
  page = target;
  show(loading, page === 'loading');
  show(policiesPage, page === 'policies');
  show(reviewPage, page === 'review');
  show(applyView.root, page === 'apply');
  show(back, page === 'review');
  show(next, page === 'policies' || page === 'review');
  next.textContent = page === 'review' ? 'Apply' : 'Review';
  if (page === 'review' && (!reviewed || reviewed.noChanges || reviewed.blocked !== undefined)) next.setAttribute('disabled', '');
  else next.removeAttribute('disabled');
  stepNav.replaceChildren(...PAGES.map(([p, title]) => h('li', p === page ? { 'aria-current': 'step', class: 'current' } : {}, title)));
  setError(undefined);
  const root = { loading, policies: policiesPage, review: reviewPage, apply: applyView.root }[page];
  root.querySelector<HTMLElement>('vscode-checkbox:not([disabled]), vscode-text-field, vscode-button')?.focus();
}

function setError(message: string | undefined): void {
  globalError.textContent = message ?? '';
  show(globalError, message !== undefined);
}

/** The page's values, or undefined after showing why they cannot be sent (one sentence per field). */
function valid(): LmApiPolicies | undefined {
  if (!init) return undefined;
  const policies = form.value();
  const errors = validateConfiguredPolicies(policies, init.initial, {
    ...(facts ? { backends: facts.backends, embeddingsBackends: facts.embeddingsBackends } : {}),
    ...(facts?.prerequisites ? { prerequisites: facts.prerequisites } : {}),
  });
  form.showErrors(errors);
  return Object.keys(errors).length === 0 ? policies : undefined;
}

function requestReview(): void {
  const policies = valid();
  if (!policies) {
    goTo('policies');
    return;
  }
  reviewed = undefined;
  reviewRequest = ++requestSeq;
  reviewPage.replaceChildren(h('div', { class: 'row' }, h('vscode-progress-ring'), 'Checking what the instance has…'));
  goTo('review');
  send({ type: 'review', requestId: reviewRequest, policies });
}

function startApply(): void {
  const policies = valid();
  if (!policies || !reviewed) return;
  applyRequest = ++requestSeq;
  applyView.start(reviewed.steps, false);
  goTo('apply');
  send({ type: 'apply', requestId: applyRequest, policies });
}

function diffView(diff: readonly DiffLine[]): HTMLElement {
  const sign = { same: '  ', removed: '- ', added: '+ ' } as const;
  return h(
    'pre',
    { class: 'diff', 'aria-labelledby': 'review-diff' },
    ...diff.map((l) => h('span', { class: `diff-${l.kind}` }, `${sign[l.kind]}${l.text}\n`)),
  );
}

function showReview(review: PoliciesReview): void {
  reviewed = review;
  const parts: HTMLElement[] = [h('h2', {}, review.title)];
  if (review.noChanges) {
    parts.push(h('p', { role: 'status', id: 'noChanges' }, 'No changes: the API already has these policies. Nothing would be written.'));
  }
  if (review.blocked !== undefined) parts.push(h('div', { class: 'error-box', role: 'alert' }, review.blocked));
  if (review.steps.length > 0) parts.push(resourcesTable(review.steps));
  const changed = review.diff.some((l) => l.kind !== 'same');
  parts.push(
    h('h3', { id: 'review-diff' }, changed ? 'Policy: before → after' : 'Policy (unchanged)'),
    h('p', { class: 'hint' }, 'Lines marked - are removed and + are added; every other line stays exactly as it is'),
    diffView(review.diff),
  );
  reviewPage.replaceChildren(...parts);
  goTo('review');
}

function finished(outcome: PoliciesOutcome): void {
  const again = button(outcome.status === 'conflict' ? 'Review again' : 'Back to policies', 'primary');
  again.addEventListener('click', () => {
    if (outcome.status === 'conflict') {
      goTo('policies');
      requestReview();
    } else {
      // What Azure has now is where the page starts again.
      goTo('loading');
      send({ type: 'ready' });
    }
  });
  applyView.settle(outcome.message, outcome.status === 'failed' || outcome.status === 'conflict', [again]);
}

function handle(event: PoliciesEvent): void {
  switch (event.type) {
    case 'init':
      init = event.init;
      facts = { ...event.init.facts, ...(facts?.prerequisites ? { prerequisites: facts.prerequisites } : {}) };
      form.onFacts(facts);
      form.prefill(event.init.initial);
      for (const [group, sentence] of Object.entries(event.init.locked) as [keyof LockedGroups, string][]) {
        form.lock(group, sentence);
      }
      if (page === 'loading') goTo('policies');
      return;
    case 'facts':
      facts = event.facts;
      form.onFacts(event.facts);
      return;
    case 'loadFailed':
      loading.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, event.message));
      return;
    case 'invalid':
      form.showErrors(event.errors);
      if (event.requestId === reviewRequest || event.requestId === applyRequest) goTo('policies');
      return;
    case 'reviewReady':
      if (event.requestId === reviewRequest) showReview(event.review);
      return;
    case 'progress':
      applyView.progress(event.stepId, event.status, event.message);
      return;
    case 'finished':
      if (event.requestId === applyRequest) finished(event.outcome);
      return;
    case 'error':
      if (page === 'review' && event.requestId === reviewRequest) {
        reviewPage.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, event.message));
      } else if (page === 'apply' && event.requestId === applyRequest) applyView.failed(event.message);
      else setError(event.message);
      return;
  }
}

form.mount(policiesPage, {
  instance: { name: boot?.instance ?? '' },
  facts: () => facts,
  request: () => Promise.resolve(undefined),
  changed: noop,
});
back.addEventListener('click', () => goTo('policies'));
next.addEventListener('click', () => (page === 'review' ? startApply() : requestReview()));
app.replaceChildren(
  h('h1', {}, `AI policies of ${boot?.api ?? 'the API'}`),
  h('p', { class: 'hint' }, `${boot?.instance ?? ''} · only what you change is written; every other part of the policy stays as it is`),
  stepNav,
  globalError,
  loading,
  policiesPage,
  reviewPage,
  applyView.root,
  h('div', { class: 'row buttons' }, back, next),
);
goTo('loading');
onMessage(parsePoliciesEvent, handle);
send({ type: 'ready' });
