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
