/** The "Products" field of both wizard modes: a checkbox per product of the instance, checked ones kept across a refresh. */
import type { WizardFacts } from '../../src/protocol/importWizard';
import { checkbox, h, onChange, type Field } from '../shared/dom';

export class ProductChoices {
  private readonly group = h('div', { role: 'group', class: 'choices' });
  private readonly boxes = new Map<string, ReturnType<typeof checkbox>>();

  /** Appends the field to `parent` and returns it for the form's field map (its errors show under the group). */
  mount(parent: HTMLElement, labelId: string, hint?: string): Field {
    const label = h('label', { id: labelId }, 'Products');
    this.group.setAttribute('aria-labelledby', labelId);
    const error = h('div', { class: 'error', role: 'alert' });
    parent.append(h('div', { class: 'field' }, label, this.group, ...(hint ? [h('div', { class: 'hint' }, hint)] : []), error));
    return { root: this.group, control: this.group, setError: (m) => void (error.textContent = m ?? ''), setHint: () => undefined };
  }

  /** Rebuilds the boxes from the instance's products; `changed` runs when the user checks or unchecks one. */
  setProducts(products: WizardFacts['products'], changed: () => void): void {
    const checked = new Set(this.selected());
    this.group.replaceChildren();
    this.boxes.clear();
    for (const p of products) {
      const box = checkbox(p.displayName, checked.has(p.id));
      onChange(box.box, changed);
      this.boxes.set(p.id, box);
      this.group.append(box.root);
    }
    if (products.length === 0) this.group.append(h('div', { class: 'hint' }, 'This instance has no products'));
  }

  selected(): string[] {
    return [...this.boxes].filter(([, b]) => b.box.checked).map(([id]) => id);
  }

  /** Checks the given products that the instance still has (a restored state may name removed ones). */
  check(ids: readonly string[]): void {
    for (const id of ids) {
      const box = this.boxes.get(id);
      if (box) box.box.checked = true;
    }
  }
}
