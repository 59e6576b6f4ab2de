/** The request: Form or Raw request, the fields of each, Send/Stop, "Copy as curl", "Open as .http", and its notice. */
import type { ConsoleInitialState } from '../../src/protocol/testConsole';
import { button, h, labelControl, radioGroup, show, textArea, textField, type ValueControl } from '../shared/dom';
import { bindValue, type Render } from './binding';
import { ChatFields } from './chatFields';
import type { ConsoleActions } from './consoleActions';
import type { ConsoleState } from './consoleState';
import type { InputDraft } from './formInput';

export class RequestForm {
  readonly root: HTMLElement;
  private readonly chat: ChatFields;
  private readonly rawFields: HTMLElement;
  private readonly mode: ValueControl | undefined;
  private readonly renderRaw: Render<InputDraft['raw']>[] = [];
  private readonly send = button('Send', 'primary', { id: 'send', title: 'Send (Ctrl+Enter)' });
  private readonly stop = button('Stop', 'secondary', { id: 'stop', disabled: true });
  private readonly notice = h('div', { id: 'inputError', class: 'error', role: 'alert', hidden: true });

  constructor(setup: ConsoleInitialState, input: InputDraft, actions: ConsoleActions) {
    const api = setup.api;
    this.chat = new ChatFields(api, input.form, actions);
    this.mode =
      api.kind === 'passthrough'
        ? undefined
        : radioGroup(
            'Request',
            [
              { value: 'form', label: 'Form' },
              { value: 'raw', label: 'Raw request' },
            ],
            input.mode,
            { id: 'mode' },
          );
    const mode = this.mode;
    mode?.addEventListener('change', () => actions.setMode(mode.value === 'raw' ? 'raw' : 'form'));
    this.rawFields = h(
      'div',
      { id: 'rawFields' },
      h(
        'div',
        { class: 'row' },
        this.rawText('method', 'Method', textField('', { id: 'rawMethod', size: 'auto' }), actions),
        this.rawText('path', 'Path', textField('', { id: 'rawPath', size: 'auto', class: 'wide' }), actions),
      ),
      operationsHint(setup),
      this.rawText('body', 'Body (JSON)', textArea('', { id: 'rawBody', rows: 12, cols: 'auto', class: 'code' }), actions),
    );
    const copyCurl = button('Copy as curl', 'secondary', { id: 'copyCurl' });
    const openHttp = button('Open as .http', 'secondary', { id: 'openHttp' });
    this.send.addEventListener('click', () => actions.send());
    this.stop.addEventListener('click', () => actions.stop());
    copyCurl.addEventListener('click', () => actions.copyCurl());
    openHttp.addEventListener('click', () => actions.openHttp());
    this.root = h(
      'section',
      { id: 'request' },
      this.mode ?? h('p', { class: 'hint' }, 'This API has no chat completions operation: write the request below.'),
      this.chat.root,
      this.rawFields,
      h('div', { class: 'row actions' }, this.send, this.stop, copyCurl, openHttp),
      this.notice,
    );
  }

  render(state: ConsoleState, previous: ConsoleState | undefined): void {
    const { input } = state;
    if (input !== previous?.input) {
      if (input.form !== previous?.input.form) this.chat.render(input.form);
      for (const render of this.renderRaw) render(input.raw);
      show(this.chat.root, input.mode === 'form');
      show(this.rawFields, input.mode === 'raw');
      if (this.mode && this.mode.value !== input.mode) this.mode.value = input.mode;
    }
    const running = state.running !== undefined;
    this.send.toggleAttribute('disabled', running);
    this.stop.toggleAttribute('disabled', !running);
    this.notice.textContent = state.notice ?? '';
    show(this.notice, state.notice !== undefined);
  }

  private rawText(key: keyof InputDraft['raw'], label: string, control: ValueControl, actions: ConsoleActions): ValueControl {
    labelControl(control, label);
    const render = bindValue(control, (value) => actions.editRaw({ [key]: value }));
    this.renderRaw.push((raw) => render(raw[key]));
    return control;
  }
}

function operationsHint(setup: ConsoleInitialState): HTMLElement | undefined {
  const operations = setup.api.operations;
  if (operations.length === 0) return undefined;
  const list = operations
    .slice(0, 8)
    .map((o) => `${o.method} ${o.urlTemplate}`)
    .join(' · ');
  return h('p', { class: 'hint' }, `Operations: ${list}${operations.length > 8 ? ' …' : ''}`);
}
