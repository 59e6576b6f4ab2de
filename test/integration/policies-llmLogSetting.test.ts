// LLM logging's instance prerequisite, through the wizard's real controller and the real SDK clients: contoso-apim-prod
// sends GatewayLlmLogs to no Log Analytics workspace, so the API's azuremonitor diagnostic alone logs nothing; with the
// workspace chosen, Review lists the diagnostic setting, Create writes it and a chat lands in the workspace's
// ApiManagementGatewayLlmLog table; a second Review reuses it; a fault at its step rolls back to the state before.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { LmApiPolicies } from '../../src/domain/import/lmApiForm';
import { serviceRef } from './helpers/aoaiFixtures';
import { policyImports, type ImportTarget } from './helpers/policyImports';
import { sandboxPerSuite } from './helpers/sandbox';

const SETTING_STEP = 'diagnosticSetting:ai-gateway-llm-logs';

void describe('LLM logging with its diagnostic setting', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let workspaceId: string;
  const imports = policyImports(sb, () => service);
  const logging = (withWorkspace: boolean): LmApiPolicies => ({
    llmLogging: { promptBytes: 2048, completionBytes: 2048, ...(withWorkspace ? { workspaceId } : {}) },
  });
  const rowsOf = async (apiId: string) => (await sb.hooks.llmLogs()).filter((r) => r.serviceId === service.id && r.ApiId === apiId);

  before(async () => {
    service = await serviceRef(sb, 'apimProd');
    const facts = await imports.facts();
    assert.deepEqual(facts.llmLogSettings, [], 'the instance sends GatewayLlmLogs nowhere');
    workspaceId = facts.workspaces.find((w) => w.name === 'log-ai-gateway')!.id;
  });

  void it('before: the API diagnostic alone logs no prompt', async () => {
    const target: ImportTarget = { mode: 'languageModel', name: 'Unlogged chat', path: 'unlogged' };
    const { outcome, events } = await imports.create(target, logging(false));
    assert.equal(outcome?.status, 'succeeded', JSON.stringify(events));
    assert.equal((await imports.chat(target, 'Is anyone listening?')).status, 200);
    assert.deepEqual(await rowsOf(imports.apiIdOf(target)), []);
  });

  void it('a fault at the diagnostic setting step, then Rollback, leaves the state as it was', async () => {
    await imports.faultThenRollback(
      { method: 'PUT', path: '/providers/Microsoft.Insights/diagnosticSettings/' },
      SETTING_STEP,
      { mode: 'languageModel', name: 'Setting fault', path: 'setting-fault' },
      logging(true),
    );
  });

  void it('missing → Review lists the diagnostic setting → Create → the prompt lands in the workspace; then reused', async () => {
    const target: ImportTarget = { mode: 'languageModel', name: 'Logged chat', path: 'logged' };
    assert.equal(imports.actions(await imports.review(target, logging(true)))[SETTING_STEP], 'create');
    const { outcome, events } = await imports.create(target, logging(true));
    assert.equal(outcome?.status, 'succeeded', JSON.stringify(events));
    assert.equal((await imports.chat(target, 'Log this prompt, please')).status, 200);
    const rows = await rowsOf(imports.apiIdOf(target));
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0].workspaceId.toLowerCase(), workspaceId.toLowerCase());
    assert.match(rows[0].RequestMessages ?? '', /Log this prompt, please/);
    assert.equal((await imports.facts()).llmLogSettings.length, 1);
    assert.equal(imports.actions(await imports.review(target, logging(true)))[SETTING_STEP], 'skip');
  });
});
