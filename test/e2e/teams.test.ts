/**
 * Teams in a real VS Code against the sandbox: "Onboard a Team…" from the palette (every question answered as a user
 * would), then "Copy Code for API…" in JavaScript, and the copied code, run with Node and the official `openai`
 * package, answers through the gateway with the new team's key (read from the environment, never in the code).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { httpsCall } from '../integration/helpers/sandbox';
import { UI_TIMEOUT_MS, useWorkbench, type Workbench } from './harness';
import { resultsDir } from './harness/paths';

const run = promisify(execFile);

/** Answers the input box whose prompt contains `prompt`: replaces its text and presses Enter. */
async function answer(wb: Workbench, prompt: string, text: string): Promise<void> {
  const widget = wb.page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const input = widget.locator('.quick-input-box input');
  await input.fill(text);
  await input.press('Enter');
}

/** Accepts the open multi-select quick pick as preselected. */
async function acceptPicked(wb: Workbench, placeholder: string): Promise<void> {
  const input = wb.page.locator(`.quick-input-widget .quick-input-box input[placeholder="${placeholder}"]`);
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await input.press('Enter');
}

void describe('teams (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('onboards a team, copies the JavaScript code for its API, and the code answers 200 with the team key', async () => {
    const wb = workbench();
    await wb.openView('AI Gateway');
    await wb.waitForRow('Contoso Production');

    await wb.runCommand('AI Gateway: Onboard a Team…');
    await wb.pick('contoso-ai-gateway');
    await answer(wb, 'Team name', 'E2E team');
    await wb.pick('New product "e2e-team"');
    await answer(wb, 'Product id', 'e2e-team');
    await acceptPicked(wb, 'APIs of the product (LLM APIs are preselected)');
    await answer(wb, 'Tokens per minute', '100000');
    // Back from the next question returns to this one with its answer kept.
    const quota = wb.page.locator('.quick-input-widget', { hasText: 'Token quota' });
    await quota.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await quota.getByRole('button', { name: 'Back' }).click();
    const tpm = wb.page.locator('.quick-input-widget', { hasText: 'Tokens per minute' }).locator('.quick-input-box input');
    await tpm.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(await tpm.inputValue(), '100000');
    await tpm.press('Enter');
    await answer(wb, 'Token quota', '1000000');
    await wb.pick('Monthly');
    await wb.pick('No approval');
    await answer(wb, 'Subscriptions one user may hold', '');
    await answer(wb, 'Display name of the team', 'E2E team');
    await answer(wb, 'Subscription id', 'e2e-team');
    await wb.pick('Administrator <apim-admins@contoso.com>');
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Onboard the team "E2E team"' });
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await wb.screenshot('teams-review');
    await dialog.locator('.monaco-button', { hasText: /^Create$/ }).click();
    await wb.page.locator('.notifications-toasts', { hasText: 'Onboarded: product "e2e-team"' }).waitFor({ timeout: UI_TIMEOUT_MS });

    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.url });
    await wb.runCommand('AI Gateway: Copy Code for API…');
    await wb.pick('contoso-ai-gateway');
    await wb.pick('OpenAI chat');
    await wb.pick('E2E team');
    await wb.pick('JavaScript');
    await wb.pick('gpt-4o-mini');
    await wb.page.locator('.notifications-toasts', { hasText: 'Copied the JavaScript code' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const code = await wb.page.evaluate<string>('navigator.clipboard.readText()');
    assert.match(code, /process\.env\["E2E_TEAM_KEY"\]/);

    const ca = readFileSync(wb.connection.caCertFile, 'utf8');
    const service = `/subscriptions/${wb.connection.subscriptionIds[0]}/resourceGroups/rg-ai-gateway/providers/Microsoft.ApiManagement/service/contoso-ai-gateway`;
    const secrets = await httpsCall(
      `${wb.connection.armEndpoint}${service}/subscriptions/e2e-team/listSecrets?api-version=2024-05-01`,
      ca,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${wb.connection.token}` },
      },
    );
    assert.equal(secrets.status, 200, secrets.text);
    const key = secrets.json<{ primaryKey: string }>().primaryKey;
    assert.ok(!code.includes(key), 'the copied code does not contain the key');

    // Under the repository so that `import 'openai'` resolves to the dev dependency.
    const dir = join(resultsDir, 'teams-e2e');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'e2e-team.mjs');
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], {
      env: { PATH: process.env.PATH ?? '', E2E_TEAM_KEY: key, NODE_EXTRA_CA_CERTS: wb.connection.caCertFile },
      timeout: 60_000,
    });
    assert.match(stdout, /total_tokens: \d+/, stdout);
    await wb.screenshot('teams-done');
  });
});
