/**
 * The import wizard's front end: a mode switch, then Details → Policies → Review → Create with per-step progress and
 * a done page. Modes (frontModes) fill the Details and Policies pages; this file owns navigation, Review and Create.
 * Everything goes to the host as typed messages (src/protocol/importWizard.ts); the key never enters webview state.
 */
import {
  parseWizardEvent,
  type ImportWizardInitialState,
  type WizardEvent,
  type WizardFacts,
  type WizardRequest,
} from '../../src/protocol/importWizard';
import { type ImportMode } from '../../src/protocol/importInput';
import { registerToolkit } from '../shared/toolkit';
import { parseWizardPersistedState, type WizardPersistedState } from '../../src/protocol/importWizardState';
import { initialState, onMessage, post, viewState } from '../shared/vscodeApi';
import { AzureOpenAiForm } from './azureOpenAiForm';
import { CreateView } from './createView';
import { h, radioGroup, show } from '../shared/dom';
import type { FrontMode } from './frontMode';
import { LanguageModelForm } from './languageModelForm';
import { ReviewView } from './reviewView';

registerToolkit();

/** The wizard's modes; a mode added here appears in the mode switch. */
const frontModes: readonly FrontMode[] = [new LanguageModelForm(), new AzureOpenAiForm()];

type Page = 'details' | 'policies' | 'review' | 'create';
const PAGE_TITLES: Record<Page, string> = { details: 'Details', policies: 'Policies', review: 'Review', create: 'Create' };

/** What the page saved before it was hidden; a state that does not parse (another version, tampering) starts fresh. */
const restored = parseWizardPersistedState(viewState.get<unknown>());
let saved: WizardPersistedState | undefined = restored.ok ? restored.value : undefined;

const boot = initialState<ImportWizardInitialState>();
const app = document.getElementById('app')!;
let facts: WizardFacts | undefined;
let requestSeq = 0;
const pendingModeRequests = new Map<number, (reply: unknown) => void>();
const nextId = (): number => ++requestSeq;
const send = (message: WizardRequest): void => post(message);

const modePages = new Map<ImportMode, { details: HTMLElement; policies: HTMLElement }>();
let mode: FrontMode = frontModes.find((m) => m.id === boot?.mode) ?? frontModes[0];
let page: Page = 'details';
let onExisting: 'conflict' | 'update' = 'conflict';
let reviewRequest = 0;
let createRequest = 0;

const globalError = h('div', { class: 'error-box', role: 'alert' });
const stepNav = h('ol', { class: 'steps', 'aria-label': 'Steps' });
const detailsPage = h('section', { 'aria-label': 'Details' });
const policiesPage = h('section', { 'aria-label': 'Policies' });
const review = new ReviewView(
  (update) => {
    onExisting = update ? 'update' : 'conflict';
    requestReview();
  },
  () => {
    onExisting = 'conflict';
    requestReview('useNewPath');
  },
);
const create = new CreateView({
  rollback: () => send({ type: 'rollback', requestId: createRequest }),
  retry: () => startCreate(),
  cancel: () => send({ type: 'cancel' }),
  backToReview: () => goTo('review'),
  importAnother: () => {
    onExisting = 'conflict';
    goTo('details');
  },
  doneAction: (action) => send({ type: 'doneAction', action }),
});
const back = h('vscode-button', { appearance: 'secondary' }, 'Back');
const next = h('vscode-button', { appearance: 'primary' }, 'Next');

function render(): void {
  const title = h('h1', {}, `Import an API into ${boot?.instance.name ?? 'API Management'}`);
  const modeSwitch = radioGroup(
    'Import',
    frontModes.map((m) => ({ value: m.id, label: m.label })),
    mode.id,
    { orientation: 'horizontal' },
  );
  modeSwitch.addEventListener('change', () => {
    const chosen = frontModes.find((m) => m.id === modeSwitch.value);
    if (chosen && chosen !== mode) switchMode(chosen);
  });
  show(modeSwitch, frontModes.length > 1);
  show(globalError, false);
  back.addEventListener('click', () => goBack());
  next.addEventListener('click', () => goNext());
  app.replaceChildren(
    title,
    modeSwitch,
    stepNav,
    globalError,
    detailsPage,
    policiesPage,
    review.root,
    create.root,
    h('div', { class: 'row buttons' }, back, next),
  );
  app.addEventListener('keydown', (e) => {
    // Keyboard-first: Enter moves on from any single-line field, as the Next button would.
    if (
      e.key === 'Enter' &&
      !(e.target instanceof HTMLElement && e.target.tagName === 'VSCODE-TEXT-AREA') &&
      (page === 'details' || page === 'policies')
    ) {
      e.preventDefault();
      goNext();
    }
  });
}

function switchMode(chosen: FrontMode): void {
  mode = chosen;
  let pages = modePages.get(mode.id);
  if (!pages) {
    pages = { details: h('div'), policies: h('div') };
    modePages.set(mode.id, pages);
    mode.mount(pages, {
      instance: boot?.instance ?? { name: '' },
      facts: () => facts,
      request: (request) =>
        new Promise((resolve) => {
          const requestId = nextId();
          pendingModeRequests.set(requestId, resolve);
          send({ type: 'modeRequest', requestId, mode: chosen.id, request });
        }),
      changed: () => save(),
    });
    if (facts) mode.onFacts(facts);
    const state = saved?.modes[mode.id];
    if (state !== undefined) mode.restoreState(state);
  }
  detailsPage.replaceChildren(pages.details);
  policiesPage.replaceChildren(pages.policies);
  onExisting = 'conflict';
  goTo('details');
  save();
}

const hasPolicies = (): boolean => (modePages.get(mode.id)?.policies.childElementCount ?? 0) > 0;
const pagesOfMode = (): Page[] => (hasPolicies() ? ['details', 'policies', 'review', 'create'] : ['details', 'review', 'create']);

function goTo(target: Page): void {
  page = target;
  show(detailsPage, page === 'details');
  show(policiesPage, page === 'policies');
  show(review.root, page === 'review');
  show(create.root, page === 'create');
  show(back, page === 'policies' || page === 'review');
  show(next, page !== 'create');
  next.textContent = page === 'review' ? 'Create' : 'Next';
  stepNav.replaceChildren(
    ...pagesOfMode().map((p) => h('li', p === page ? { 'aria-current': 'step', class: 'current' } : {}, PAGE_TITLES[p])),
  );
  setError(undefined);
  // Focus the first control of the page, so that the keyboard can go on at once.
  const first = { details: detailsPage, policies: policiesPage, review: review.root, create: create.root }[page].querySelector<HTMLElement>(
    'vscode-dropdown, vscode-text-field, vscode-checkbox, vscode-button',
  );
  first?.focus();
}

function goBack(): void {
  if (page === 'review') goTo(hasPolicies() ? 'policies' : 'details');
  else if (page === 'policies') goTo('details');
}

function goNext(): void {
  if (page === 'details') {
    if (!mode.validate('details')) return;
    if (hasPolicies()) goTo('policies');
    else requestReview();
  } else if (page === 'policies') {
    if (mode.validate('policies')) requestReview();
  } else if (page === 'review') {
    startCreate();
  }
}

/**
 * 'useNewPath': the host moves the import to a free path and API id first, then reviews. The form's own path may be
 * the taken one then, so only the host (which validates the moved input) checks it.
 */
function requestReview(type: 'review' | 'useNewPath' = 'review'): void {
  if (type === 'review' && !mode.validate('all')) {
    goTo('details');
    return;
  }
  const { input, key, backendKeys = [] } = mode.collect(onExisting);
  reviewRequest = nextId();
  review.loading();
  goTo('review');
  next.setAttribute('disabled', '');
  send({ type, requestId: reviewRequest, input, key, backendKeys });
}

function startCreate(): void {
  if (!mode.validate('all')) return;
  const { input, key, backendKeys = [] } = mode.collect(onExisting);
  createRequest = nextId();
  create.start(review.steps());
  goTo('create');
  send({ type: 'create', requestId: createRequest, input, key, backendKeys });
}

function setError(message: string | undefined): void {
  globalError.textContent = message ?? '';
  show(globalError, message !== undefined);
}

function save(): void {
  saved = { mode: mode.id, modes: { ...saved?.modes, [mode.id]: mode.saveState() } };
  viewState.set<WizardPersistedState>(saved);
}

function handle(event: WizardEvent): void {
  switch (event.type) {
    case 'facts':
      facts = event.facts;
      for (const m of frontModes) if (modePages.has(m.id)) m.onFacts(event.facts);
      return;
    case 'reviewReady':
      if (event.requestId !== reviewRequest) return;
      if (event.newPath) mode.applyNewPath?.(event.newPath);
      review.show(event.review, onExisting === 'update');
      if (event.review.hasBlockingConflicts || (event.review.hasConflicts && onExisting === 'conflict')) next.setAttribute('disabled', '');
      else next.removeAttribute('disabled');
      return;
    case 'invalid':
      mode.showErrors(event.errors);
      if (event.requestId === reviewRequest || event.requestId === createRequest) {
        goTo(Object.keys(event.errors).every((k) => k.startsWith('policies.')) ? 'policies' : 'details');
      }
      return;
    case 'progress':
      create.progress(event.stepId, event.status, event.message);
      return;
    case 'finished':
      if (event.requestId === createRequest) create.finished(event.outcome);
      return;
    case 'rolledBack':
      create.rolledBack(event.complete, event.message);
      return;
    case 'modeReply':
      pendingModeRequests.get(event.requestId)?.(event.reply);
      pendingModeRequests.delete(event.requestId);
      return;
    case 'error':
      if (page === 'review' && event.requestId === reviewRequest) review.failed(event.message);
      else if (page === 'create' && event.requestId === createRequest) create.failed(event.message);
      else setError(event.message);
      return;
  }
}

render();
switchMode(frontModes.find((m) => m.id === saved?.mode) ?? mode);
onMessage(parseWizardEvent, handle);
send({ type: 'ready' });
