/** Controls whose value follows the state: the user's edits go to `update`, and a render sets only what differs. */
import { onChange, type CheckControl, type ValueControl } from '../shared/dom';

export type Render<T> = (value: T) => void;

export function bindValue(control: ValueControl, edit: (value: string) => void): Render<string> {
  onChange(control, () => edit(control.value));
  return (value) => {
    // Setting the same value again would move the caret while the user types.
    if (control.value !== value) control.value = value;
  };
}

export function bindChecked(control: CheckControl, edit: (checked: boolean) => void): Render<boolean> {
  control.addEventListener('change', () => edit(control.checked));
  return (checked) => {
    if (control.checked !== checked) control.checked = checked;
  };
}
