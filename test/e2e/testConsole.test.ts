/**
 * The test console in a real VS Code: the packaged .vsix in code-server against a local sandbox with the demo seed.
 * The user opens "AI Gateway: Open Test Console…" on the seeded LLM API "OpenAI chat", sends the prefilled sample and
 * reads usage figures equal to the mock model's own `usage`; then a streamed request whose end the sandbox holds back
 * shows its text before the request completes. After a window reload the console is restored for the same API.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { buildChatBody, DEFAULT_CHAT_FORM } from '../../src/domain/chat/chatRequest';
import { labelled, typeInto, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './harness';

interface MockUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

/** POSTs JSON to the sandbox over HTTPS, trusting its CA. */
function postJson(wb: Workbench, url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; text: string }> {
  const ca = readFileSync(wb.connection.caCertFile, 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** What the mock model itself reports for the console's sample request, asked directly with the model's key. */
async function mockModelUsage(wb: Workbench): Promise<MockUsage> {
  const body = buildChatBody('openai', { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini' });
  const r = await postJson(
    wb,
    `${wb.connection.modelEndpoint}/chat/completions`,
    { authorization: `Bearer ${wb.connection.modelKey}` },
    body,
  );
  assert.equal(r.status, 200, r.text);
  return (JSON.parse(r.text) as { usage: MockUsage }).usage;
}

async function metric(frame: Frame, name: string): Promise<string> {
  return (await frame.locator(`[data-metric="${name}"] td`).innerText()).trim();
}

void describe('test console (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();
  let frame: Frame;

  void test('opens on "OpenAI chat" from the palette with the sample prefilled, and Send shows the mock model\'s usage', async (t) => {
    const wb = workbench();
    // As a user would: the view first (the palette lists the extension's commands once the workbench has loaded it).
    await wb.openView('AI Gateway');
    await wb.waitForRow('Contoso Production');
    await wb.runCommand('AI Gateway: Open Test Console…');
    await wb.pick('contoso-ai-gateway');
    await wb.pick('OpenAI chat');
    // Two subscriptions cover the API (its product's and the built-in all-access one): the user chooses.
    await wb.pick('LLM developers (Unlimited)');
    frame = await wb.webviewFrame('Test: OpenAI chat');
    await frame.locator('#keyStatus', { hasText: 'LLM developers (Unlimited)' }).waitFor({ timeout: UI_TIMEOUT_MS });

    // The root tsconfig has no DOM types: code run in the page is passed as text.
    const field = (id: string): Promise<string> => frame.evaluate<string>(`document.getElementById(${JSON.stringify(id)}).value`);
    assert.equal(await field('systemMessage'), 'You are a helpful assistant');
    assert.equal(await field('userMessage'), 'How are you?');
    assert.equal(await field('maxTokens'), '50');
    assert.equal(await field('model'), 'gpt-4o-mini');
    for (const label of ['Model', 'System message', 'User message', 'Max tokens', 'Temperature', 'Stream']) {
      assert.ok((await frame.locator('#formFields').innerText()).includes(label), `label "${label}"`);
    }
    // Each visible label is its control's accessible name (a toolkit element is not named by a <label for>).
    for (const [label, id] of [
      ['Request', 'mode'],
      ['Model', 'model'],
      ['System message', 'systemMessage'],
      ['User message', 'userMessage'],
      ['Max tokens', 'maxTokens'],
      ['Temperature', 'temperature'],
      ['Stream', 'stream'],
      ['Method', 'rawMethod'],
      ['Path', 'rawPath'],
      ['Body (JSON)', 'rawBody'],
    ] as const) {
      assert.equal(await (await labelled(frame, label, 'attached')).getAttribute('id'), id, `"${label}" names #${id}`);
    }
    assert.ok(!(await frame.locator('body').innerText()).match(/[0-9a-f]{32}/), 'no key is shown before "Reveal"');

    await frame.locator('#send').click();
    await frame.locator('[data-metric="totalTokens"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const expected = await mockModelUsage(wb);
    assert.equal(await metric(frame, 'promptTokens'), String(expected.prompt_tokens));
    assert.equal(await metric(frame, 'completionTokens'), String(expected.completion_tokens));
    assert.equal(await metric(frame, 'totalTokens'), String(expected.total_tokens));
    assert.equal(await metric(frame, 'status'), '200');
    assert.equal(await metric(frame, 'consumedTokens'), String(expected.total_tokens));
    assert.ok((await frame.locator('#answer').innerText()).startsWith('You asked: "How are you?"'));
    assert.ok((await frame.locator('#sessionTotals').innerText()).startsWith('1 request'));
    assert.equal(await frame.locator('#tokenChart g').count(), 1);
    // The answer is the first turn of the tab's conversation, and the message box is empty for the next one.
    assert.equal(await frame.locator('#transcript li').count(), 1);
    assert.equal(await field('userMessage'), '');
    t.diagnostic(`screenshot: ${await wb.screenshot('test-console-sent')}`);
    // The lower half: metrics, session totals with the chart, and the history.
    await frame.locator('#historySection').scrollIntoViewIfNeeded();
    t.diagnostic(`screenshot: ${await wb.screenshot('test-console-session')}`);
    // Back to the top, so that the later screenshots show the page as a user first sees it.
    await frame.locator('h1').scrollIntoViewIfNeeded();
  });

  void test('a streamed request shows its text before the request completes', async (t) => {
    const wb = workbench();
    // The sandbox sends every event, then holds the end of the response back: text on screen while the request is
    // still running proves the ordering without relying on how fast anything is.
    const fault = await postJson(
      wb,
      `${wb.connection.hooksUrl}/faults`,
      { authorization: `Bearer ${wb.connection.token}` },
      {
        path: '^/gateway/contoso-ai-gateway/llm/openai/chat/completions$',
        slowBodyMs: 15_000,
        times: 1,
      },
    );
    assert.ok(fault.status < 300, fault.text);
    // A new conversation, so that the request is the sample alone and its usage the mock's own.
    await frame.locator('#newConversation').click();
    await frame.locator('#transcript li').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await typeInto(frame, 'userMessage', 'How are you?');
    await frame.locator('#stream').click();
    assert.equal(await frame.evaluate<boolean>('document.getElementById("stream").checked'), true);

    // Timestamps of the answer's changes and of the response status, taken in the page (for the printed latency).
    await frame.evaluate(`(() => {
      const marks = (window.__marks = { status: [], text: [] });
      const watch = (id, onChange) => new MutationObserver(onChange).observe(document.getElementById(id), { childList: true, characterData: true, subtree: true });
      watch('answer', () => { if (document.getElementById('answer').textContent) marks.text.push(performance.now()); });
      watch('status', () => { if (/^200 · first byte/.test(document.getElementById('status').textContent)) marks.status.push(performance.now()); });
    })()`);
    await frame.locator('#send').click();
    await frame.locator('#answer').filter({ hasText: /\S/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    const runningWhileText = await frame.locator('#app').getAttribute('data-running');
    const metricsWhileText = await frame.locator('[data-metric]').count();
    assert.equal(runningWhileText, 'true', 'the request is still running while its text is shown');
    assert.equal(metricsWhileText, 0, 'no final figures yet while the text streams');

    await frame.locator('[data-metric="totalTokens"]').waitFor({ timeout: UI_TIMEOUT_MS + 15_000 });
    const expected = await mockModelUsage(wb);
    assert.equal(await metric(frame, 'totalTokens'), String(expected.total_tokens), 'the final streamed chunk carries the same usage');
    assert.match(await frame.locator('#status').innerText(), /streamed/);
    const marks = await frame.evaluate<{ status: number[]; text: number[] }>('window.__marks');
    const chunks = (await frame.locator('#answer').getAttribute('data-chunks')) ?? '0';
    if (marks.status[0] !== undefined && marks.text[0] !== undefined) {
      // Printed, not asserted: response headers on screen → first streamed text on screen, through the extension host.
      t.diagnostic(
        `streamed: ${chunks} text events; first byte shown → first text shown: ${(marks.text[0] - marks.status[0]).toFixed(1)} ms`,
      );
    }
    t.diagnostic(`screenshot: ${await wb.screenshot('test-console-streamed')}`);
  });

  void test('a 429 from the token limit is explained, with Retry-After counting down', async (t) => {
    const wb = workbench();
    const fault = await postJson(
      wb,
      `${wb.connection.hooksUrl}/faults`,
      { authorization: `Bearer ${wb.connection.token}` },
      {
        path: '^/gateway/contoso-ai-gateway/llm/openai/chat/completions$',
        status: 429,
        retryAfter: 30,
        body: { statusCode: 429, message: 'Token limit is exceeded. Try again in 30 seconds.' },
        times: 1,
      },
    );
    assert.ok(fault.status < 300, fault.text);
    await typeInto(frame, 'userMessage', 'How are you?');
    await frame.locator('#send').click();
    const errorBox = frame.locator('#errorBox');
    await errorBox.filter({ hasText: 'token limit was reached' }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await errorBox.innerText(), /^The token limit was reached\. Retry after 30 s, or raise tokens-per-minute/);
    assert.equal(await metric(frame, 'status'), '429');
    assert.equal(await frame.locator('#transcript li').count(), 1, 'a refused turn leaves the transcript as it was');
    assert.equal(await frame.evaluate<string>('document.getElementById("userMessage").value'), 'How are you?', 'and the message');
    // Counting down from 30 s (how far it got depends on the machine, not asserted).
    assert.match(await metric(frame, 'retryAfter'), /^(?:[1-9]|[12]\d|30) s$|^now/);
    assert.equal(await frame.locator('[data-metric="totalTokens"]').count(), 0, 'no usage for a refused request');
    t.diagnostic(`screenshot: ${await wb.screenshot('test-console-429')}`);
  });

  void test('"Test" on the API in the tree brings back the same console (one per API)', async () => {
    const wb = workbench();
    await wb.expand('Contoso Production');
    await wb.expand('contoso-ai-gateway');
    await wb.expand('LLM APIs');
    const row = await wb.waitForRow('OpenAI chat');
    await row.hover();
    await row.locator('.action-label[aria-label="Test"]').click();
    const tabs = wb.page.locator('.tabs-container .tab', { hasText: 'Test: OpenAI chat' });
    await tabs.first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await tabs.count(), 1, 'the open console is revealed, not duplicated');
    assert.equal(await tabs.first().getAttribute('aria-selected'), 'true');
    // Still the same page: the answer of the earlier requests is there.
    assert.ok((await frame.locator('#sessionTotals').innerText()).startsWith('3 requests'));
  });

  void test('after a window reload the console comes back for the same API, with the form as it was left', async (t) => {
    const wb = workbench();
    const typed = 'Still here after a reload?';
    await typeInto(frame, 'userMessage', typed);
    // "Reload Window" as a user runs it (the workbench saves the webviews' state before it goes), with the focus back
    // in the workbench: the last click was inside the webview, which F1 does not always reach through.
    await wb.page.locator('.part.titlebar').click({ position: { x: 120, y: 10 } });
    const reloaded = wb.page.waitForEvent('load', { timeout: 2 * UI_TIMEOUT_MS });
    // The page goes away under runCommand's check that the palette closed; `reloaded` is what must happen.
    await wb.runCommand('Developer: Reload Window').catch((e: unknown) => t.diagnostic(`runCommand: ${String(e)}`));
    await reloaded;
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'Test: OpenAI chat' });
    await tab.first().waitFor({ timeout: UI_TIMEOUT_MS });
    frame = await wb.webviewFrame('Test: OpenAI chat');
    // The API was read again from the sandbox (its endpoint is on the page) and the key found again, not from state.
    await frame.locator('h1', { hasText: 'OpenAI chat' }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match(await frame.locator('.hint').first().innerText(), /^contoso-ai-gateway · https:\/\/.+\/llm\/openai/);
    assert.equal(await frame.evaluate<string>('document.getElementById("userMessage").value'), typed);
    // The tab's conversation came back with it: the streamed turn (the 429 added none).
    assert.equal(await frame.locator('#transcript li').count(), 1);
    const keyStatus = frame.locator('#keyStatus');
    await keyStatus.filter({ hasText: /Subscription key:|Finding a subscription key/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    // Without a remembered choice the two subscriptions that cover the API are offered again.
    if ((await keyStatus.innerText()).startsWith('Finding')) await wb.pick('LLM developers (Unlimited)');
    await keyStatus.filter({ hasText: 'LLM developers (Unlimited)' }).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await tab.count(), 1, 'one console, restored once');
    await frame.locator('#send').click();
    await frame.locator('[data-metric="status"]').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await metric(frame, 'status'), '200');
    t.diagnostic(`screenshot: ${await wb.screenshot('test-console-restored')}`);
  });
});
