/** The response: status line, the answer as it streams, an error sentence, the figures, and the raw response. */
import { button, h, show } from '../shared/dom';
import type { ConsoleActions } from './consoleActions';
import type { ConsoleState, ResponseState } from './consoleState';
import { metricRows } from './metrics';

export class ResponseView {
  private readonly status = h('p', { id: 'status', class: 'hint' });
  private readonly error = h('div', { id: 'errorBox', class: 'error-box', role: 'alert', hidden: true });
  private readonly answer = h('pre', { id: 'answer', 'aria-live': 'polite' });
  private readonly metrics = h('table', { id: 'metrics' });
  private readonly showRaw = button('Show raw response', 'secondary', { id: 'showRaw', hidden: true });
  private readonly raw = h('pre', { id: 'raw', hidden: true });
  readonly root = h(
    'section',
    { id: 'response' },
    h('h2', {}, 'Response'),
    this.status,
    this.error,
    this.answer,
    this.metrics,
    this.showRaw,
    this.raw,
  );
  private retryTimer: number | undefined;
  private shown: ResponseState | undefined;

  constructor(actions: ConsoleActions) {
    this.showRaw.addEventListener('click', () => {
      if (this.shown?.outcomeOf) actions.showRaw(this.shown.outcomeOf);
    });
  }

  render(state: ConsoleState): void {
    const r = state.response;
    const before = this.shown;
    if (r === before) return;
    this.shown = r;
    if (r.status !== before?.status) this.status.textContent = r.status;
    if (r.answer !== before?.answer) this.answer.textContent = r.answer;
    if (r.chunks > 0) this.answer.dataset.chunks = String(r.chunks);
    else delete this.answer.dataset.chunks;
    this.error.textContent = r.error ?? '';
    show(this.error, r.error !== undefined);
    this.raw.textContent = r.raw ?? '';
    show(this.raw, r.raw !== undefined);
    show(this.showRaw, r.outcome !== undefined);
    if (r.outcome !== before?.outcome) this.renderOutcome(r);
  }

  private renderOutcome(r: ResponseState): void {
    window.clearInterval(this.retryTimer);
    const o = r.outcome;
    if (!o) {
      this.metrics.replaceChildren();
      return;
    }
    this.metrics.replaceChildren(
      ...metricRows(o)
        .filter((row): row is readonly [string, string, string] => row[2] !== undefined)
        .map(([key, label, text]) => h('tr', { 'data-metric': key }, h('th', {}, label), h('td', {}, text))),
    );
    if (o.usage?.estimated) {
      const note = 'The backend sent no usage: the token figures are estimated with the tokenizer.';
      this.metrics.append(h('tr', {}, h('td', { colspan: '2', class: 'hint' }, note)));
    }
    if (o.rateLimit.retryAfterSeconds !== undefined) this.countDown(o.rateLimit.retryAfterSeconds);
  }

  /** Retry-After as it runs out: a clock on screen only, not part of the state. */
  private countDown(seconds: number): void {
    const cell = this.metrics.querySelector<HTMLElement>('[data-metric="retryAfter"] td');
    if (!cell) return;
    const deadline = Date.now() + seconds * 1000;
    const tick = (): void => {
      const left = Math.ceil((deadline - Date.now()) / 1000);
      cell.textContent = left > 0 ? `${left} s` : 'now: you can send again';
      if (left <= 0) window.clearInterval(this.retryTimer);
    };
    this.retryTimer = window.setInterval(tick, 1000);
    tick();
  }
}
