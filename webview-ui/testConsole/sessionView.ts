/** The session: requests sent, failures and tokens so far, with the tokens of each request as a chart. */
import type { SessionTotals } from '../../src/protocol/testConsole';
import { button, h } from '../shared/dom';
import type { ConsoleActions } from './consoleActions';
import { tokenChart } from './chart';
import type { ConsoleState } from './consoleState';
import { formatNumber } from './format';

export class SessionView {
  private readonly totals = h('div', { id: 'totals' });
  readonly root: HTMLElement;

  constructor(actions: Pick<ConsoleActions, 'showUsage'>) {
    // The session's totals are this window's; the Usage view has everyone's, over time, from Azure Monitor.
    const usage = button('Token usage over time', 'secondary', { id: 'showUsage', title: "Open this API's Usage view" });
    usage.addEventListener('click', () => actions.showUsage());
    this.root = h('section', { id: 'session' }, h('h2', {}, 'Session'), this.totals, usage);
  }

  render(state: ConsoleState, previous: ConsoleState | undefined): void {
    if (state.totals !== previous?.totals) this.totals.replaceChildren(...totalsView(state.totals));
  }
}

function totalsView(t: SessionTotals): (Node | string)[] {
  if (t.requests === 0) return [h('p', { class: 'hint' }, 'No requests yet')];
  const u = t.usage;
  const tokens = u
    ? ` · ${formatNumber(u.promptTokens)} prompt + ${formatNumber(u.completionTokens)} completion = ${formatNumber(u.totalTokens)} tokens${u.estimated ? ' (some estimated)' : ''}`
    : '';
  const requests = `${t.requests} request${t.requests === 1 ? '' : 's'}${t.failed ? ` (${t.failed} failed)` : ''}`;
  if (t.perRequest.length === 0) return [h('p', { id: 'sessionTotals' }, requests, tokens)];
  return [
    h('p', { id: 'sessionTotals' }, requests, tokens),
    tokenChart(t.perRequest),
    h('p', { class: 'hint' }, 'Tokens per request: prompt (blue) and completion (orange); faded bars are estimated'),
  ];
}
