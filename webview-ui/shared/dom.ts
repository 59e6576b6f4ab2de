/**
 * The DOM helpers of every webview: element builders (text goes in through textContent only, never as HTML, so nothing
 * from Azure or a model's answer can run) and toolkit controls whose visible label is also their accessible name.
 *
 * A toolkit element (`vscode-text-field`, …) is not a native control, so `<label for>` does not name it (and the
 * toolkit then names a text field "Text field" and a checkbox "Checkbox"). A text field or text area gets its label
 * as slotted text: the toolkit shows it above the box and makes it the `aria-label` of the element and its inner
 * input. A dropdown, checkbox or radio group (whose host element is the focused control) points `aria-labelledby` at
 * a visible label beside it. The e2e tests find every control with Playwright's `getByLabel(…, { exact: true })`.
 */

let sequence = 0;
const nextId = (prefix: string): string => `${prefix}-${++sequence}`;

type Attrs = Readonly<Record<string, string | boolean | undefined>>;
type Child = Node | string | undefined | false;

/** An element: a standard tag gets its own type; a toolkit tag (`vscode-…`) is an HTMLElement. `true` sets an empty attribute. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) node.setAttribute(name, '');
    else if (typeof value === 'string') node.setAttribute(name, value);
  }
  for (const child of children) if (child !== undefined && child !== false) node.append(child);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`Missing element #${id}`);
  return node as T;
}

/** A toolkit element (`vscode-text-field`, `vscode-dropdown`, …) exposes `value` like a native input. */
export interface ValueControl extends HTMLElement {
  value: string;
  disabled: boolean;
}
export interface CheckControl extends HTMLElement {
  checked: boolean;
  disabled: boolean;
}

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}

export function onChange(node: HTMLElement, handler: () => void): void {
  // Toolkit controls fire `change` on commit and `input` while typing; the panels react to both.
  node.addEventListener('input', handler);
  node.addEventListener('change', handler);
}

/** Controls whose label is slotted text inside them (the toolkit renders it as a label of its inner input). */
const SLOTTED_LABEL = new Set(['VSCODE-TEXT-FIELD', 'VSCODE-TEXT-AREA']);
/** Native controls, which a `<label for>` names. */
const LABELABLE = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON']);

/**
 * Names `control` by `label`: slotted into a text field or text area (or a checkbox, with `inside`: the toolkit
 * shows it beside the box); otherwise returns the label to place before the control, which `aria-labelledby` points
 * at (a `<label for>` also names a native control and lets a click reach a toolkit one).
 */
export function labelControl(control: HTMLElement, label: string, opts: { inside?: boolean } = {}): HTMLElement | undefined {
  control.id ||= nextId('control');
  if (SLOTTED_LABEL.has(control.tagName) || opts.inside) {
    // Before the element is connected: the toolkit reads its text then.
    control.prepend(h('span', { class: 'control-label' }, label));
    return undefined;
  }
  const labelId = `${control.id}-label`;
  if (!LABELABLE.has(control.tagName)) control.setAttribute('aria-labelledby', labelId);
  return h('label', { id: labelId, for: control.id }, label);
}

export interface Field {
  readonly root: HTMLElement;
  readonly control: HTMLElement;
  setError(message: string | undefined): void;
  setHint(text: string): void;
}

/** `<div class="field">{label}{control}<div class="hint"/><div class="error" role="alert"/></div>` */
export function field(label: string, control: HTMLElement, hint = ''): Field {
  const labelEl = labelControl(control, label);
  const errorId = `${control.id}-error`;
  const hintEl = h('div', { class: 'hint' }, hint);
  const errorEl = h('div', { class: 'error', id: errorId, role: 'alert' });
  control.setAttribute('aria-describedby', errorId);
  const root = h('div', { class: 'field' }, labelEl, control, hintEl, errorEl);
  return {
    root,
    control,
    setError: (message) => {
      errorEl.textContent = message ?? '';
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
    setHint: (text) => {
      hintEl.textContent = text;
    },
  };
}

/** Size options: a number of characters, or 'auto' for the toolkit's own width (the page's CSS may set one). */
type Width = number | 'auto';
const widthAttr = (width: Width | undefined, fallback: number): string | undefined =>
  width === 'auto' ? undefined : String(width ?? fallback);

export function textField(
  value = '',
  opts: { type?: 'text' | 'password' | 'url' | 'number'; placeholder?: string; size?: Width; id?: string; class?: string } = {},
): ValueControl {
  const node = h('vscode-text-field', {
    type: opts.type ?? 'text',
    placeholder: opts.placeholder,
    size: widthAttr(opts.size, 50),
    id: opts.id,
    class: opts.class,
  }) as ValueControl;
  node.value = value;
  return node;
}

export function textArea(value = '', opts: { rows?: number; cols?: Width; id?: string; class?: string } = {}): ValueControl {
  const node = h('vscode-text-area', {
    rows: String(opts.rows ?? 2),
    cols: widthAttr(opts.cols, 50),
    resize: 'vertical',
    id: opts.id,
    class: opts.class,
  }) as ValueControl;
  node.value = value;
  return node;
}

export function dropdown(
  options: readonly { readonly value: string; readonly label: string }[],
  value?: string,
  opts: { id?: string } = {},
): ValueControl {
  const node = h('vscode-dropdown', { id: opts.id }) as ValueControl;
  for (const o of options) node.append(h('vscode-option', { value: o.value, selected: o.value === value }, o.label));
  if (value !== undefined) node.value = value;
  return node;
}

/**
 * Sets a control's value so that it stays set. A toolkit dropdown selects its `selected` option again when it is
 * connected to the page, so a value restored before the form is shown (saved webview state) must move that attribute
 * too, or the dropdown silently falls back to its default.
 */
export function setValue(control: ValueControl, value: string): void {
  if (control.tagName.toLowerCase() === 'vscode-dropdown') {
    for (const o of control.querySelectorAll('vscode-option')) o.toggleAttribute('selected', o.getAttribute('value') === value);
  }
  control.value = value;
}

/** Replaces a dropdown's options, keeping its value when it is still one of them, else the first. */
export function fillOptions(control: ValueControl, choices: readonly { readonly value: string; readonly label: string }[]): void {
  const current = control.value;
  control.replaceChildren(...choices.map((c) => h('vscode-option', { value: c.value }, c.label)));
  const kept = choices.find((c) => c.value === current) ?? choices[0];
  if (kept) setValue(control, kept.value);
}

/** A checkbox labelled by a visible label beside it, like every other control. */
export function checkbox(label: string, checked: boolean, hint = ''): Field & { readonly box: CheckControl } {
  const box = h('vscode-checkbox') as CheckControl;
  box.checked = checked;
  const f = field(label, box, hint);
  f.root.classList.add('checkbox-field');
  return { ...f, box };
}

/** A radio group whose visible label (the toolkit's `label` slot) is its accessible name. */
export function radioGroup(
  label: string,
  options: readonly { readonly value: string; readonly label: string }[],
  value: string,
  attrs: Attrs = {},
): ValueControl {
  const group = h('vscode-radio-group', { ...attrs, value }) as ValueControl;
  group.id ||= nextId('radios');
  const labelId = `${group.id}-label`;
  group.setAttribute('aria-labelledby', labelId);
  group.append(h('label', { slot: 'label', id: labelId }, label));
  for (const o of options) group.append(h('vscode-radio', { value: o.value, checked: o.value === value }, o.label));
  return group;
}

export type ButtonControl = HTMLElement & { disabled: boolean };

export function button(label: string, appearance: 'primary' | 'secondary' = 'primary', attrs: Attrs = {}): ButtonControl {
  return h('vscode-button', { appearance, ...attrs }, label) as ButtonControl;
}
