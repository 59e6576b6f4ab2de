/**
 * Import Azure OpenAI in a real VS Code: palette → the instance → the wizard in its Azure OpenAI mode → the sandbox's
 * seeded account "contoso-openai" → Review (identity, role, backend, API, policy) → Create → the API and its
 * operations appear in the tree under "LLM APIs".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { choose, clickButton, labelled, UI_TIMEOUT_MS, useWorkbench } from './harness';

async function fill(frame: Frame, label: string, value: string): Promise<void> {
  await (await labelled(frame, label)).locator('input').fill(value);
}

void describe('Import Azure OpenAI (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('imports from the seeded account and shows the API with its operations in the tree', async (t) => {
    const wb = workbench();
    await wb.openView('AI Gateway');
    await wb.waitForRow('Contoso Production');
    await wb.expand('Contoso Production');
    await wb.waitForRow('contoso-ai-gateway');

    await wb.runCommand('AI Gateway: Import Azure OpenAI API…');
    const pick = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'contoso-ai-gateway' }).first();
    await pick.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await pick.click();

    const frame = await wb.webviewFrame('Import API: contoso-ai-gateway');
    // The resources arrive from the host: wait for the seeded account's deployments to be listed.
    await frame.locator('ul.deployments li', { hasText: 'gpt-4o' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await choose(frame, 'Azure OpenAI resource', 'contoso-openai');
    await fill(frame, 'Display name', 'Contoso GPT');
    await fill(frame, 'Base path', 'contoso/aoai');
    await clickButton(frame, 'Next');
    // Policies page: leave the token policies off.
    await clickButton(frame, 'Next');

    const review = frame.locator('text=Role assignment').first();
    await review.waitFor({ timeout: UI_TIMEOUT_MS });
    const reviewText = (await frame.locator('body').innerText()).replace(/\s+/g, ' ');
    for (const expected of [
      'Managed identity',
      'Cognitive Services OpenAI User',
      'Backend',
      'authentication-managed-identity',
      '/contoso/aoai/openai',
    ]) {
      assert.ok(reviewText.includes(expected), `Review shows "${expected}"`);
    }
    await clickButton(frame, 'Create');
    await frame.locator('h2', { hasText: 'Done' }).waitFor({ timeout: UI_TIMEOUT_MS });
    t.diagnostic(`screenshot: ${await wb.screenshot('aoai-import-done')}`);

    await wb.expand('contoso-ai-gateway');
    await wb.waitForRow('LLM APIs');
    const llmApis = await wb.expand('LLM APIs');
    await wb.waitForRow('Contoso GPT');
    assert.ok(llmApis.some((r) => r.label === 'Contoso GPT') || (await wb.treeRows()).some((r) => r.label === 'Contoso GPT'));
    const operations = await wb.expand('Contoso GPT');
    const labels = operations.map((r) => `${r.label} ${r.description}`);
    assert.ok(
      labels.some((l) => l.includes('POST /deployments/{deployment-id}/chat/completions')),
      `operations: ${labels.join(' | ')}`,
    );
    assert.ok(
      labels.some((l) => l.includes('/embeddings')),
      `operations: ${labels.join(' | ')}`,
    );
    t.diagnostic(`screenshot: ${await wb.screenshot('aoai-import-tree')}`);
  });
});
