/**
 * Microsoft Foundry in a real VS Code: the seeded AIServices account "contoso-aiservices" imported through the wizard
 * in Azure OpenAI v1 mode (model in the body, the OpenAI SDKs' shape), then a two-turn Responses conversation in the
 * test console: the second answer knows the first question (the mock answers from the history the stored response
 * carries, as a real model would), each turn shows its own usage and the conversation its total. A model the account
 * has no deployment of is one sentence, and the transcript stays as it was.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { choose, clickButton, labelled, typeInto, UI_TIMEOUT_MS, useWorkbench, openAzureOpenAiWizard } from './harness';

async function fill(frame: Frame, label: string, value: string): Promise<void> {
  await (await labelled(frame, label)).locator('input').fill(value);
}

/** "12 input + 34 output = 46 tokens" of a turn, as numbers. */
async function turnUsage(frame: Frame, turn: number): Promise<{ input: number; output: number; total: number }> {
  const text = await frame.locator(`[data-turn-usage="${turn}"]`).innerText();
  const m = /^(\d[\d,]*) input \+ (\d[\d,]*) output = (\d[\d,]*) tokens$/.exec(text.trim());
  assert.ok(m, `turn ${turn} usage: ${text}`);
  const n = (s: string): number => Number(s.replace(/,/g, ''));
  return { input: n(m[1]), output: n(m[2]), total: n(m[3]) };
}

void describe('Microsoft Foundry: v1 import and a Responses conversation (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('imports the AIServices account in v1 mode through the wizard', async (t) => {
    const wb = workbench();
    const frame = await openAzureOpenAiWizard(wb);
    await frame.locator('ul.deployments li').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await choose(frame, 'Azure OpenAI resource', 'contoso-aiservices');
    await frame.locator('ul.deployments li', { hasText: 'text-embedding-3-large' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await choose(frame, 'Client compatibility', 'Azure OpenAI v1');
    await fill(frame, 'Display name', 'Foundry v1');
    await fill(frame, 'Base path', 'foundry');
    await clickButton(frame, 'Next');
    await clickButton(frame, 'Next');
    await frame.locator('text=Role assignment').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const review = (await frame.locator('body').innerText()).replace(/\s+/g, ' ');
    for (const expected of ['/foundry/openai/v1', 'POST /responses', 'OpenAI SDKs', 'no api-version']) {
      assert.ok(review.includes(expected), `Review shows "${expected}"`);
    }
    await clickButton(frame, 'Create');
    await frame.locator('h2', { hasText: 'Done' }).waitFor({ timeout: UI_TIMEOUT_MS });
    t.diagnostic(`screenshot: ${await wb.screenshot('foundry-import-done')}`);
  });

  void test('two turns of a Responses conversation: the second answer knows the first, usage per turn and in total', async (t) => {
    const wb = workbench();
    await wb.runCommand('AI Gateway: Open Test Console…');
    await wb.pick('contoso-ai-gateway');
    await wb.pick('Foundry v1');
    const frame = await wb.webviewFrame('Test: Foundry v1');
    // One subscription covers the new API (the built-in all-access one): its key is used without a question.
    await frame.locator('#keyStatus', { hasText: 'Subscription key:' }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await frame.evaluate<string>('document.getElementById("model").value'), 'gpt-4o-mini');
    assert.match(await frame.locator('#modelSuggestions').innerText(), /^Deployments: .*gpt-4o-mini/);

    // The API has both: the user picks the Responses API.
    const operation = await labelled(frame, 'API');
    await operation.locator('vscode-radio', { hasText: 'Responses' }).click();
    await frame.locator('#store:visible').waitFor({ timeout: UI_TIMEOUT_MS });

    await typeInto(frame, 'userMessage', 'Remember the colour teal');
    await frame.locator('#send').click();
    await frame.locator('#transcript li[data-turn="1"]').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await frame.locator('#answer').innerText(), /^You asked: "Remember the colour teal"/);
    assert.match(await frame.locator('#status').innerText(), /^200 OK/);
    assert.equal((await frame.locator('[data-metric="cachedTokens"] td').innerText()).trim(), '0');
    assert.equal((await frame.locator('[data-metric="reasoningTokens"] td').innerText()).trim(), '0');
    const first = await turnUsage(frame, 1);
    assert.ok(first.input > 0 && first.output > 0 && first.total === first.input + first.output);
    assert.equal(await frame.evaluate<string>('document.getElementById("userMessage").value'), '', 'ready for the next turn');

    // The second turn streams: its text arrives as response.output_text.delta events.
    await frame.locator('#stream').click();
    await typeInto(frame, 'userMessage', 'Which colour did I name?');
    await frame.locator('#send').click();
    const second = frame.locator('#transcript li[data-turn="2"]');
    await second.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await second.locator('.turn-assistant').innerText(), /Earlier in this conversation you asked: "Remember the colour teal"/);
    assert.match(await frame.locator('#status').innerText(), /streamed/);
    assert.ok(Number((await frame.locator('#answer').getAttribute('data-chunks')) ?? '0') > 1, 'the answer streamed in pieces');
    const next = await turnUsage(frame, 2);
    // The service added the first turn to the second one's input: more input tokens than the whole first turn.
    assert.ok(next.input > first.total, `second input ${next.input} > first total ${first.total}`);
    assert.equal(
      (await frame.locator('#conversationTotal').innerText()).trim(),
      `2 turns · ${(first.total + next.total).toLocaleString('en-US')} tokens in total`,
    );
    t.diagnostic(`screenshot: ${await wb.screenshot('foundry-conversation')}`);

    // A model the account has no deployment of: one sentence, nothing sent, the transcript as it was.
    await typeInto(frame, 'model', 'gpt-5-nano');
    await typeInto(frame, 'userMessage', 'And a third?');
    await frame.locator('#send').click();
    const errorBox = frame.locator('#errorBox');
    await errorBox.filter({ hasText: 'is not a deployment' }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(
      await errorBox.innerText(),
      /^The model "gpt-5-nano" is not a deployment of the account behind this API\. Use one of .*"gpt-4o-mini".*; nothing was sent\.$/,
    );
    assert.equal(await frame.locator('#transcript li').count(), 2);
    assert.equal(await frame.evaluate<string>('document.getElementById("userMessage").value'), 'And a third?');
    assert.ok(!(await frame.locator('body').innerText()).match(/[0-9a-f]{32}/), 'no key on the page');
  });
});
