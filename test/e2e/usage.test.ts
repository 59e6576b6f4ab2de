/**
 * The Usage view in a real VS Code (the packaged .vsix in code-server, local sandbox with the demo seed): the tree shows
 * the seeded LLM API's tokens of the last 24 hours; requests sent from the test console with two subscriptions; then
 * the console's link opens the API's Usage view and "AI Gateway: Show Token Usage…" the instance's, and both show for
 * the last hour per-subscription totals equal to what the console showed for each request. The seeded week of three
 * teams and two models is there for the longer periods.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { UI_TIMEOUT_MS, useWorkbench, type Workbench } from './harness';

interface Shown {
  prompt: number;
  completion: number;
  total: number;
}

const readNumber = (text: string): number => Number(text.replace(/[^\d]/g, ''));

async function metric(frame: Frame, name: string): Promise<number> {
  return readNumber(await frame.locator(`[data-metric="${name}"] td`).innerText());
}

/** Sends one turn and returns the usage it shows, once the session counts `n` requests (a sent turn empties the box). */
async function send(frame: Frame, n: number): Promise<Shown> {
  await frame.locator('#userMessage textarea').fill(`Question ${n}`);
  await frame.locator('#send').click();
  await frame.locator('#sessionTotals', { hasText: new RegExp(`^${n} requests?`) }).waitFor({ timeout: UI_TIMEOUT_MS });
  return {
    prompt: await metric(frame, 'promptTokens'),
    completion: await metric(frame, 'completionTokens'),
    total: await metric(frame, 'totalTokens'),
  };
}

async function consumerRow(frame: Frame, label: string): Promise<number[]> {
  const row = frame.locator('#consumers tbody tr', { has: frame.locator('th', { hasText: label }) });
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  return (await row.locator('td').allInnerTexts()).slice(0, 4).map(readNumber);
}

void describe('usage view (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('per-subscription totals for the last hour equal what the console showed', async (t) => {
    const wb: Workbench = workbench();
    await wb.openView('AI Gateway');
    await wb.waitForRow('Contoso Production');
    await wb.expand('Contoso Production');
    await wb.expand('contoso-ai-gateway');
    await wb.expand('LLM APIs');
    const row = await wb.waitForRow('OpenAI chat');
    await row.filter({ hasText: /tokens in 24 h/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await wb.runCommand('AI Gateway: Open Test Console…');
    await wb.pick('contoso-ai-gateway');
    await wb.pick('OpenAI chat');
    await wb.pick('LLM developers (Unlimited)');
    const consoleFrame = await wb.webviewFrame('Test: OpenAI chat');
    await consoleFrame.locator('#keyStatus', { hasText: 'LLM developers (Unlimited)' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const unlimited = [await send(consoleFrame, 1)];
    await consoleFrame.locator('#chooseKey').click();
    await wb.pick('Built-in all-access subscription');
    await consoleFrame.locator('#keyStatus', { hasText: 'Built-in all-access subscription' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const master = [await send(consoleFrame, 2), await send(consoleFrame, 3)];
    t.diagnostic(`console showed ${JSON.stringify({ unlimited, master })}`);
    const sum = (xs: Shown[]) => [
      xs.reduce((a, x) => a + x.prompt, 0),
      xs.reduce((a, x) => a + x.completion, 0),
      xs.reduce((a, x) => a + x.total, 0),
      xs.length,
    ];
    const lastHour = async (frame: Frame): Promise<void> => {
      await frame.locator('#consumers').waitFor({ timeout: UI_TIMEOUT_MS });
      await frame.locator('#range').selectOption('1h');
      await frame.locator('#kpi-requests', { hasText: /^3$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
      assert.deepEqual(await consumerRow(frame, 'LLM developers (Unlimited)'), sum(unlimited));
      assert.deepEqual(await consumerRow(frame, 'Built-in all-access subscription'), sum(master));
      assert.equal(await frame.locator('.usage-chart path').count(), 2, 'one area per subscription');
    };

    // The console's link: the API's view.
    await consoleFrame.locator('#showUsage').click();
    await lastHour(await wb.webviewFrame('Usage: OpenAI chat'));
    t.diagnostic(`screenshot: ${await wb.screenshot('usage-api-last-hour')}`);

    // The palette: the instance's view.
    await wb.runCommand('AI Gateway: Show Token Usage…');
    await wb.pick('contoso-ai-gateway');
    const frame = await wb.webviewFrame('Usage: contoso-ai-gateway');
    await lastHour(frame);
    t.diagnostic(`screenshot: ${await wb.screenshot('usage-last-hour')}`);

    // The seeded week: three more teams, two models priced, and the keyboard reads the chart out.
    await frame.locator('#range').selectOption('7d');
    await frame.locator('#consumers th', { hasText: 'team-search' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('#cost th', { hasText: 'gpt-4o-mini' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('.chart').focus();
    await wb.page.keyboard.press('End');
    assert.match(await frame.locator('#chartReadout').innerText(), /tokens/);
    t.diagnostic(`screenshot: ${await wb.screenshot('usage-seeded-week')}`);
  });
});
