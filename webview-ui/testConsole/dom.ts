/** Small DOM builders: every text goes through textContent, never innerHTML, so nothing from a response can run. */

type Attrs = Readonly<Record<string, string | boolean | undefined>>;
type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function el(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
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

/** The toolkit's form controls expose `value` / `checked` like native inputs. */
export interface ValueElement extends HTMLElement {
  value: string;
}
export interface CheckElement extends HTMLElement {
  checked: boolean;
}

export function setVisible(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatNumber(n: number | undefined): string {
  return n === undefined ? '—' : n.toLocaleString('en-US');
}
