// Log Analytics workspaces and diagnostic settings (@azure/arm-monitor) against the sandbox, and the LLM logs they
// enable: rows of ApiManagementGatewayLlmLog only when the API's azuremonitor diagnostic logs LLM messages and a
// diagnostic setting sends GatewayLlmLogs to a workspace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addChatApi, chat } from './helpers/chatApi';
import { DEMO_NAMES, collect, demoServiceId, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
const LLM = { logs: 'enabled', requests: { messages: 'all', maxSizeInBytes: 64 }, responses: { messages: 'all', maxSizeInBytes: 100_000 } };

void describe('sandbox: diagnostic settings, workspaces and LLM logs', () => {
  const sb = sandboxPerSuite();
  const workspaceId = (): string =>
    `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/log-ai-gateway`;

  void it('lists the seeded setting and workspace, creates one, and refuses what Azure refuses', async () => {
    const monitor = sb.monitor();
    const service = demoServiceId(sb, 'aiGateway');
    const settings = await collect(monitor.diagnosticSettings.list(service));
    assert.deepEqual(
      settings.map((s) => s.name),
      ['ai-gateway-logs'],
    );
    assert.equal(settings[0].workspaceId, workspaceId());
    const ws = await sb.arm(`${workspaceId()}?api-version=2023-09-01`);
    assert.equal(ws.status, 200);
    assert.match(ws.json<{ properties: { customerId: string } }>().properties.customerId, /^[0-9a-f-]{36}$/);

    const created = await monitor.diagnosticSettings.createOrUpdate(demoServiceId(sb, 'apimProd'), 'llm', {
      workspaceId: workspaceId(),
      logAnalyticsDestinationType: 'Dedicated',
      logs: [{ category: 'GatewayLlmLogs', enabled: true }],
    });
    assert.equal(created.logs?.[0].category, 'GatewayLlmLogs');
    assert.equal((await monitor.diagnosticSettings.get(demoServiceId(sb, 'apimProd'), 'llm')).logAnalyticsDestinationType, 'Dedicated');
    for (const bad of [
      { logs: [{ category: 'GatewayLlmLogs', enabled: true }] },
      { workspaceId: `${workspaceId()}-missing`, logs: [{ category: 'GatewayLlmLogs', enabled: true }] },
      { workspaceId: workspaceId(), logs: [{ category: 'NoSuchCategory', enabled: true }] },
    ]) {
      await assert.rejects(
        monitor.diagnosticSettings.createOrUpdate(service, 'bad', bad),
        (e: { statusCode?: number }) => e.statusCode === 400,
        JSON.stringify(bad),
      );
    }
    await monitor.diagnosticSettings.delete(demoServiceId(sb, 'apimProd'), 'llm');
    await assert.rejects(
      monitor.diagnosticSettings.get(demoServiceId(sb, 'apimProd'), 'llm'),
      (e: { statusCode?: number }) => e.statusCode === 404,
    );
  });

  void it('logs the seeded LLM API: tokens, model, and prompt and completion in 32 KB parts', async () => {
    await sb.hooks.clearLlmLogs();
    const key = (await sb.apim().subscription.listSecrets(RG, SVC, 'llm-unlimited')).primaryKey!;
    const r = await sb.http(`${sb.connection.armEndpoint}/gateway/${SVC}/llm/openai/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': key },
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Log this prompt' }] },
    });
    assert.equal(r.status, 200, r.text);
    const usage = r.json<{ usage: { prompt_tokens: number; total_tokens: number } }>().usage;
    const [row, ...more] = await sb.hooks.llmLogs();
    assert.equal(more.length, 0);
    assert.equal(row.workspaceId, workspaceId());
    assert.equal(row.table, 'ApiManagementGatewayLlmLog');
    assert.equal(row.ApiId, 'openai-chat');
    assert.equal(row.PromptTokens, usage.prompt_tokens);
    assert.equal(row.TotalTokens, usage.total_tokens);
    assert.deepEqual(JSON.parse(row.RequestMessages!), [{ role: 'user', content: 'Log this prompt' }]);
    assert.equal((JSON.parse(row.ResponseMessages!) as Array<{ role: string }>)[0].role, 'assistant');
  });

  void describe('an API logs LLM messages only with both prerequisites', () => {
    const API = 'llm-logs-rule';
    const send = async (stream = false): Promise<void> => {
      const r = await chat(sb, RG, SVC, API, 'A prompt longer than sixty-four bytes once it is written out as JSON', { stream });
      assert.equal(r.status, 200, r.text);
    };
    const diagnosticUrl = (): string =>
      `${demoServiceId(sb, 'aiGateway')}/apis/${API}/diagnostics/azuremonitor?api-version=2024-10-01-preview`;

    void it('nothing before; rows after; nothing once the diagnostic setting stops sending GatewayLlmLogs', async () => {
      await addChatApi(sb, RG, SVC, API, '');
      await sb.hooks.clearLlmLogs();
      await send();
      assert.deepEqual(await sb.hooks.llmLogs(), [], 'no azuremonitor diagnostic: nothing');

      const put = await sb.arm(diagnosticUrl(), {
        method: 'PUT',
        body: { properties: { loggerId: '/loggers/azuremonitor', largeLanguageModel: LLM } },
      });
      assert.equal(put.status, 201, put.text);
      await send();
      const rows = await sb.hooks.llmLogs();
      assert.equal(rows.length, 1);
      assert.equal(Buffer.byteLength(rows[0].RequestMessages!), 64, 'the prompt is cut to maxSizeInBytes');
      await send(true);
      const streamed = (await sb.hooks.llmLogs())[1];
      assert.equal(streamed.IsStreamCompletion, true);
      assert.ok(
        (JSON.parse(streamed.ResponseMessages!) as Array<{ content: string }>)[0].content.length > 0,
        'the streamed completion is logged',
      );

      const service = demoServiceId(sb, 'aiGateway');
      await sb.monitor().diagnosticSettings.createOrUpdate(service, 'ai-gateway-logs', {
        workspaceId: workspaceId(),
        logs: [{ category: 'GatewayLogs', enabled: true }],
      });
      await sb.hooks.clearLlmLogs();
      await send();
      assert.deepEqual(await sb.hooks.llmLogs(), [], 'GatewayLlmLogs not sent anywhere: nothing');
      await sb.monitor().diagnosticSettings.createOrUpdate(service, 'ai-gateway-logs', {
        workspaceId: workspaceId(),
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
      });
      await send();
      const [row] = await sb.hooks.llmLogs();
      assert.equal(row.table, 'AzureDiagnostics', 'without Dedicated the rows land in AzureDiagnostics');
    });
  });
});
