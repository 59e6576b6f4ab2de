/**
 * The test console's front end: one state (consoleState.ts) changed by the host's messages (consoleEvents.ts) and by
 * the user's actions (consoleActions.ts), and views that render from it: the key bar, the request form, the response,
 * the session totals and the history. It talks to the host only through the messages of src/protocol/testConsole.ts.
 * The key is shown only when revealed and never saved in the webview state, which VS Code writes to disk to restore
 * the panel after a reload (src/protocol/testConsoleState.ts says what it may hold).
 */
import { parseConsoleEvent, type ConsoleBootState, type ConsoleRequest } from '../../src/protocol/testConsole';
import { parseConsolePersistedState, type ConsolePersistedState } from '../../src/protocol/testConsoleState';
import { button, byId, h } from '../shared/dom';
import { registerToolkit } from '../shared/toolkit';
import { initialState, onMessage, post, viewState } from '../shared/vscodeApi';
import { consoleActions } from './consoleActions';
import { applyEvent } from './consoleEvents';
import { ConversationView } from './conversationView';
import { createStore, initialConsoleState, persistedOf, type ConsoleState, type ConsoleView } from './consoleState';
import { HistoryView } from './historyView';
import { PoolSection } from './poolSection';
import { KeyBar } from './keyBar';
import { RequestForm } from './requestForm';
import { ResponseView } from './responseView';
import { SessionView } from './sessionView';

registerToolkit();

const app = byId('app');
const boot = initialState<ConsoleBootState>();
const target = boot?.target;
const restored = savedState();
const saved = restored?.view;
// The transcript comes back with the tab, before the API has loaded: nothing of it depends on the host.
const store = createStore(initialConsoleState(boot?.title ?? 'Test console', restored?.conversation), persist);
const actions = consoleActions(store, (m: ConsoleRequest) => post(m));
let views: ConsoleView[] = [];

/** The inputs and transcript saved earlier for this same API, if the state is valid (a state that is not starts fresh). */
function savedState(): ConsolePersistedState | undefined {
  const parsed = parseConsolePersistedState(viewState.get<unknown>());
  if (!parsed.ok || !target) return undefined;
  // ARM ids compare without case: the id read again on restore may be spelled differently.
  const same =
    parsed.value.target.apiId.toLowerCase() === target.apiId.toLowerCase() &&
    parsed.value.target.serviceId.toLowerCase() === target.serviceId.toLowerCase();
  return same ? parsed.value : undefined;
}

function persist(state: ConsoleState): void {
  // Until the API has loaded, the inputs saved earlier are kept as they were.
  if (target) viewState.set<ConsolePersistedState>(persistedOf(state, target, saved));
}

function render(state: ConsoleState, previous: ConsoleState | undefined): void {
  if (state.page !== previous?.page || state.setup !== previous.setup) {
    app.replaceChildren(...page(state));
    previous = undefined;
  }
  app.dataset.running = String(state.running !== undefined);
  for (const view of views) view(state, previous);
}

/** The page's parts, and the views that render into them from now on. */
function page(state: ConsoleState): Node[] {
  views = [];
  const title = h('h1', {}, state.title);
  if (state.page === 'failed') return [title, h('div', { class: 'error-box', id: 'errorBox', role: 'alert' }, state.failure ?? '')];
  if (state.page === 'loading' || !state.setup) return [title, h('p', { id: 'loading' }, h('vscode-progress-ring'), ' Loading the API…')];
  const api = state.setup.api;
  const key = new KeyBar(actions);
  const conversation = new ConversationView(actions);
  const request = new RequestForm(state.setup, state.input, actions);
  const response = new ResponseView(actions);
  const session = new SessionView(actions);
  const history = new HistoryView(actions);
  const pool = new PoolSection(actions);
  views = [key, conversation, request, response, pool, session, history].map(
    (v) => (s: ConsoleState, p: ConsoleState | undefined) => v.render(s, p),
  );
  const configure = button('Configure AI policies…', 'secondary', { id: 'configurePolicies' });
  configure.addEventListener('click', () => actions.configurePolicies());
  return [
    h('h1', {}, api.displayName),
    h(
      'div',
      { class: 'row' },
      h('p', { class: 'hint' }, `${api.instance} · ${api.endpoint}${api.provider ? ` · ${api.provider}` : ''}`),
      configure,
    ),
    key.root,
    conversation.root,
    request.root,
    h('vscode-divider'),
    response.root,
    pool.root,
    h('vscode-divider'),
    session.root,
    history.root,
  ];
}

store.subscribe(render);
if (boot?.restoreError) {
  // No host listens to this page: it only says why the console was not restored.
  store.update({ page: 'failed', failure: boot.restoreError });
} else {
  // Saved at once, so a reload before the API has loaded still restores this console.
  persist(store.state);
  onMessage(parseConsoleEvent, (event) => store.update((state) => applyEvent(state, event, saved)));
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      actions.send();
    }
  });
  post<ConsoleRequest>({ type: 'ready' });
}
