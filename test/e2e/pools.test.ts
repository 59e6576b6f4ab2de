/**
 * Load balancing in a real VS Code: "Import Azure OpenAI API…" over the two seeded accounts' gpt-4o-mini deployments
 * (the wizard's Backends section adds the second account as a pool member), the tree shows the pool under the API
 * with both members, and with the first account throttled through the console's "Simulate throttling" a request
 * succeeds and the console shows that East US 2 (the second account) answered after two attempts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { choose, clickButton, labelled, UI_TIMEOUT_MS, useWorkbench, openAzureOpenAiWizard } from './harness';

/** Picks the option containing `optionText` in a dropdown found in a part of the page (a backend's row). */
async function chooseIn(dropdown: Locator, optionText: string): Promise<void> {
  await dropdown.click();
  await dropdown.locator('vscode-option', { hasText: optionText }).click();
}

async function metric(frame: Frame, name: string): Promise<string> {
  const cell = frame.locator(`[data-metric="${name}"] td`);
  await cell.waitFor({ timeout: UI_TIMEOUT_MS });
  return (await cell.innerText()).trim();
}

void describe('backend pools (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('imports a pool over both accounts, shows it in the tree, and fails over while the first is throttled', async (t) => {
    const wb = workbench();
    const wizard = await openAzureOpenAiWizard(wb);
    await wizard.locator('ul.deployments li', { hasText: 'gpt-4o-mini' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await choose(wizard, 'Azure OpenAI resource', 'contoso-openai');
    await (await labelled(wizard, 'Display name')).locator('input').fill('Pooled GPT');
    await (await labelled(wizard, 'Base path')).locator('input').fill('pooled/aoai');
    await clickButton(wizard, 'Add backend');
    const second = wizard.getByRole('group', { name: 'Backend 2', exact: true });
    await chooseIn(second.getByLabel('Azure OpenAI resource', { exact: true }), 'contoso-aiservices');
    t.diagnostic(`screenshot: ${await wb.screenshot('pools-wizard-backends')}`);
    await clickButton(wizard, 'Next');
    await clickButton(wizard, 'Next');
    await wizard.locator('text=Backend pool').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await clickButton(wizard, 'Create');
    await wizard.locator('h2', { hasText: 'Done' }).waitFor({ timeout: UI_TIMEOUT_MS });

    // The wizard's own way to the new API: the tree expands to it and selects it.
    await clickButton(wizard, 'Reveal in tree');
    await wb.waitForRow('Pooled GPT');
    const apiRows = await wb.expand('Pooled GPT');
    assert.ok(
      apiRows.some((r) => r.label === 'Pool: pooled-gpt-pool'),
      `under the API: ${apiRows.map((r) => r.label).join(' | ')}`,
    );
    const members = await wb.expand('Pool: pooled-gpt-pool');
    assert.deepEqual(
      members.map((r) => [r.label, r.description]),
      [
        ['pooled-gpt-backend', 'priority 1 · weight 1 · trips after 1×429/5xx in 1 min for 1 min (or Retry-After)'],
        ['pooled-gpt-backend-2', 'priority 2 · weight 1 · trips after 1×429/5xx in 1 min for 1 min (or Retry-After)'],
      ],
    );
    t.diagnostic(`screenshot: ${await wb.screenshot('pools-tree')}`);

    await wb.runCommand('AI Gateway: Open Test Console…');
    await wb.pick('contoso-ai-gateway');
    await wb.pick('Pooled GPT');
    const console = await wb.webviewFrame('Test: Pooled GPT');
    const first = console.getByRole('button', { name: 'Simulate throttling on pooled-gpt-backend', exact: true });
    await first.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.deepEqual(await console.locator('#poolMembers tr[data-member] th').allInnerTexts(), [
      'pooled-gpt-backend',
      'pooled-gpt-backend-2',
    ]);
    // By keyboard, as the toggle's users may: focus it and press Space.
    await first.focus();
    await wb.page.keyboard.press('Space');
    await console
      .locator('vscode-button[data-member="pooled-gpt-backend"][aria-pressed="true"]')
      .waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    assert.match(await console.locator('tr[data-member="pooled-gpt-backend"] .member-state').innerText(), /answers 429 \(simulated\)/);

    // Both accounts serve gpt-4o-mini (not gpt-4o): the deployment the pool can fail over with.
    if ((await console.locator('vscode-dropdown#deployment').count()) > 0) await choose(console, 'Deployment', 'gpt-4o-mini');
    else await (await labelled(console, 'Deployment')).locator('input').fill('gpt-4o-mini');
    await console.locator('#send').click();
    assert.equal(await metric(console, 'status'), '200');
    assert.equal(await metric(console, 'answeredBy'), 'East US 2 (x-ms-region) · pool member pooled-gpt-backend-2');
    assert.match(await metric(console, 'attempts'), /^2 \(counted by the sandbox: calls to the pool's members while this request ran\)$/);
    await console
      .locator('tr[data-member="pooled-gpt-backend"] .member-state', { hasText: 'circuit open until' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await console.locator('#pool').scrollIntoViewIfNeeded();
    t.diagnostic(`screenshot: ${await wb.screenshot('pools-console-failover')}`);
  });
});
