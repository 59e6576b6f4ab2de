/**
 * The Language Model API import in a real VS Code: palette → instance → wizard → Google Gemini preset with its URL
 * pointed at the sandbox's mock model → Policies → Review → Create, and the new API appears under "LLM APIs".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { readFileSync } from 'node:fs';
import type { StoreSnapshot } from '../../src/sandbox/store';
import { httpsCall } from '../integration/helpers/sandbox';
import { clickButton, labelled, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './harness';

const DISPLAY_NAME = 'Gemini from e2e';

/** Types into a toolkit text field (its <input> lives in the element's open shadow root). */
async function typeInto(frame: Frame, label: string, value: string): Promise<void> {
  await (await labelled(frame, label)).locator('input').fill(value);
}

/** F1, the command's title, then the instance in the quick pick that the command opens. */
async function runImportFromPalette(wb: Workbench, instance: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await wb.page.locator('.monaco-workbench').focus();
  await wb.page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await input.fill('>AI Gateway: Import Language Model API');
  const command = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Import Language Model API' }).first();
  await command.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await command.click();
  const item = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: instance }).first();
  await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await item.click();
}

/** A test hook of the sandbox the workbench uses (faults, state). */
async function hook(wb: Workbench, method: string, path: string, body?: unknown): Promise<unknown> {
  const ca = readFileSync(wb.connection.caCertFile, 'utf8');
  const res = await httpsCall(`${wb.connection.hooksUrl}/${path}`, ca, {
    method,
    headers: { Authorization: `Bearer ${wb.connection.token}` },
    ...(body === undefined ? {} : { body }),
  });
  assert.ok(res.status < 300, `hook ${method} ${path}: ${res.status} ${res.text}`);
  return res.json();
}

void describe('import wizard: Language Model API (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('palette → Gemini preset → Review → Create, then the API is under "LLM APIs"', async () => {
    const wb = workbench();
    await wb.openView('AI Gateway');
    await wb.expand('Contoso Production');
    await wb.expand('contoso-ai-gateway');

    await runImportFromPalette(wb, 'contoso-ai-gateway');
    const frame = await wb.webviewFrame('Import API: contoso-ai-gateway');

    // The Google Gemini preset is the default: it fills the URL, the header name and its Bearer format.
    const provider = await labelled(frame, 'Provider');
    await frame.waitForFunction((el) => (el as unknown as { value: string }).value === 'gemini', await provider.elementHandle(), {
      timeout: UI_TIMEOUT_MS,
    });
    assert.equal(
      await (await labelled(frame, 'URL')).locator('input').inputValue(),
      'https://generativelanguage.googleapis.com/v1beta/openai',
    );
    assert.equal(await (await labelled(frame, 'Header name')).locator('input').inputValue(), 'Authorization');
    for (const label of ['Display name', 'Description', 'Path', 'Type', 'Header value', 'Products', 'Subscription key header']) {
      // By accessible name: a label that does not name its control (a <label for> on a toolkit element) fails here.
      await labelled(frame, label, 'attached');
    }

    await typeInto(frame, 'Display name', DISPLAY_NAME);
    await typeInto(frame, 'URL', wb.connection.geminiEndpoint);
    await typeInto(frame, 'Header value', wb.connection.modelKey);
    assert.equal(
      await (await labelled(frame, 'Path')).locator('input').inputValue(),
      'gemini-from-e2e',
      'the path follows the display name',
    );
    assert.equal(await (await labelled(frame, 'Header value')).locator('input').getAttribute('type'), 'password', 'the key is masked');
    await wb.screenshot('import-wizard-details');

    await clickButton(frame, 'Next');
    for (const label of ['Manage token consumption', 'Emit token metrics', 'Semantic caching', 'Content safety']) {
      await (await labelled(frame, label)).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    }
    await (await labelled(frame, 'Manage token consumption')).click();
    await clickButton(frame, 'Next');

    const review = frame.locator('section[aria-label="Review"]');
    await review.locator('table').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const reviewText = await review.innerText();
    for (const expected of [
      'Named value',
      'Backend',
      'API',
      'Operation',
      'API policy',
      '<set-backend-service backend-id="gemini-from-e2e-backend"',
      '<llm-token-limit',
      '/gemini-from-e2e',
      'curl -X POST',
    ]) {
      assert.ok(reviewText.includes(expected), `Review shows ${expected}`);
    }
    assert.ok(!reviewText.includes(wb.connection.modelKey), 'Review never shows the key');
    await wb.screenshot('import-wizard-review');

    await clickButton(frame, 'Create');
    await frame.locator('h2', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const statuses = await frame.locator('ul.progress .status').allInnerTexts();
    assert.ok(statuses.length >= 5 && statuses.every((s) => s === 'Created'), `every step created: ${statuses.join(', ')}`);
    for (const name of ['Test in console', 'Copy endpoint', 'Reveal in tree']) {
      await frame.locator('vscode-button', { hasText: name }).waitFor({ state: 'visible' });
    }
    await wb.screenshot('import-wizard-done');

    // The tree was refreshed by the import: the API is under "LLM APIs", and "Reveal in tree" selects it.
    await wb.openView('AI Gateway');
    await wb.expand('LLM APIs');
    const row = await wb.waitForRow(DISPLAY_NAME);
    await clickButton(frame, 'Reveal in tree');
    await wb.page
      .locator('.part.sidebar .monaco-list-row[aria-selected="true"]')
      .filter({ hasText: DISPLAY_NAME })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(await row.getAttribute('aria-selected'), 'true');
    await wb.screenshot('import-wizard-tree');

    // "Test in console" opens the test console on the new API.
    await clickButton(frame, 'Test in console');
    await wb.webviewFrame(`Test: ${DISPLAY_NAME}`);
  });
  void test('a failure at the policy is one sentence, and "Roll back" removes everything the import wrote', async () => {
    const wb = workbench();
    // The test console opened by the previous test is in front: bring the wizard's tab back.
    await wb.page.locator('.tabs-container .tab', { hasText: 'Import API: contoso-ai-gateway' }).click();
    const frame = await wb.webviewFrame('Import API: contoso-ai-gateway');
    await clickButton(frame, 'Import another');
    await typeInto(frame, 'Display name', 'Gemini fault');
    await typeInto(frame, 'Path', 'gemini-fault');
    await hook(wb, 'POST', 'faults', {
      method: 'PUT',
      path: '/apis/gemini-fault/policies/policy$',
      times: 1,
      status: 400,
      body: { error: { code: 'ValidationError', message: 'One or more fields contain incorrect values.' } },
    });
    await clickButton(frame, 'Next');
    await clickButton(frame, 'Next');
    await frame.locator('section[aria-label="Review"] table').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await clickButton(frame, 'Create');

    const error = frame.locator('section[aria-label="Create"] .error-box');
    await error.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(await error.innerText(), /^Could not create the API policy "gemini-fault": .+\. .+\.$/);
    await wb.screenshot('import-wizard-failed');
    const written = (await hook(wb, 'GET', 'state')) as StoreSnapshot;
    assert.ok(
      written.resources.some((r) => /\/apis\/gemini-fault$/i.test(r.id)),
      'the API was written before the failure',
    );

    await clickButton(frame, 'Roll back');
    // The rollback's closing sentence (each step's own "Rolled back" status shows earlier, while it runs).
    await frame.getByText(/^Rolled back: removed or restored \d+ resources/).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await wb.screenshot('import-wizard-rolled-back');
    const after = (await hook(wb, 'GET', 'state')) as StoreSnapshot;
    assert.deepEqual(
      after.resources.filter((r) => /gemini-fault/i.test(r.id)).map((r) => r.id),
      [],
      'nothing of the failed import is left',
    );
    assert.ok(
      after.resources.some((r) => /\/apis\/gemini-from-e2e$/i.test(r.id)),
      'the earlier import is untouched',
    );
  });

  void test('a second import at the same path and id takes "Use path … instead" in one click, and the first is untouched', async () => {
    const wb = workbench();
    const frame = await wb.webviewFrame('Import API: contoso-ai-gateway');
    // The rolled-back import left the wizard on Create: back to Review, then to Details.
    await clickButton(frame, 'Back to review');
    await clickButton(frame, 'Back');
    await clickButton(frame, 'Back');
    await typeInto(frame, 'Display name', DISPLAY_NAME);
    // Not the same import again (an idempotent re-run): another description for the same API id and path.
    await (await labelled(frame, 'Description')).locator('textarea').fill('For team B');
    await typeInto(frame, 'Path', 'gemini-from-e2e');
    const firstImport = (s: StoreSnapshot): unknown[] =>
      s.resources.filter((r) => /gemini-from-e2e(-backend|-key)?($|\/)/i.test(r.id)).map(({ etag: _etag, ...rest }) => rest);
    const before = firstImport((await hook(wb, 'GET', 'state')) as StoreSnapshot);
    assert.ok(before.length >= 5, 'the first import is there');

    await clickButton(frame, 'Next');
    await clickButton(frame, 'Next');
    const review = frame.locator('section[aria-label="Review"]');
    await review.locator('table').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.ok((await review.innerText()).includes('Conflict: exists'), 'the existing API is a conflict');
    await wb.screenshot('import-wizard-new-path-offered');
    await clickButton(frame, 'Use path gemini-from-e2e-2 instead');

    await review.locator('code', { hasText: /^gemini-from-e2e-2-backend$/ }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const moved = await review.innerText();
    assert.ok(
      !moved.includes('Conflict: exists') && moved.includes('/gemini-from-e2e-2'),
      'the new review creates everything at the new path',
    );
    await clickButton(frame, 'Create');
    await frame.locator('h2', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    const after = (await hook(wb, 'GET', 'state')) as StoreSnapshot;
    // Create sends the form as it is: the API at the new path shows that the form took the proposal.
    const second = after.resources.find((r) => /\/apis\/gemini-from-e2e-2$/i.test(r.id));
    assert.equal(second?.properties.path, 'gemini-from-e2e-2', 'the second API is at the new path');
    assert.deepEqual(firstImport(after), before, 'the first import is untouched');
  });

  void test('Backends: a second URL with its own key makes a pool, shown in Review and created with a secret per key', async () => {
    const wb = workbench();
    const frame = await wb.webviewFrame('Import API: contoso-ai-gateway');
    await clickButton(frame, 'Import another');
    await typeInto(frame, 'Display name', 'Pooled from e2e');
    await typeInto(frame, 'Path', 'pooled-from-e2e');
    await typeInto(frame, 'URL', wb.connection.geminiEndpoint);
    await typeInto(frame, 'Header value', wb.connection.modelKey);
    await clickButton(frame, 'Add backend');
    await typeInto(frame, 'Backend URL', wb.connection.modelEndpoint);
    await typeInto(frame, 'Backend header value', wb.connection.modelKey);
    assert.equal(await (await labelled(frame, 'Backend header value')).locator('input').getAttribute('type'), 'password');
    await wb.screenshot('import-wizard-backends');
    await clickButton(frame, 'Next');
    await clickButton(frame, 'Next');

    const review = frame.locator('section[aria-label="Review"]');
    await review.locator('table').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const reviewText = await review.innerText();
    for (const expected of [
      'pooled-from-e2e-key-2',
      'pooled-from-e2e-backend-2',
      'Backend pool',
      '<set-backend-service backend-id="pooled-from-e2e-pool"',
      'buffer-request-body="true"',
    ]) {
      assert.ok(reviewText.includes(expected), `Review shows ${expected}`);
    }
    assert.ok(!reviewText.includes(wb.connection.modelKey), 'Review never shows a key');
    await clickButton(frame, 'Create');
    await frame.locator('h2', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    const after = (await hook(wb, 'GET', 'state')) as StoreSnapshot;
    for (const id of ['pooled-from-e2e-key', 'pooled-from-e2e-key-2']) {
      const nv = after.resources.find((r) => new RegExp(`/namedValues/${id}$`, 'i').test(r.id));
      assert.equal(nv?.properties.secret, true, `${id} is a secret named value`);
    }
    assert.ok(
      after.resources.some((r) => /\/backends\/pooled-from-e2e-pool$/i.test(r.id)),
      'the pool was created',
    );
  });
});
