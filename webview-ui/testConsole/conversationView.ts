/**
 * The conversation of this tab: each turn's message and answer with its token usage, the total, "New conversation"
 * and "Copy conversation as curl". The transcript is the state's; this view only renders it.
 */
import type { Conversation, ConversationTurn, TokenUsage } from '../../src/protocol/testConsole';
import { conversationUsage } from '../../src/protocol/webviewShared';
import { button, h, show } from '../shared/dom';
import type { ConsoleActions } from './consoleActions';
import type { ConsoleState } from './consoleState';
import { formatNumber } from './format';

export class ConversationView {
  private readonly list = h('ol', { id: 'transcript', 'aria-label': 'Conversation' });
  private readonly total = h('p', { id: 'conversationTotal', class: 'hint' });
  private readonly empty = h(
    'p',
    { class: 'hint', id: 'conversationEmpty' },
    'Each answer becomes a turn of this conversation; the next message continues it',
  );
  private readonly newConversation = button('New conversation', 'secondary', { id: 'newConversation' });
  private readonly copy = button('Copy conversation as curl', 'secondary', { id: 'copyConversation' });
  readonly root = h(
    'section',
    { id: 'conversation' },
    h('h2', {}, 'Conversation'),
    this.empty,
    this.list,
    this.total,
    h('div', { class: 'row actions' }, this.newConversation, this.copy),
  );

  constructor(actions: Pick<ConsoleActions, 'newConversation' | 'copyConversation'>) {
    this.newConversation.addEventListener('click', () => actions.newConversation());
    this.copy.addEventListener('click', () => actions.copyConversation());
  }

  render(state: ConsoleState, previous: ConsoleState | undefined): void {
    // A passthrough API has no form, so no conversation either.
    show(this.root, state.setup?.api.kind !== 'passthrough');
    const running = state.running !== undefined;
    this.newConversation.toggleAttribute('disabled', running || state.conversation.turns.length === 0);
    this.copy.toggleAttribute('disabled', state.conversation.turns.length === 0);
    if (state.conversation === previous?.conversation) return;
    const turns = state.conversation.turns;
    show(this.empty, turns.length === 0);
    this.list.replaceChildren(...turns.map((t, i) => turnView(t, i + 1)));
    this.total.textContent = totalText(state.conversation);
    show(this.total, turns.length > 0);
  }
}

function turnView(turn: ConversationTurn, n: number): HTMLElement {
  return h(
    'li',
    { 'data-turn': String(n) },
    h('div', { class: 'turn-user' }, h('strong', {}, 'You: '), turn.user),
    h('div', { class: 'turn-assistant' }, h('strong', {}, `${turn.model ?? 'Model'}: `), turn.assistant),
    h('p', { class: 'hint turn-usage', 'data-turn-usage': String(n) }, usageText(turn.usage, turn.operation)),
  );
}

/** Chat completions count prompt and completion tokens; the Responses API names them input and output. */
function usageText(usage: TokenUsage | undefined, operation: ConversationTurn['operation']): string {
  if (!usage) return 'No usage reported';
  const [inName, outName] = operation === 'responses' ? ['input', 'output'] : ['prompt', 'completion'];
  const details = [
    usage.cachedTokens ? `${formatNumber(usage.cachedTokens)} cached` : undefined,
    usage.reasoningTokens ? `${formatNumber(usage.reasoningTokens)} reasoning` : undefined,
  ].filter(Boolean);
  return `${formatNumber(usage.promptTokens)} ${inName} + ${formatNumber(usage.completionTokens)} ${outName} = ${formatNumber(usage.totalTokens)} tokens${details.length ? ` (${details.join(', ')})` : ''}${usage.estimated ? ' (estimated)' : ''}`;
}

function totalText(conversation: Conversation): string {
  const n = conversation.turns.length;
  const usage = conversationUsage(conversation);
  const tokens = usage ? ` · ${formatNumber(usage.totalTokens)} tokens in total${usage.estimated ? ' (some estimated)' : ''}` : '';
  return `${n} turn${n === 1 ? '' : 's'}${tokens}`;
}
