// A pool of Azure OpenAI accounts serves the deployment names a call carries on whichever member it picks: through the
// wizard's real controller, a member sharing no deployment with the first account is refused with one sentence and
// nothing is written; members sharing some (the seeded accounts share gpt-4o-mini) are imported, and Review's pool
// line says which deployments every member serves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import { TYPES } from '../../src/sandbox/arm/ids';
import { accountId, aoaiForm, serviceRef } from './helpers/aoaiFixtures';
import { reviewThroughWizard } from './helpers/aoaiWizardImport';
import { sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();
const member = (priority: number) => ({ priority, weight: 1, breaker: DEFAULT_BREAKER });

/** An AIServices account next to the seeded ones, serving only a speech model. */
function addSpeechOnlyAccount(): string {
  const id = accountId(sb, 'aiServices').replace(/[^/]+$/, 'contoso-speech');
  const store = sb.sandbox.context.store;
  store.put({
    id,
    name: 'contoso-speech',
    type: TYPES.account,
    kind: 'AIServices',
    location: 'westeurope',
    sku: { name: 'S0' },
    tags: {},
    properties: { disableLocalAuth: false, capabilities: [] },
    secrets: { key1: 'speech-key-1', key2: 'speech-key-2' },
  });
  store.put({
    id: `${id}/deployments/whisper`,
    name: 'whisper',
    type: TYPES.deployment,
    sku: { name: 'Standard', capacity: 3 },
    properties: { model: { format: 'OpenAI', name: 'whisper', version: '001' } },
  });
  return id;
}

void describe('Deployments of an Azure OpenAI pool', () => {
  void it("refuses a member that serves none of the first account's deployments, in one sentence, writing nothing", async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const speech = addSpeechOnlyAccount();
    const before = JSON.stringify((await sb.hooks.state()).resources.map((r) => r.id).sort());
    const form = aoaiForm(accountId(sb, 'openai'), {
      displayName: 'Mismatched pool',
      basePath: 'mismatched/openai',
      pool: { primary: member(1), extra: [{ ...member(2), accountId: speech }] },
    });
    await assert.rejects(reviewThroughWizard(sb, service, { form, onExisting: 'conflict' }), (e: Error) => {
      assert.match(
        e.message,
        /Backend 2 \(contoso-speech\) has only "whisper", none of which contoso-openai has \("gpt-4o", "gpt-4o-mini", "text-embedding-3-small"\): every call the pool sends there would fail\. Choose a resource with the same deployments, or deploy them in contoso-speech\. Nothing was written\./,
      );
      return true;
    });
    assert.equal(JSON.stringify((await sb.hooks.state()).resources.map((r) => r.id).sort()), before, 'nothing was written');
  });

  void it('imports members that share a deployment, and Review names the ones every member serves', async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const form = aoaiForm(accountId(sb, 'openai'), {
      displayName: 'Shared pool',
      basePath: 'shared/openai',
      pool: { primary: member(1), extra: [{ ...member(2), accountId: accountId(sb, 'aiServices') }] },
    });
    const review = await reviewThroughWizard(sb, service, { form, onExisting: 'conflict' });
    const pool = review.steps.find((s) => s.id.startsWith('backendPool:'));
    assert.ok(pool, review.steps.map((s) => s.id).join(', '));
    assert.match(
      pool.title,
      /; only "gpt-4o-mini" on every member: calls for "gpt-4o", "text-embedding-3-small", "text-embedding-3-large" fail when the pool sends them to a member without that deployment$/,
    );
  });
});
