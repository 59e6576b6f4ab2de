/**
 * Token metrics with their prerequisites in a real VS Code: "Import Azure OpenAI API…" on contoso-apim-prod, an instance
 * without an Application Insights logger → the Policies page's "Emit token metrics" sent to the Application Insights
 * resource appi-contoso-prod → Review lists the logger, custom metrics with dimensions and the API's diagnostic →
 * Create → "Test in console" → Send → the sandbox's emitted metrics (its test hook) hold the console's tokens, for that
 * component, with the page's default dimensions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { EmittedTokenMetric } from '../../src/sandbox/context';
import { httpsCall } from '../integration/helpers/sandbox';
import { choose, clickButton, labelled, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './harness';

const DISPLAY_NAME = 'Metered GPT';

async function emittedMetrics(wb: Workbench): Promise<EmittedTokenMetric[]> {
  const res = await httpsCall(`${wb.connection.hooksUrl}/metrics`, readFileSync(wb.connection.caCertFile, 'utf8'), {
    headers: { Authorization: `Bearer ${wb.connection.token}` },
  });
  assert.equal(res.status, 200, `metrics hook: ${res.status}`);
  return res.json<{ value: EmittedTokenMetric[] }>().value;
}

void describe('AI policies with their prerequisites (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('token metrics on an instance without a logger: Review lists the logger and the diagnostic, a console request emits the metric', async (t) => {
    const wb = workbench();
    await wb.openView('AI Gateway');
    await wb.waitForRow('Contoso Production');
    await wb.runCommand('AI Gateway: Import Azure OpenAI API…');
    await wb.pick('contoso-apim-prod');
    const frame = await wb.webviewFrame('Import API: contoso-apim-prod');
    await frame.locator('ul.deployments li', { hasText: 'gpt-4o' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await choose(frame, 'Azure OpenAI resource', 'contoso-openai');
    await (await labelled(frame, 'Display name')).locator('input').fill(DISPLAY_NAME);
    await (await labelled(frame, 'Base path')).locator('input').fill('metered');
    await clickButton(frame, 'Next');

    await (await labelled(frame, 'Emit token metrics')).click();
    // The instance has no logger: the page offers the Application Insights resources of the selected subscriptions.
    await choose(frame, 'Send metrics to', 'New logger for Application Insights appi-contoso-prod');
    await (await labelled(frame, 'Turn on custom metrics with dimensions')).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await clickButton(frame, 'Next');

    const review = frame.locator('section[aria-label="Review"]');
    await review.locator('table').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const reviewText = (await review.innerText()).replace(/\s+/g, ' ');
    for (const expected of [
      'Application Insights logger "appi-contoso-prod"',
      'Custom metrics of appi-contoso-prod are collected without dimensions',
      'Diagnostic "applicationinsights" of the API with metrics on, to logger "appi-contoso-prod"',
      '<azure-openai-emit-token-metric namespace="ai-gateway">',
    ]) {
      assert.ok(reviewText.includes(expected), `Review shows "${expected}"`);
    }
    await wb.screenshot('ai-policies-review');
    await clickButton(frame, 'Create');
    await frame.locator('h2', { hasText: 'Done' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    await clickButton(frame, 'Test in console');
    const consoleFrame = await wb.webviewFrame(`Test: ${DISPLAY_NAME}`);
    const send = consoleFrame.locator('#send');
    await send.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await send.click();
    await consoleFrame.locator('[data-metric="status"]').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal((await consoleFrame.locator('[data-metric="status"] td').innerText()).trim(), '200');
    const shownTotal = Number((await consoleFrame.locator('[data-metric="totalTokens"] td').innerText()).replace(/\D/g, ''));
    await wb.screenshot('ai-policies-console');

    const metrics = (await emittedMetrics(wb)).filter((m) => m.serviceName === 'contoso-apim-prod');
    assert.equal(metrics.length, 1, JSON.stringify(metrics));
    const [m] = metrics;
    assert.match(m.componentId, /\/components\/appi-contoso-prod$/i);
    assert.equal(m.namespace, 'ai-gateway');
    assert.equal(m.totalTokens, shownTotal, 'the metric counts the tokens the console showed');
    assert.deepEqual(Object.keys(m.dimensions).sort(), ['API ID', 'Subscription ID']);
    t.diagnostic(`metric: ${m.totalTokens} tokens to ${m.componentId.split('/').pop() ?? ''}`);
  });
});
