// Application Insights components (@azure/arm-appinsights), APIM loggers and API diagnostics (@azure/arm-apimanagement)
// against the sandbox, and the gateway rule they exist for: token metrics are emitted only once the logger and the
// API's `applicationinsights` diagnostic with metrics are in place, with dimensions only when the component takes them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addChatApi, chat } from './helpers/chatApi';
import { DEMO_NAMES, collect, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
const METRIC_ELEMENT =
  '<llm-emit-token-metric namespace="insights-tests"><dimension name="API ID" /><dimension name="Team" value="blue" /></llm-emit-token-metric>';

void describe('sandbox: Application Insights, loggers, API diagnostics and token metrics', () => {
  const sb = sandboxPerSuite();

  void it('lists and reads the seeded components with their key, connection string and dimensions switch', async () => {
    const components = await sb.appInsights().components.list();
    const names = components.map((c) => c.name).sort();
    assert.deepEqual(names, ['appi-ai-gateway', 'appi-contoso-prod']);
    const c = await sb.appInsights().components.get(RG, 'appi-ai-gateway');
    assert.match(c.instrumentationKey ?? '', /^[0-9a-f-]{36}$/);
    assert.match(
      c.connectionString ?? '',
      new RegExp(`^InstrumentationKey=${c.instrumentationKey!};IngestionEndpoint=https://westeurope-0`),
    );
    const raw = await sb.arm(`${c.id!}?api-version=2020-02-02`);
    const props = raw.json<{ type: string; properties: Record<string, string> }>();
    assert.equal(props.type, 'microsoft.insights/components');
    // arm-appinsights 4 does not model the switch: a client reads it from the raw body.
    assert.equal(props.properties.CustomMetricsOptedInType, 'WithDimensions');
  });

  void it('creates a component, keeps its key on replace, and refuses one without Application_Type', async () => {
    const created = await sb
      .appInsights()
      .components.createOrUpdate(RG, 'appi-new', { location: 'westeurope', kind: 'web', applicationType: 'web' });
    const replaced = await sb.appInsights().components.createOrUpdate(RG, 'appi-new', {
      location: 'westeurope',
      kind: 'web',
      applicationType: 'other',
      tags: { team: 'blue' },
    });
    assert.equal(replaced.instrumentationKey, created.instrumentationKey);
    assert.equal(replaced.applicationType, 'other');
    const bad = await sb.arm(`${created.id!}x?api-version=2020-02-02`, {
      method: 'PUT',
      body: { location: 'westeurope', kind: 'web', properties: {} },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Application_Type/);
    await sb.appInsights().components.deleteMethod(RG, 'appi-new');
    await assert.rejects(sb.appInsights().components.get(RG, 'appi-new'), (e: { statusCode?: number }) => e.statusCode === 404);
  });

  void it('keeps an Application Insights logger credential as a secret named value and never shows it', async () => {
    const component = await sb.appInsights().components.get(DEMO_NAMES.apimProd.resourceGroup, 'appi-contoso-prod');
    const key = component.instrumentationKey!;
    const logger = await sb.apim().logger.createOrUpdate(RG, SVC, 'appi-prod', {
      loggerType: 'applicationInsights',
      resourceId: component.id,
      credentials: { instrumentationKey: key },
    });
    const ref = /^\{\{(Logger-Credentials--[0-9a-f]{24})\}\}$/.exec(logger.credentials?.instrumentationKey ?? '');
    assert.ok(ref, `the logger shows a reference, got ${JSON.stringify(logger.credentials)}`);
    const read = await sb.apim().logger.get(RG, SVC, 'appi-prod');
    assert.equal(read.credentials?.instrumentationKey, `{{${ref[1]}}}`);
    const listed = await collect(sb.apim().logger.listByService(RG, SVC));
    assert.ok(!JSON.stringify(listed).includes(key), 'no list shows the key');
    const nvName = ref[1].slice('Logger-Credentials--'.length);
    const nv = await sb.apim().namedValue.get(RG, SVC, nvName);
    assert.equal(nv.secret, true);
    assert.equal(nv.value, undefined);
    assert.equal((await sb.apim().namedValue.listValue(RG, SVC, nvName)).value, key);
    await sb.apim().logger.delete(RG, SVC, 'appi-prod', '*');
    await assert.rejects(sb.apim().namedValue.get(RG, SVC, nvName), (e: { statusCode?: number }) => e.statusCode === 404);
  });

  void it('refuses a logger without credentials, with a reference to a missing named value, or of an unknown type', async () => {
    const put = (properties: Record<string, unknown>) =>
      sb.arm(
        `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/loggers/bad?api-version=2024-05-01`,
        {
          method: 'PUT',
          body: { properties },
        },
      );
    for (const p of [
      { loggerType: 'applicationInsights' },
      { loggerType: 'applicationInsights', credentials: { instrumentationKey: '{{no-such-value}}' } },
      { loggerType: 'splunk', credentials: { instrumentationKey: 'x' } },
    ]) {
      const r = await put(p);
      assert.equal(r.status, 400, JSON.stringify(p));
      assert.equal(r.json<{ error: { code: string } }>().error.code, 'ValidationError');
    }
  });

  void it('API diagnostics: logger type must match, ETags guard updates, largeLanguageModel only from 2024-10-01-preview', async () => {
    const apim = sb.apim();
    await assert.rejects(
      apim.apiDiagnostic.createOrUpdate(RG, SVC, 'echo-api', 'applicationinsights', { loggerId: '/loggers/azuremonitor' }),
      (e: { statusCode?: number }) => e.statusCode === 400,
    );
    await assert.rejects(
      apim.apiDiagnostic.createOrUpdate(RG, SVC, 'echo-api', 'custom', { loggerId: '/loggers/azuremonitor' }),
      (e: { statusCode?: number }) => e.statusCode === 400,
    );
    const created = await apim.apiDiagnostic.createOrUpdate(RG, SVC, 'echo-api', 'applicationinsights', {
      loggerId: '/loggers/appi-ai-gateway',
      metrics: true,
    });
    assert.equal(created.metrics, true);
    const etag = (await apim.apiDiagnostic.getEntityTag(RG, SVC, 'echo-api', 'applicationinsights')).eTag!;
    await assert.rejects(
      apim.apiDiagnostic.update(RG, SVC, 'echo-api', 'applicationinsights', '"stale"', {
        loggerId: '/loggers/appi-ai-gateway',
        metrics: false,
      }),
      (e: { statusCode?: number }) => e.statusCode === 412,
    );
    const updated = await apim.apiDiagnostic.update(RG, SVC, 'echo-api', 'applicationinsights', etag, {
      loggerId: '/loggers/appi-ai-gateway',
      metrics: false,
    });
    assert.equal(updated.metrics, false);

    const url = (v: string) => `${created.id!.replace(/applicationinsights$/, 'azuremonitor')}?api-version=${v}`;
    const llm = {
      logs: 'enabled',
      requests: { messages: 'all', maxSizeInBytes: 32768 },
      responses: { messages: 'all', maxSizeInBytes: 32768 },
    };
    const old = await sb.arm(url('2024-05-01'), {
      method: 'PUT',
      body: { properties: { loggerId: '/loggers/azuremonitor', largeLanguageModel: llm } },
    });
    assert.equal(old.status, 201, old.text);
    assert.equal(
      old.json<{ properties: Record<string, unknown> }>().properties.largeLanguageModel,
      undefined,
      '2024-05-01 does not know the field',
    );
    const newer = await sb.arm(url('2024-10-01-preview'), {
      method: 'PUT',
      headers: { 'If-Match': '*' },
      body: { properties: { loggerId: '/loggers/azuremonitor', largeLanguageModel: llm } },
    });
    assert.equal(newer.status, 200, newer.text);
    assert.deepEqual(newer.json<{ properties: Record<string, unknown> }>().properties.largeLanguageModel, llm);
    assert.equal((await apim.apiDiagnostic.get(RG, SVC, 'echo-api', 'azuremonitor')).loggerId, '/loggers/azuremonitor');
    const tooBig = await sb.arm(url('2025-03-01-preview'), {
      method: 'PUT',
      headers: { 'If-Match': '*' },
      body: {
        properties: {
          loggerId: '/loggers/azuremonitor',
          largeLanguageModel: { ...llm, requests: { messages: 'all', maxSizeInBytes: 10_000_000 } },
        },
      },
    });
    assert.equal(tooBig.status, 400);
  });

  void describe('llm-emit-token-metric needs the logger and the diagnostic', () => {
    const API = 'metrics-rule';
    const send = async (): Promise<number> => {
      const r = await chat(sb, RG, SVC, API, 'Count my tokens');
      assert.equal(r.status, 200, r.text);
      return r.json<{ usage: { total_tokens: number } }>().usage.total_tokens;
    };
    /** A new Application Insights logger holding `key`, and the API's diagnostic pointed at it. */
    const pointDiagnosticAt = async (loggerId: string, key: string): Promise<void> => {
      await sb
        .apim()
        .logger.createOrUpdate(RG, SVC, loggerId, { loggerType: 'applicationInsights', credentials: { instrumentationKey: key } });
      const diagnostic = { loggerId: `/loggers/${loggerId}`, metrics: true };
      await sb.apim().apiDiagnostic.createOrUpdate(RG, SVC, API, 'applicationinsights', diagnostic, { ifMatch: '*' });
    };
    const emitted = async () => (await sb.hooks.metrics()).filter((m) => m.namespace === 'insights-tests');

    void it('emits nothing before, and records under the component with its dimensions after', async () => {
      const apim = sb.apim();
      await addChatApi(sb, RG, SVC, API, METRIC_ELEMENT);
      await sb.hooks.clearMetrics();

      await send();
      assert.deepEqual(await emitted(), [], 'no diagnostic: nothing');
      await apim.apiDiagnostic.createOrUpdate(RG, SVC, API, 'applicationinsights', {
        loggerId: '/loggers/appi-ai-gateway',
        metrics: false,
      });
      await send();
      assert.deepEqual(await emitted(), [], 'metrics off: nothing');

      const etag = (await apim.apiDiagnostic.getEntityTag(RG, SVC, API, 'applicationinsights')).eTag!;
      await apim.apiDiagnostic.update(RG, SVC, API, 'applicationinsights', etag, { loggerId: '/loggers/appi-ai-gateway', metrics: true });
      const total = await send();
      const [metric, ...more] = await emitted();
      assert.equal(more.length, 0);
      const component = await sb.appInsights().components.get(RG, 'appi-ai-gateway');
      assert.equal(metric.componentId.toLowerCase(), component.id!.toLowerCase());
      assert.equal(metric.totalTokens, total);
      assert.deepEqual(metric.dimensions, { 'API ID': API, Team: 'blue' });
      assert.ok(!Number.isNaN(Date.parse(metric.time)));
    });

    void it('drops the dimensions when the component takes custom metrics without them', async () => {
      const prod = await sb.appInsights().components.get(DEMO_NAMES.apimProd.resourceGroup, 'appi-contoso-prod');
      await pointDiagnosticAt('appi-no-dims', prod.instrumentationKey!);
      await sb.hooks.clearMetrics();
      await send();
      const [metric] = await emitted();
      assert.equal(metric.componentId.toLowerCase(), prod.id!.toLowerCase());
      assert.deepEqual(metric.dimensions, {});
    });

    void it('emits nothing when the logger holds a key no component has', async () => {
      await pointDiagnosticAt('appi-orphan', '00000000-0000-4000-8000-000000000000');
      await sb.hooks.clearMetrics();
      await send();
      assert.deepEqual(await emitted(), []);
    });
  });
});
