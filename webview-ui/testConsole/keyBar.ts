/** The key bar: which subscription's key the console sends and in which header, Reveal/Hide, and "Change subscription". */
import type { KeyInfo } from '../../src/protocol/testConsole';
import { button, h, show } from '../shared/dom';
import type { ConsoleActions } from './consoleActions';
import type { ConsoleState } from './consoleState';

function keyText(key: KeyInfo, header: string): string {
  switch (key.state) {
    case 'ready':
      return `Subscription key: ${key.subscription ?? ''} (sent as "${header}")`;
    case 'loading':
      return 'Finding a subscription key…';
    case 'notRequired':
      return 'This API needs no subscription key';
    default:
      return key.message ?? 'No subscription key';
  }
}

export class KeyBar {
  private readonly status = h('span', { id: 'keyStatus' });
  private readonly reveal = button('Reveal', 'secondary', { id: 'revealKey' });
  private readonly choose = button('Change subscription', 'secondary', { id: 'chooseKey' });
  private readonly value = h('code', { id: 'keyValue', hidden: true });
  readonly root = h('div', { id: 'key', class: 'row' }, this.status, this.reveal, this.choose, this.value);

  private revealed = false;

  constructor(actions: ConsoleActions) {
    this.reveal.addEventListener('click', () => (this.revealed ? actions.hideKey() : actions.revealKey()));
    this.choose.addEventListener('click', () => actions.chooseKey());
  }

  render(state: ConsoleState, previous: ConsoleState | undefined): void {
    if (previous && state.key === previous.key && state.revealedKey === previous.revealedKey) return;
    const key = state.key;
    this.status.textContent = keyText(key, state.setup?.api.keyHeader ?? '');
    this.status.className = key.state === 'error' || key.state === 'none' ? 'error' : 'hint';
    show(this.reveal, key.state === 'ready');
    show(this.choose, key.state !== 'notRequired' && key.state !== 'loading');
    this.revealed = state.revealedKey !== undefined;
    this.reveal.textContent = this.revealed ? 'Hide' : 'Reveal';
    this.value.textContent = state.revealedKey ?? '';
    show(this.value, this.revealed);
  }
}
