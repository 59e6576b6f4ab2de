/**
 * Which model API the form calls when the API has both (chat completions or the Responses API), and for the Responses
 * API whether the service stores the responses: stored, the next turn names the last one by `previous_response_id`;
 * not stored, it sends the whole transcript as input.
 */
import type { ChatOperation, ConsoleApiInfo } from '../../src/protocol/testConsole';
import { h, labelControl, radioGroup, show, type CheckControl } from '../shared/dom';
import { bindChecked } from './binding';
import type { ConsoleActions } from './consoleActions';
import type { FormDraft } from './formInput';

const LABELS: Readonly<Record<ChatOperation, string>> = { chat: 'Chat completions', responses: 'Responses' };

export class OperationFields {
  readonly root: HTMLElement;
  private readonly choice: HTMLElement & { value: string };
  private readonly store: CheckControl;
  private readonly renderStore: (checked: boolean) => void;

  constructor(api: ConsoleApiInfo, form: FormDraft, actions: Pick<ConsoleActions, 'editForm'>) {
    const operations = api.chatOperations;
    this.choice = radioGroup(
      'API',
      operations.map((o) => ({ value: o, label: LABELS[o] })),
      form.operation ?? operations[0] ?? 'chat',
      { id: 'operation' },
    );
    this.choice.addEventListener('change', () => {
      const value = this.choice.value;
      if (value === 'chat' || value === 'responses') actions.editForm({ operation: value });
    });
    this.store = h('vscode-checkbox', { id: 'store', title: 'Off: each turn sends the whole transcript (store: false)' }) as CheckControl;
    labelControl(this.store, 'Store responses', { inside: true });
    this.renderStore = bindChecked(this.store, (checked) => actions.editForm({ store: checked }));
    // One operation: nothing to choose, but the user still sees which API the form calls.
    const only = operations.length === 1 ? h('p', { class: 'hint', id: 'operationOnly' }, `API: ${LABELS[operations[0]]}`) : undefined;
    show(this.choice, operations.length > 1);
    this.root = h('div', { class: 'row', id: 'operationFields' }, this.choice, only, this.store);
  }

  render(form: FormDraft): void {
    const operation = form.operation ?? 'chat';
    if (this.choice.value !== operation) this.choice.value = operation;
    this.renderStore(form.store !== false);
    show(this.store, operation === 'responses');
  }
}
