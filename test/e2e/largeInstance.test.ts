/**
 * A large instance in a real VS Code: the sandbox's AI gateway with 2,000 extra APIs and one more LLM API added last,
 * so that it comes on the last page of the list. Expanding the instance is the only click: "LLM APIs" (expanded by
 * default) lists the late LLM API by itself once the list's pages are in, with no "Load more", and "Other APIs" (not
 * opened) counts the other 2,002.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ApiManagementClient } from '@azure/arm-apimanagement';
import { tokenCredential } from '../integration/helpers/sandbox';
import { childrenOf, UI_TIMEOUT_MS, useWorkbench, type TreeRow, type Workbench } from './harness';

const EXTRA_APIS = 2000;
const LATE = { id: 'zz-late-gemini', displayName: 'Zz late Gemini chat' };

/** The LLM API, written through ARM after the seed: the last of the instance's 2,004 APIs. */
async function addLateLlmApi(wb: Workbench): Promise<void> {
  const { armEndpoint, token, subscriptionIds, caCertFile, geminiEndpoint } = wb.connection;
  const client = new ApiManagementClient(tokenCredential(token), subscriptionIds[0], {
    endpoint: armEndpoint,
    tlsOptions: { ca: readFileSync(caCertFile, 'utf8') },
  });
  await client.api.beginCreateOrUpdateAndWait('rg-ai-gateway', 'contoso-ai-gateway', LATE.id, {
    displayName: LATE.displayName,
    path: 'llm/late-gemini',
    protocols: ['https'],
    serviceUrl: geminiEndpoint,
  });
}

/** The tree once "LLM APIs" no longer says "scanning …" (the whole list is in), polled for a bounded time. */
async function scanned(wb: Workbench): Promise<TreeRow[]> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const rows = await wb.treeRows();
    const group = rows.find((r) => r.label === 'LLM APIs');
    if (group && !/scanning/.test(group.description) && rows.some((r) => r.label === 'Other APIs' && r.description !== '')) return rows;
    if (Date.now() > deadline) throw new Error(`The scan did not end: "LLM APIs" says "${group?.description ?? ''}"`);
    await wb.page.waitForTimeout(200);
  }
}

void describe('large instance (real VS Code, local sandbox with 2,000 APIs)', () => {
  const workbench = useWorkbench({ apis: EXTRA_APIS });

  void test('"LLM APIs" shows an LLM API of the last page with no other click than expanding the instance', async (t) => {
    const wb = workbench();
    await addLateLlmApi(wb);
    await wb.openView('AI Gateway');
    await wb.expand('Contoso Production');
    await wb.expand('contoso-ai-gateway');
    await wb.waitForRow('LLM APIs');
    // Expanded by default: no click on the group, no "Load more".
    await wb.waitForRow(LATE.displayName);
    const rows = await scanned(wb);
    const llm = childrenOf(rows, 'LLM APIs');
    assert.deepEqual(
      llm.map((r) => r.label),
      ['OpenAI chat', LATE.displayName],
      `the LLM APIs of the first and the last page, nothing else: ${llm.map((r) => r.label).join(', ')}`,
    );
    assert.equal(llm[1].description, 'Google Gemini');
    const group = rows.find((r) => r.label === 'LLM APIs')!;
    assert.equal(group.expanded, true);
    t.diagnostic(`"LLM APIs" description: ${group.description}`);
    // Every other API is counted, none is built as a row until "Other APIs" is opened.
    const other = rows.find((r) => r.label === 'Other APIs')!;
    assert.equal(other.description, (EXTRA_APIS + 2).toLocaleString('en-US'));
    assert.equal(other.expanded, false);
    const shot = await wb.screenshot('large-instance');
    t.diagnostic(`screenshot: ${shot}`);
  });
});
