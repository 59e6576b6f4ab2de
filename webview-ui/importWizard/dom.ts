/**
 * Small DOM builders for the wizard: every control gets an id and a visible <label for>, and an error line that
 * screen readers announce. Text goes in through textContent only, never as HTML.
 */

let sequence = 0;
const nextId = (prefix: string): string => `${prefix}-${++sequence}`;

type Child = Node | string | undefined;

/** An element: a standard tag gets its own type; a toolkit tag (`vscode-…`) is an HTMLElement. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string>,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: `vscode-${string}`, attrs?: Record<string, string>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== undefined) el.append(c);
  return el;
}

/** A toolkit element (`vscode-text-field`, ...) with its value. */
export interface ValueControl extends HTMLElement {
  value: string;
  disabled: boolean;
}
export interface CheckControl extends HTMLElement {
  checked: boolean;
  disabled: boolean;
}

export interface Field {
  readonly root: HTMLElement;
  readonly control: HTMLElement;
  setError(message: string | undefined): void;
  setHint(text: string): void;
}

/** `<div class="field"><label for>…</label>{control}<div class="hint"/><div class="error" role="alert"/></div>` */
export function field(label: string, control: HTMLElement, hint = ''): Field {
  control.id ||= nextId('control');
  const errorId = `${control.id}-error`;
  const hintEl = h('div', { class: 'hint' }, hint);
  const errorEl = h('div', { class: 'error', id: errorId, role: 'alert' });
  control.setAttribute('aria-describedby', errorId);
  const root = h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl, errorEl);
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

export function textField(
  value = '',
  opts: { type?: 'text' | 'password' | 'url'; placeholder?: string; size?: number } = {},
): ValueControl {
  const el = h('vscode-text-field', {
    type: opts.type ?? 'text',
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
    size: String(opts.size ?? 50),
  }) as unknown as ValueControl;
  el.value = value;
  return el;
}

export function textArea(value = ''): ValueControl {
  const el = h('vscode-text-area', { rows: '2', cols: '50', resize: 'vertical' }) as unknown as ValueControl;
  el.value = value;
  return el;
}

export function dropdown(options: readonly { readonly value: string; readonly label: string }[], value?: string): ValueControl {
  const el = h('vscode-dropdown') as unknown as ValueControl;
  for (const o of options) {
    const option = h('vscode-option', { value: o.value }, o.label);
    if (o.value === value) option.setAttribute('selected', '');
    el.append(option);
  }
  if (value !== undefined) el.value = value;
  return el;
}

/** A checkbox labelled by a visible <label for> (not slotted text), like every other control. */
export function checkbox(label: string, checked: boolean, hint = ''): Field & { readonly box: CheckControl } {
  const box = h('vscode-checkbox') as unknown as CheckControl;
  box.checked = checked;
  const f = field(label, box, hint);
  f.root.classList.add('checkbox-field');
  return { ...f, box };
}

export function button(label: string, appearance: 'primary' | 'secondary' = 'primary'): HTMLElement & { disabled: boolean } {
  return h('vscode-button', { appearance }, label) as HTMLElement & { disabled: boolean };
}

export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

export function onChange(el: HTMLElement, handler: () => void): void {
  // Toolkit controls fire `change` on commit and `input` while typing; the wizard reacts to both.
  el.addEventListener('input', handler);
  el.addEventListener('change', handler);
}
