/**
 * The Usage view in a real VS Code (the packaged .vsix in code-server, local sandbox with the demo seed): requests sent
 * from the test console with two subscriptions, then "AI Gateway: Show Token Usage…" on the AI gateway instance shows,
 * for the last hour, per-subscription totals equal to what the console showed for each request. The seeded week of
 * three teams and two models is there for the longer periods.
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

/** Sends the console's prefilled request and returns the usage it shows, once the session counts `n` requests. */
async function send(frame: Frame, n: number): Promise<Shown> {
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

    await wb.runCommand('AI Gateway: Show Token Usage…');
    await wb.pick('contoso-ai-gateway');
    const frame = await wb.webviewFrame('Usage: contoso-ai-gateway');
    await frame.locator('#consumers').waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('#range').selectOption('1h');
    await frame.locator('#loadedAt').waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('#consumers caption', { hasText: 'Subscription ID' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const sum = (xs: Shown[]) => [
      xs.reduce((a, x) => a + x.prompt, 0),
      xs.reduce((a, x) => a + x.completion, 0),
      xs.reduce((a, x) => a + x.total, 0),
      xs.length,
    ];
    assert.deepEqual(await consumerRow(frame, 'LLM developers (Unlimited)'), sum(unlimited));
    assert.deepEqual(await consumerRow(frame, 'Built-in all-access subscription'), sum(master));
    assert.equal(readNumber(await frame.locator('#kpi-requests').innerText()), 3);
    assert.equal(await frame.locator('.usage-chart path').count(), 2, 'one area per subscription');
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
