/** The chat form: the model API (operationFields.ts), model or deployment, the messages, max tokens, temperature and streaming. */
import type { ConsoleApiInfo } from '../../src/protocol/testConsole';
import { dropdown, h, labelControl, textArea, textField, type CheckControl, type ValueControl } from '../shared/dom';
import { bindChecked, bindValue, type Render } from './binding';
import type { ConsoleActions } from './consoleActions';
import type { FormDraft } from './formInput';
import { OperationFields } from './operationFields';

type TextKey = Exclude<keyof FormDraft, 'stream' | 'operation' | 'store'>;

export class ChatFields {
  readonly root: HTMLElement;
  private readonly renders: Render<FormDraft>[] = [];

  constructor(
    api: ConsoleApiInfo,
    form: FormDraft,
    private readonly actions: ConsoleActions,
  ) {
    const azure = api.kind === 'azureOpenAi';
    const stream = h('vscode-checkbox', { id: 'stream' }) as CheckControl;
    labelControl(stream, 'Stream', { inside: true });
    const render = bindChecked(stream, (checked) => actions.editForm({ stream: checked }));
    this.renders.push((f) => render(f.stream));
    const operation = api.chatOperations.length > 0 ? new OperationFields(api, form, actions) : undefined;
    if (operation) this.renders.push((f) => operation.render(f));
    // Model in the body of an API before an Azure account: its deployments are the models (the host checks the name).
    const models = api.deployments.length > 0 ? api.deployments : api.suggestedModels;
    this.root = h(
      'div',
      { id: 'formFields' },
      operation?.root,
      azure
        ? h('div', { class: 'row' }, this.deployment(api.deployments, form.deployment), this.text('apiVersion', 'API version'))
        : h(
            'div',
            { class: 'row' },
            this.text('model', 'Model'),
            models.length > 0 && this.suggestions(models, api.deployments.length > 0 ? 'Deployments: ' : 'Suggested: '),
          ),
      this.text('systemMessage', 'System message', textArea('', { rows: 2, cols: 'auto' })),
      this.text('userMessage', 'User message', textArea('', { rows: 4, cols: 'auto' })),
      h(
        'div',
        { class: 'row' },
        this.text('maxTokens', 'Max tokens', textField('', { type: 'number', size: 'auto' })),
        this.text('temperature', 'Temperature', textField('', { type: 'number', size: 'auto' })),
      ),
      stream,
    );
  }

  render(form: FormDraft): void {
    for (const render of this.renders) render(form);
  }

  /** A control for one text field of the form, labelled and bound to the draft. */
  private text(key: TextKey, label: string, control: ValueControl = textField('', { size: 'auto' })): HTMLElement {
    control.id = key;
    const labelEl = labelControl(control, label);
    const render = bindValue(control, (value) => this.actions.editForm({ [key]: value }));
    this.renders.push((f) => render(f[key]));
    return labelEl ? h('div', { class: 'field' }, labelEl, control) : control;
  }

  private deployment(deployments: readonly string[], value: string): HTMLElement {
    if (deployments.length === 0) return this.text('deployment', 'Deployment');
    return this.text(
      'deployment',
      'Deployment',
      dropdown(
        deployments.map((d) => ({ value: d, label: d })),
        value,
      ),
    );
  }

  private suggestions(models: readonly string[], title: string): HTMLElement {
    const links = models.map((m) => {
      const link = h('a', { href: '#', 'data-model': m }, m);
      link.addEventListener('click', (e) => {
        e.preventDefault();
        this.actions.editForm({ model: m });
      });
      return link;
    });
    return h('div', { class: 'hint', id: 'modelSuggestions' }, title, ...links.flatMap((link, i) => [i > 0 ? ', ' : '', link]));
  }
}
