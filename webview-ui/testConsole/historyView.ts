/** The history: the requests sent (never with keys), each one click away from the inputs, and "Clear history". */
import type { HistoryEntry } from '../../src/protocol/testConsole';
import { button, h } from '../shared/dom';
import type { ConsoleActions } from './consoleActions';
import type { ConsoleState } from './consoleState';

export class HistoryView {
  private readonly list = h('div', { id: 'history' });
  readonly root = h('section', { id: 'historySection' }, h('h2', {}, 'History'), this.list);

  constructor(private readonly actions: ConsoleActions) {}

  render(state: ConsoleState, previous: ConsoleState | undefined): void {
    if (state.history === previous?.history) return;
    if (state.history.length === 0) {
      this.list.replaceChildren(h('p', { class: 'hint' }, 'Requests you send appear here (without keys)'));
      return;
    }
    const clear = button('Clear history', 'secondary');
    clear.addEventListener('click', () => this.actions.clearHistory());
    this.list.replaceChildren(h('ul', { id: 'historyList' }, ...state.history.map((entry) => this.row(entry))), clear);
  }

  private row(entry: HistoryEntry): HTMLElement {
    const use = h('a', { href: '#' }, entry.label || '(empty)');
    use.addEventListener('click', (e) => {
      e.preventDefault();
      this.actions.useInput(entry.input);
    });
    const meta = [
      new Date(entry.at).toLocaleTimeString(),
      entry.status !== undefined ? String(entry.status) : undefined,
      entry.totalTokens !== undefined ? `${entry.totalTokens} tokens${entry.estimated ? ' (estimated)' : ''}` : undefined,
    ];
    return h('li', {}, use, h('span', { class: 'hint' }, ` ${meta.filter(Boolean).join(' · ')}`));
  }
}
