/**
 * "Configure AI Policies…" in a real VS Code (the packaged .vsix in code-server, local sandbox with the demo seed):
 * the palette on the seeded LLM API → the Policies page starts from its policy (5000 tokens per minute) → bad input is
 * one sentence each and writes nothing → a new tokens per minute → Review shows the old and the new line → Apply →
 * the policy in the sandbox has the new value and every other character as before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { httpsCall } from '../integration/helpers/sandbox';
import { clickButton, labelled, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './harness';

const API = 'OpenAI chat';

/** The seeded LLM API's policy as ARM returns it to the SDK (format xml). */
async function policyXml(wb: Workbench): Promise<string> {
  const c = wb.connection;
  const url = `${c.armEndpoint}/subscriptions/${c.subscriptionIds[0]}/resourceGroups/rg-ai-gateway/providers/Microsoft.ApiManagement/service/contoso-ai-gateway/apis/openai-chat/policies/policy?api-version=2024-05-01&format=xml`;
  const res = await httpsCall(url, readFileSync(c.caCertFile, 'utf8'), { headers: { Authorization: `Bearer ${c.token}` } });
  assert.equal(res.status, 200, res.text);
  return res.json<{ properties: { value: string } }>().properties.value;
}

async function tokensPerMinute(frame: Frame, value: string): Promise<void> {
  await (await labelled(frame, 'Tokens per minute')).locator('input').fill(value);
}

/** Review with bad input: the page shows `sentence` and stays on the Policies page. */
async function refused(frame: Frame, sentence: string): Promise<void> {
  await clickButton(frame, 'Review');
  await frame.getByText(sentence, { exact: true }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await (await labelled(frame, 'Tokens per minute')).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

void describe('Configure AI Policies (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('the seeded LLM API → new tokens per minute → Review shows the diff → Apply changes only that', async () => {
    const wb = workbench();
    const before = await policyXml(wb);
    assert.match(before, /tokens-per-minute="5000"/);
    await wb.openView('AI Gateway');
    await wb.waitForRow('Contoso Production');
    // From the palette (instance, then API). The tree's context menu runs the same command with the node; driving
    // VS Code's context menu from this harness did not run its item reliably (passed once, failed once under CI).
    await wb.runCommand('AI Gateway: Configure AI Policies…');
    await wb.pick('contoso-ai-gateway');
    await wb.pick(API);

    const frame = await wb.webviewFrame(`AI policies: ${API}`);
    const tpm = await labelled(frame, 'Tokens per minute');
    await frame.waitForFunction((el) => (el as unknown as { value: string }).value === '5000', await tpm.elementHandle(), {
      timeout: UI_TIMEOUT_MS,
    });

    // Bad input: one sentence each, and nothing reaches Azure.
    await tokensPerMinute(frame, '0');
    await refused(frame, 'Tokens per minute must be a whole number from 1 to 100,000,000.');
    await tokensPerMinute(frame, 'lots');
    await refused(frame, 'Tokens per minute must be a whole number from 1 to 100,000,000.');
    await tokensPerMinute(frame, '5000');
    const extra = ['Operation ID', 'Product ID', 'User ID', 'Location'];
    for (const d of extra) await (await labelled(frame, d)).click();
    await refused(frame, 'Choose at most 5 dimensions.');
    for (const d of extra) await (await labelled(frame, d)).click();
    assert.equal(await policyXml(wb), before);

    await tokensPerMinute(frame, '7500');
    await clickButton(frame, 'Review');
    const removed = frame.locator('.diff .diff-removed');
    const added = frame.locator('.diff .diff-added');
    await added.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.deepEqual(
      (await removed.allInnerTexts()).map((t) => /tokens-per-minute="(\d+)"/.exec(t)?.[1]),
      ['5000'],
    );
    assert.deepEqual(
      (await added.allInnerTexts()).map((t) => /tokens-per-minute="(\d+)"/.exec(t)?.[1]),
      ['7500'],
    );
    await wb.screenshot('ai-policies-review');
    await clickButton(frame, 'Apply');
    await frame
      .getByText(`Done: the AI policies of "${API}" are applied.`, { exact: true })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    assert.equal(await policyXml(wb), before.replace('tokens-per-minute="5000"', 'tokens-per-minute="7500"'));
  });
});
