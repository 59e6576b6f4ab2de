/**
 * Webview controls found as assistive technology finds them: by their accessible name (Playwright's `getByLabel`,
 * exact), so a label that does not name its control fails the test. A toolkit text field carries its name on the
 * element and on the <input> inside its open shadow root (`part="control"`): the element the page built is returned,
 * and `.locator('input')` on it reaches the input.
 */
import type { Frame, Locator } from 'playwright-core';
import { UI_TIMEOUT_MS } from './Workbench';

export async function labelled(frame: Frame, label: string, state: 'visible' | 'attached' = 'visible'): Promise<Locator> {
  const control = frame.getByLabel(label, { exact: true }).and(frame.locator(':not([part="control"])'));
  await control.waitFor({ state, timeout: UI_TIMEOUT_MS });
  return control;
}

/** The visible toolkit button whose whole text is `name`. */
export async function clickButton(frame: Frame, name: string): Promise<void> {
  const button = frame.locator('vscode-button:visible', { hasText: new RegExp(`^\\s*${name}\\s*$`) }).first();
  await button.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await button.click();
}

/** Opens the dropdown named `label` and picks the option whose text contains `optionText`. */
export async function choose(frame: Frame, label: string, optionText: string): Promise<void> {
  const dropdown = await labelled(frame, label);
  await dropdown.click();
  await dropdown.locator('vscode-option', { hasText: optionText }).click();
}

/**
 * Sets the value of the control with this id as typing would: the value changes and the page hears an input event
 * (the webviews save their state on input). Code run in the page is text: the root tsconfig has no DOM types.
 */
export async function typeInto(frame: Frame, id: string, text: string): Promise<void> {
  await frame.evaluate(`(() => {
    const field = document.getElementById(${JSON.stringify(id)});
    field.value = ${JSON.stringify(text)};
    field.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
}
