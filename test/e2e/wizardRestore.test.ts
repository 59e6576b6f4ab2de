/**
 * The import wizard's saved state in a real VS Code: the Azure OpenAI mode with Microsoft Foundry's v1 compatibility
 * chosen, then "Developer: Reload Webviews" (the webview starts again from `getState()`): the choice, the fields and the
 * base path rule it implies come back. Before, the saved v1 choice made the parser refuse the whole state.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { choose, labelled, UI_TIMEOUT_MS, useWorkbench } from './harness';

const TITLE = 'Import API: contoso-ai-gateway';

void describe('Import wizard state after a webview reload (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('the Azure OpenAI v1 choice, its fields and its base path hint come back', async (t) => {
    const wb = workbench();
    await wb.openView('AI Gateway');
    await wb.expand('Contoso Production');
    await wb.waitForRow('contoso-ai-gateway');
    await wb.runCommand('AI Gateway: Import Azure OpenAI API…');
    await wb.pick('contoso-ai-gateway');

    const frame = await wb.webviewFrame(TITLE);
    await frame.locator('ul.deployments li', { hasText: 'gpt-4o' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await choose(frame, 'Azure OpenAI resource', 'contoso-aiservices');
    await choose(frame, 'Client compatibility', 'Azure OpenAI v1');
    await (await labelled(frame, 'Display name')).locator('input').fill('Restored v1');
    await (await labelled(frame, 'Base path')).locator('input').fill('restored');
    // The v1 base path rule, which only the v1 choice gives.
    const hint = 'The base path becomes "restored/openai/v1": with Azure OpenAI v1 it must end in /openai/v1.';
    await frame.getByText(hint).first().waitFor({ timeout: UI_TIMEOUT_MS });

    const detached = wb.page.waitForEvent('framedetached', { predicate: (f) => f === frame, timeout: UI_TIMEOUT_MS });
    await wb.runCommand('Developer: Reload Webviews');
    await detached;

    const again = await wb.webviewFrame(TITLE);
    await again.getByText(hint).first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await (await labelled(again, 'Client compatibility')).evaluate((el) => (el as unknown as { value: string }).value), 'v1');
    assert.equal(await (await labelled(again, 'Display name')).locator('input').inputValue(), 'Restored v1');
    t.diagnostic(`screenshot: ${await wb.screenshot('wizard-restored-v1')}`);
  });
});
