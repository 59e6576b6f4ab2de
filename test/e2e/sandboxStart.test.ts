/**
 * A user with environment `sandbox` who has no sandbox running: the view offers one, and the packaged extension starts
 * it by itself (dist/sandbox.js from inside the .vsix, which proves the package holds what the sandbox needs).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UI_TIMEOUT_MS, useWorkbench } from './harness';

void describe('local sandbox started from the welcome view (real VS Code)', () => {
  const workbench = useWorkbench({ sandbox: false });

  void test('offers the sandbox, starts it from the packaged extension and lists its subscriptions', async () => {
    const wb = workbench();
    await wb.openView('AI Gateway');
    const start = wb.page.locator('.part.sidebar').getByRole('button', { name: 'Start Local Sandbox' });
    await start.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await start.click();

    // Starting generates the sandbox's CA and certificate: allow it more than a click.
    await wb.waitForRow('Contoso Production', 2 * UI_TIMEOUT_MS);
    await wb.waitForRow('Contoso Dev/Test');
    const instances = await wb.expand('Contoso Production');
    assert.ok(
      instances.some((r) => r.label === 'contoso-ai-gateway'),
      `the seeded instance is listed; rows: ${instances.map((r) => r.label).join(', ')}`,
    );
    await wb.screenshot('sandbox-started');
  });
});
