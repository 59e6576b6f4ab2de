/** The chat form: model or deployment, the messages, max tokens, temperature and streaming. */
import type { ConsoleApiInfo } from '../../src/protocol/testConsole';
import { dropdown, h, labelControl, textArea, textField, type CheckControl, type ValueControl } from '../shared/dom';
import { bindChecked, bindValue, type Render } from './binding';
import type { ConsoleActions } from './consoleActions';
import type { FormDraft } from './formInput';

type TextKey = Exclude<keyof FormDraft, 'stream'>;

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
    this.root = h(
      'div',
      { id: 'formFields' },
      azure
        ? h('div', { class: 'row' }, this.deployment(api.deployments, form.deployment), this.text('apiVersion', 'API version'))
        : h('div', { class: 'row' }, this.text('model', 'Model'), api.suggestedModels.length > 0 && this.suggestions(api.suggestedModels)),
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

  private suggestions(models: readonly string[]): HTMLElement {
    const links = models.map((m) => {
      const link = h('a', { href: '#', 'data-model': m }, m);
      link.addEventListener('click', (e) => {
        e.preventDefault();
        this.actions.editForm({ model: m });
      });
      return link;
    });
    return h('div', { class: 'hint' }, 'Suggested: ', ...links.flatMap((link, i) => [i > 0 ? ', ' : '', link]));
  }
}
