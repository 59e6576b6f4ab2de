/**
 * The explorer tree in a real VS Code: the packaged .vsix installed into code-server, environment `sandbox` pointed at
 * a local sandbox with the default seed; the user opens the "AI Gateway" view and drills down to the seeded LLM API.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { childrenOf, useWorkbench, type TreeRow } from './harness';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};
const extensionId = `${manifest.publisher}.${manifest.name}`;

void describe('explorer tree (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();

  void test('shows subscriptions, the instance and its APIs, with the seeded LLM API under "LLM APIs"', async (t) => {
    const wb = workbench();
    await wb.openView('AI Gateway');

    await wb.waitForRow('Contoso Production');
    const firstSubscriptionRowAt = new Date();
    await wb.waitForRow('Contoso Dev/Test');
    await wb.expand('Contoso Production');
    await wb.waitForRow('contoso-ai-gateway');
    const firstInstanceRowAt = new Date();

    const instanceChildren = await wb.expand('contoso-ai-gateway');
    await wb.waitForRow('LLM APIs');
    await wb.waitForRow('Other APIs');
    const llmApis = await wb.expand('LLM APIs');
    await wb.waitForRow('OpenAI chat');
    const otherApis = await wb.expand('Other APIs');

    const rows = await wb.treeRows();
    const subscription = find(rows, 'Contoso Production');
    const instance = find(rows, 'contoso-ai-gateway');
    const llmGroup = find(rows, 'LLM APIs');
    const otherGroup = find(rows, 'Other APIs');
    const llmApi = find(rows, 'OpenAI chat');
    assert.equal(subscription.level, 1);
    assert.equal(instance.level, 2, 'the instance is a child of its subscription');
    assert.equal(llmGroup.level, 3, '"LLM APIs" is a child of the instance');
    assert.equal(otherGroup.level, 3, '"Other APIs" is a child of the instance');
    assert.deepEqual(
      childrenOf(rows, 'contoso-ai-gateway')
        .map((r) => r.label)
        .filter((l) => /APIs$/.test(l)),
      ['LLM APIs', 'Other APIs'],
      `the instance shows its API groups; children: ${instanceChildren.map((r) => r.label).join(', ')}`,
    );
    assert.ok(
      llmApis.some((r) => r.label === 'OpenAI chat'),
      'the seeded LLM API is under "LLM APIs"',
    );
    assert.equal(llmApi.level, 4);
    assert.ok(!otherApis.some((r) => /^No /.test(r.label)), 'the seeded ordinary APIs are listed under "Other APIs"');
    assert.ok(!otherApis.some((r) => r.label === 'OpenAI chat'), 'the LLM API is not listed among the other APIs');
    // Marked: an ordinary API shows its path ("/conference"), an LLM API the provider it was recognised as.
    assert.ok(
      otherApis.every((r) => r.description.startsWith('/')),
      'ordinary APIs show their path',
    );
    assert.ok(
      llmApi.description !== '' && !llmApi.description.startsWith('/'),
      `the LLM API shows its provider, not "${llmApi.description}"`,
    );

    const shot = await wb.screenshot('tree-expanded');
    t.diagnostic(`screenshot: ${shot}`);
    const activatedAt = wb.extensionActivatedAt(extensionId);
    if (activatedAt) {
      // Measured, not asserted: includes the harness clicking the subscription open as soon as it appears.
      const since = (at: Date): string => `${at.getTime() - activatedAt.getTime()} ms`;
      t.diagnostic(`activation → first subscription row: ${since(firstSubscriptionRowAt)}`);
      t.diagnostic(`activation → first instance row: ${since(firstInstanceRowAt)}`);
    }
  });
});

function find(rows: readonly TreeRow[], label: string): TreeRow {
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `row "${label}" is shown; rows: ${rows.map((r) => r.label).join(', ')}`);
  return row;
}
