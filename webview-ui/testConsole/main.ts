/**
 * The test console's front end: the request form (or a raw request), Send/Stop, the answer as it streams, usage,
 * timing and limits, session totals with a chart, and the history. It talks to the host only through the messages of
 * src/protocol/testConsole.ts. The key is shown only when revealed and never saved in the webview state, which VS Code
 * writes to disk to restore the panel after a reload (src/protocol/testConsoleState.ts says what it may hold).
 */
import {
  parseConsoleEvent,
  type ChatForm,
  type ConsoleBootState,
  type ConsoleEvent,
  type ConsoleInitialState,
  type ConsoleRequest,
  type HistoryEntry,
  type KeyInfo,
  type OutcomeView,
  type RawRequestInput,
  type SendInput,
  type SessionTotals,
} from '../../src/protocol/testConsole';
import { parseConsolePersistedState, type ConsolePersistedState, type ConsoleSavedView } from '../../src/protocol/testConsoleState';
import { type ConsoleTargetRef } from '../../src/protocol/testConsole';
import { registerToolkit } from '../shared/toolkit';
import { initialState, onMessage, post, viewState } from '../shared/vscodeApi';
import { tokenChart } from './chart';
import { byId, el, formatMs, formatNumber, setVisible, type CheckElement, type ValueElement } from './dom';

registerToolkit();

const send = (m: ConsoleRequest): void => post(m);
const app = byId('app');
let state: ConsoleInitialState | undefined;
let current: string | undefined;
let counter = 0;
let retryTimer: number | undefined;

const boot = initialState<ConsoleBootState>();
const target: ConsoleTargetRef | undefined = boot?.target;
if (boot?.restoreError) {
  // No host listens to this page: it only says why the console was not restored.
  app.replaceChildren(el('h1', {}, boot.title), el('div', { class: 'error-box', id: 'errorBox', role: 'alert' }, boot.restoreError));
} else {
  renderBoot(boot);
  // Saved at once, so a reload before the API has loaded still restores this console.
  if (target) persist(savedView());
  onMessage(parseConsoleEvent, handle);
  send({ type: 'ready' });
}

/** The inputs saved earlier for this same API, if the state is valid. */
function savedView(): ConsoleSavedView | undefined {
  const parsed = parseConsolePersistedState(viewState.get<unknown>());
  if (!parsed.ok || !target) return undefined;
  // ARM ids compare without case: the id read again on restore may be spelled differently.
  const same =
    parsed.value.target.apiId.toLowerCase() === target.apiId.toLowerCase() &&
    parsed.value.target.serviceId.toLowerCase() === target.serviceId.toLowerCase();
  return same ? parsed.value.view : undefined;
}

function persist(view: ConsoleSavedView | undefined): void {
  if (target) viewState.set<ConsolePersistedState>({ target, ...(view ? { view } : {}) });
}

function renderBoot(boot: ConsoleBootState | undefined): void {
  app.replaceChildren(
    el('h1', {}, boot?.title ?? 'Test console'),
    el('p', { id: 'loading' }, el('vscode-progress-ring'), ' Loading the API…'),
  );
}

function handle(event: ConsoleEvent): void {
  switch (event.type) {
    case 'init':
      state = event.state;
      renderConsole(event.state);
      return;
    case 'loadFailed':
      app.replaceChildren(el('h1', {}, 'Test console'), el('div', { class: 'error-box', id: 'errorBox', role: 'alert' }, event.message));
      return;
    case 'key':
      renderKey(event.key);
      return;
    case 'keyRevealed':
      showKey(event.key);
      return;
    case 'history':
      renderHistory(event.history);
      return;
    case 'notice': {
      const box = document.getElementById('inputError');
      if (box) {
        box.textContent = event.message;
        setVisible(box, true);
      }
      return;
    }
    default:
      handleRequestEvent(event);
  }
}

function handleRequestEvent(event: Extract<ConsoleEvent, { requestId: string }>): void {
  if (event.requestId !== current && event.type !== 'raw') return;
  switch (event.type) {
    case 'started':
      byId('status').textContent = `${event.method} ${event.url}`;
      return;
    case 'response':
      byId('status').textContent = `${event.status} · first byte after ${formatMs(event.firstByteMs)}`;
      return;
    case 'text': {
      const answer = byId('answer');
      answer.textContent = (answer.textContent ?? '') + event.delta;
      answer.dataset.chunks = String(Number(answer.dataset.chunks ?? '0') + 1);
      return;
    }
    case 'done':
      setRunning(false);
      renderOutcome(event.requestId, event.outcome);
      renderTotals(event.totals);
      renderHistory(event.history);
      return;
    case 'failed':
      setRunning(false);
      showError(event.message);
      byId('status').textContent = 'Failed';
      return;
    case 'stopped':
      setRunning(false);
      byId('status').textContent = 'Stopped';
      return;
    case 'raw':
      byId('raw').textContent = [
        ...Object.entries(event.headers).map(([k, v]) => `${k}: ${v}`),
        '',
        event.body + (event.truncated ? '\n… (truncated after 1 MB)' : ''),
      ].join('\n');
      setVisible(byId('raw'), true);
      return;
  }
}

// ----- request -----

function renderConsole(s: ConsoleInitialState): void {
  const saved = savedView();
  const form = saved?.form ?? s.defaults;
  const raw = saved?.raw ?? s.rawDefaults;
  const mode = s.api.kind === 'passthrough' ? 'raw' : (saved?.mode ?? s.startMode);
  const azure = s.api.kind === 'azureOpenAi';
  app.replaceChildren(
    el('h1', {}, s.api.displayName),
    el('p', { class: 'hint' }, `${s.api.instance} · ${s.api.endpoint}${s.api.provider ? ` · ${s.api.provider}` : ''}`),
    el('div', { id: 'key', class: 'row' }),
    el(
      'section',
      { id: 'request' },
      s.api.kind === 'passthrough'
        ? el('p', { class: 'hint' }, 'This API has no chat completions operation: write the request below.')
        : el(
            'vscode-radio-group',
            { id: 'mode', value: mode },
            el('label', { slot: 'label' }, 'Request'),
            el('vscode-radio', { value: 'form' }, 'Form'),
            el('vscode-radio', { value: 'raw' }, 'Raw request'),
          ),
      el(
        'div',
        { id: 'formFields' },
        azure
          ? el(
              'div',
              { class: 'row' },
              deploymentField(s.api.deployments, form.deployment),
              textField('apiVersion', 'API version', form.apiVersion),
            )
          : el(
              'div',
              { class: 'row' },
              textField('model', 'Model', form.model),
              s.api.suggestedModels.length > 0 && suggestions(s.api.suggestedModels),
            ),
        textArea('systemMessage', 'System message', form.systemMessage, 2),
        textArea('userMessage', 'User message', form.userMessage, 4),
        el(
          'div',
          { class: 'row' },
          textField('maxTokens', 'Max tokens', form.maxTokens === undefined ? '' : String(form.maxTokens), 'number'),
          textField('temperature', 'Temperature', form.temperature === undefined ? '' : String(form.temperature), 'number'),
        ),
        el('vscode-checkbox', { id: 'stream', checked: form.stream }, 'Stream'),
      ),
      el(
        'div',
        { id: 'rawFields' },
        el('div', { class: 'row' }, textField('rawMethod', 'Method', raw.method), textField('rawPath', 'Path', raw.path, 'text', 'wide')),
        operationsHint(s),
        textArea('rawBody', 'Body (JSON)', raw.body, 12, 'code'),
      ),
      el(
        'div',
        { class: 'row actions' },
        el('vscode-button', { id: 'send', title: 'Send (Ctrl+Enter)' }, 'Send'),
        el('vscode-button', { id: 'stop', appearance: 'secondary', disabled: true }, 'Stop'),
        el('vscode-button', { id: 'copyCurl', appearance: 'secondary' }, 'Copy as curl'),
        el('vscode-button', { id: 'openHttp', appearance: 'secondary' }, 'Open as .http'),
      ),
      el('div', { id: 'inputError', class: 'error', role: 'alert', hidden: true }),
    ),
    el('vscode-divider'),
    el(
      'section',
      { id: 'response' },
      el('h2', {}, 'Response'),
      el('p', { id: 'status', class: 'hint' }, 'Nothing sent yet'),
      el('div', { id: 'errorBox', class: 'error-box', role: 'alert', hidden: true }),
      el('pre', { id: 'answer', 'aria-live': 'polite' }),
      el('table', { id: 'metrics' }),
      el('vscode-button', { id: 'showRaw', appearance: 'secondary', hidden: true }, 'Show raw response'),
      el('pre', { id: 'raw', hidden: true }),
    ),
    el('vscode-divider'),
    el('section', { id: 'session' }, el('h2', {}, 'Session'), el('div', { id: 'totals' })),
    el('section', { id: 'historySection' }, el('h2', {}, 'History'), el('div', { id: 'history' })),
  );
  setMode(mode);
  renderKey(s.key);
  renderTotals(s.totals);
  renderHistory(s.history);
  wire();
}

function textField(id: string, label: string, value: string, type = 'text', cls?: string): HTMLElement {
  const field = el('vscode-text-field', { id, type, value, ...(cls ? { class: cls } : {}) }, label);
  (field as ValueElement).value = value;
  return field;
}

function textArea(id: string, label: string, value: string, rows: number, cls?: string): HTMLElement {
  const area = el('vscode-text-area', { id, rows: String(rows), resize: 'vertical', ...(cls ? { class: cls } : {}) }, label);
  (area as ValueElement).value = value;
  return area;
}

function deploymentField(deployments: readonly string[], value: string): HTMLElement {
  if (deployments.length === 0) return textField('deployment', 'Deployment', value);
  const dropdown = el(
    'vscode-dropdown',
    { id: 'deployment' },
    ...deployments.map((d) => el('vscode-option', { value: d, ...(d === value ? { selected: true } : {}) }, d)),
  );
  return el('div', { class: 'field' }, el('label', { for: 'deployment' }, 'Deployment'), dropdown);
}

function suggestions(models: readonly string[]): HTMLElement {
  return el(
    'div',
    { class: 'hint' },
    'Suggested: ',
    ...models.flatMap((m, i) => [i > 0 ? ', ' : '', el('a', { href: '#', 'data-model': m }, m)]),
  );
}

function operationsHint(s: ConsoleInitialState): HTMLElement | undefined {
  if (s.api.operations.length === 0) return undefined;
  const list = s.api.operations
    .slice(0, 8)
    .map((o) => `${o.method} ${o.urlTemplate}`)
    .join(' · ');
  return el('p', { class: 'hint' }, `Operations: ${list}${s.api.operations.length > 8 ? ' …' : ''}`);
}

function wire(): void {
  byId('send').addEventListener('click', doSend);
  byId('stop').addEventListener('click', () => current && send({ type: 'stop', requestId: current }));
  byId('copyCurl').addEventListener('click', () => withInput((input) => send({ type: 'copyCurl', input })));
  byId('openHttp').addEventListener('click', () => withInput((input) => send({ type: 'openHttp', input })));
  document.getElementById('mode')?.addEventListener('change', (e) => {
    const mode = (e.target as ValueElement).value === 'raw' ? 'raw' : 'form';
    // Switching to raw starts from the request the form would send, so the user edits what they saw.
    if (mode === 'raw' && state && state.api.kind !== 'passthrough') prefillRawFromForm();
    setMode(mode);
    save();
  });
  app.addEventListener('click', (e) => {
    const model = (e.target as HTMLElement).dataset.model;
    if (model) {
      e.preventDefault();
      byId<ValueElement>('model').value = model;
      save();
    }
  });
  app.addEventListener('input', save);
  app.addEventListener('change', save);
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      doSend();
    }
  });
}

function currentMode(): SendInput['mode'] {
  return byId('rawFields').hidden ? 'form' : 'raw';
}

function setMode(mode: SendInput['mode']): void {
  setVisible(byId('formFields'), mode === 'form');
  setVisible(byId('rawFields'), mode === 'raw');
  const group = document.getElementById('mode') as ValueElement | null;
  if (group && group.value !== mode) group.value = mode;
}

const value = (id: string): string => (document.getElementById(id) as ValueElement | null)?.value ?? '';

function readForm(): ChatForm | string {
  const maxTokens = value('maxTokens').trim();
  const temperature = value('temperature').trim();
  const max = maxTokens === '' ? undefined : Number(maxTokens);
  const temp = temperature === '' ? undefined : Number(temperature);
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    return 'Max tokens must be a whole number of at least 1. Fix it or clear the field.';
  }
  if (temp !== undefined && (!Number.isFinite(temp) || temp < 0 || temp > 2)) {
    return 'Temperature must be between 0 and 2. Fix it or clear the field.';
  }
  return {
    model: value('model'),
    deployment: value('deployment'),
    apiVersion: value('apiVersion'),
    systemMessage: value('systemMessage'),
    userMessage: value('userMessage'),
    ...(max !== undefined ? { maxTokens: max } : {}),
    ...(temp !== undefined ? { temperature: temp } : {}),
    stream: byId<CheckElement>('stream').checked,
  };
}

function readRaw(): RawRequestInput {
  return { method: value('rawMethod') || 'POST', path: value('rawPath'), body: value('rawBody') };
}

function readInput(): SendInput | string {
  if (currentMode() === 'raw') return { mode: 'raw', raw: readRaw() };
  const form = readForm();
  return typeof form === 'string' ? form : { mode: 'form', form };
}

function withInput(use: (input: SendInput) => void): void {
  const input = readInput();
  const error = byId('inputError');
  if (typeof input === 'string') {
    error.textContent = input;
    setVisible(error, true);
    return;
  }
  setVisible(error, false);
  use(input);
}

function prefillRawFromForm(): void {
  const form = readForm();
  if (typeof form === 'string' || !state) return;
  const azure = state.api.kind === 'azureOpenAi';
  const body = {
    ...(azure ? {} : { model: form.model }),
    messages: [
      ...(form.systemMessage.trim() ? [{ role: 'system', content: form.systemMessage }] : []),
      { role: 'user', content: form.userMessage },
    ],
    ...(form.maxTokens !== undefined ? { max_tokens: form.maxTokens } : {}),
    ...(form.temperature !== undefined ? { temperature: form.temperature } : {}),
    ...(form.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
  byId<ValueElement>('rawMethod').value = 'POST';
  byId<ValueElement>('rawPath').value = azure
    ? `/deployments/${encodeURIComponent(form.deployment)}/chat/completions?api-version=${encodeURIComponent(form.apiVersion)}`
    : state.rawDefaults.path;
  byId<ValueElement>('rawBody').value = JSON.stringify(body, null, 2);
}

function save(): void {
  if (!state) return;
  const form = readForm();
  persist({ mode: currentMode(), form: typeof form === 'string' ? state.defaults : form, raw: readRaw() });
}

function doSend(): void {
  if (!state || current) return;
  withInput((input) => {
    current = `r${Date.now().toString(36)}-${++counter}`;
    setRunning(true);
    clearResponse();
    send({ type: 'send', requestId: current, input });
  });
}

function setRunning(running: boolean): void {
  if (!running) current = undefined;
  byId('send').toggleAttribute('disabled', running);
  byId('stop').toggleAttribute('disabled', !running);
  app.dataset.running = String(running);
}

// ----- response -----

function clearResponse(): void {
  const answer = byId('answer');
  answer.textContent = '';
  delete answer.dataset.chunks;
  setVisible(byId('errorBox'), false);
  setVisible(byId('raw'), false);
  setVisible(byId('showRaw'), false);
  byId('metrics').replaceChildren();
  byId('status').textContent = 'Sending…';
  window.clearInterval(retryTimer);
}

function showError(message: string): void {
  const box = byId('errorBox');
  box.textContent = message;
  setVisible(box, true);
}

function renderOutcome(requestId: string, o: OutcomeView): void {
  // The final text replaces the streamed one: the same text, and a whole body arrives only here.
  byId('answer').textContent = o.text;
  byId('status').textContent = [`${o.status} ${o.statusText}`.trim(), o.streamed ? 'streamed' : undefined, o.model]
    .filter(Boolean)
    .join(' · ');
  if (o.error) showError(o.error);
  const est = o.usage?.estimated ? ' (estimated)' : '';
  const rows: Array<[string, string, string | undefined]> = [
    ['promptTokens', 'Prompt tokens', o.usage && formatNumber(o.usage.promptTokens) + est],
    ['completionTokens', 'Completion tokens', o.usage && formatNumber(o.usage.completionTokens) + est],
    ['totalTokens', 'Total tokens', o.usage && formatNumber(o.usage.totalTokens) + est],
    ['cachedTokens', 'Cached tokens', o.usage?.cachedTokens !== undefined ? formatNumber(o.usage.cachedTokens) : undefined],
    ['reasoningTokens', 'Reasoning tokens', o.usage?.reasoningTokens !== undefined ? formatNumber(o.usage.reasoningTokens) : undefined],
    ['finishReason', 'Finish reason', o.finishReason],
    ['status', 'Status', String(o.status)],
    // An error body carries no tokens: only its total time means something.
    ['timeToFirstToken', 'Time to first token', o.status >= 200 && o.status < 300 ? formatMs(o.timing.firstTokenMs) : undefined],
    ['totalTime', 'Total time', formatMs(o.timing.totalMs)],
    ['tokensPerSecond', 'Tokens per second', o.timing.tokensPerSecond !== undefined ? o.timing.tokensPerSecond.toFixed(1) : undefined],
    [
      'remainingTokens',
      'Remaining tokens',
      o.rateLimit.remainingTokens !== undefined ? formatNumber(o.rateLimit.remainingTokens) : undefined,
    ],
    ['consumedTokens', 'Consumed tokens', o.rateLimit.consumedTokens !== undefined ? formatNumber(o.rateLimit.consumedTokens) : undefined],
    [
      'remainingRequests',
      'Remaining requests',
      o.rateLimit.remainingRequests !== undefined ? formatNumber(o.rateLimit.remainingRequests) : undefined,
    ],
    ['retryAfter', 'Retry after', o.rateLimit.retryAfterSeconds !== undefined ? `${o.rateLimit.retryAfterSeconds} s` : undefined],
    ['requestId', 'Request id', o.requestId],
  ];
  byId('metrics').replaceChildren(
    ...rows
      .filter((r): r is [string, string, string] => r[2] !== undefined)
      .map(([key, label, text]) => el('tr', { 'data-metric': key }, el('th', {}, label), el('td', {}, text))),
  );
  if (o.usage?.estimated) {
    byId('metrics').append(
      el(
        'tr',
        {},
        el('td', { colspan: '2', class: 'hint' }, 'The backend sent no usage: the token figures are estimated with the tokenizer.'),
      ),
    );
  }
  if (o.rateLimit.retryAfterSeconds !== undefined) startCountdown(o.rateLimit.retryAfterSeconds);
  setVisible(byId('showRaw'), true);
  byId('showRaw').onclick = () => send({ type: 'showRaw', requestId });
}

function startCountdown(seconds: number): void {
  const cell = document.querySelector<HTMLElement>('[data-metric="retryAfter"] td');
  if (!cell) return;
  const deadline = Date.now() + seconds * 1000;
  const tick = (): void => {
    const left = Math.ceil((deadline - Date.now()) / 1000);
    cell.textContent = left > 0 ? `${left} s` : 'now: you can send again';
    if (left <= 0) window.clearInterval(retryTimer);
  };
  window.clearInterval(retryTimer);
  retryTimer = window.setInterval(tick, 1000);
  tick();
}

// ----- key, totals, history -----

function renderKey(key: KeyInfo): void {
  const box = document.getElementById('key');
  if (!box || !state) return;
  const header = state.api.keyHeader;
  const text =
    key.state === 'ready'
      ? `Subscription key: ${key.subscription ?? ''} (sent as "${header}")`
      : key.state === 'loading'
        ? 'Finding a subscription key…'
        : key.state === 'notRequired'
          ? 'This API needs no subscription key'
          : (key.message ?? 'No subscription key');
  box.replaceChildren(
    el('span', { id: 'keyStatus', class: key.state === 'error' || key.state === 'none' ? 'error' : 'hint' }, text),
    key.state === 'ready' ? el('vscode-button', { id: 'revealKey', appearance: 'secondary' }, 'Reveal') : '',
    key.state !== 'notRequired' && key.state !== 'loading'
      ? el('vscode-button', { id: 'chooseKey', appearance: 'secondary' }, 'Change subscription')
      : '',
    el('code', { id: 'keyValue', hidden: true }),
  );
  document.getElementById('revealKey')?.addEventListener('click', () => send({ type: 'revealKey' }));
  document.getElementById('chooseKey')?.addEventListener('click', () => send({ type: 'chooseKey' }));
}

function showKey(key: string): void {
  const code = document.getElementById('keyValue');
  const button = document.getElementById('revealKey');
  if (!code || !button) return;
  code.textContent = key;
  setVisible(code, true);
  button.textContent = 'Hide';
  button.onclick = (e) => {
    e.stopImmediatePropagation();
    code.textContent = '';
    setVisible(code, false);
    button.textContent = 'Reveal';
    button.onclick = null;
  };
}

function renderTotals(t: SessionTotals): void {
  const box = document.getElementById('totals');
  if (!box) return;
  if (t.requests === 0) {
    box.replaceChildren(el('p', { class: 'hint' }, 'No requests yet'));
    return;
  }
  const u = t.usage;
  box.replaceChildren(
    el(
      'p',
      { id: 'sessionTotals' },
      `${t.requests} request${t.requests === 1 ? '' : 's'}${t.failed ? ` (${t.failed} failed)` : ''}`,
      u
        ? ` · ${formatNumber(u.promptTokens)} prompt + ${formatNumber(u.completionTokens)} completion = ${formatNumber(u.totalTokens)} tokens${u.estimated ? ' (some estimated)' : ''}`
        : '',
    ),
    t.perRequest.length > 0 ? tokenChart(t.perRequest) : '',
    t.perRequest.length > 0
      ? el('p', { class: 'hint' }, 'Tokens per request: prompt (blue) and completion (orange); faded bars are estimated')
      : '',
  );
}

function renderHistory(history: readonly HistoryEntry[]): void {
  const box = document.getElementById('history');
  if (!box) return;
  if (history.length === 0) {
    box.replaceChildren(el('p', { class: 'hint' }, 'Requests you send appear here (without keys)'));
    return;
  }
  const rows = history.map((h) => {
    const use = el('a', { href: '#' }, h.label || '(empty)');
    use.addEventListener('click', (e) => {
      e.preventDefault();
      loadInput(h.input);
    });
    const meta = [
      new Date(h.at).toLocaleTimeString(),
      h.status !== undefined ? String(h.status) : undefined,
      h.totalTokens !== undefined ? `${h.totalTokens} tokens${h.estimated ? ' (estimated)' : ''}` : undefined,
    ];
    return el('li', {}, use, el('span', { class: 'hint' }, ` ${meta.filter(Boolean).join(' · ')}`));
  });
  const clear = el('vscode-button', { appearance: 'secondary' }, 'Clear history');
  clear.addEventListener('click', () => send({ type: 'clearHistory' }));
  box.replaceChildren(el('ul', { id: 'historyList' }, ...rows), clear);
}

function loadInput(input: SendInput): void {
  if (input.mode === 'raw') {
    byId<ValueElement>('rawMethod').value = input.raw.method;
    byId<ValueElement>('rawPath').value = input.raw.path;
    byId<ValueElement>('rawBody').value = input.raw.body;
  } else {
    const f = input.form;
    for (const [id, v] of [
      ['model', f.model],
      ['deployment', f.deployment],
      ['apiVersion', f.apiVersion],
      ['systemMessage', f.systemMessage],
      ['userMessage', f.userMessage],
      ['maxTokens', f.maxTokens === undefined ? '' : String(f.maxTokens)],
      ['temperature', f.temperature === undefined ? '' : String(f.temperature)],
    ] as const) {
      const field = document.getElementById(id) as ValueElement | null;
      if (field) field.value = v;
    }
    byId<CheckElement>('stream').checked = f.stream;
  }
  setMode(input.mode);
  save();
}
