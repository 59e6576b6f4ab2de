// Token metrics with their prerequisites, through the wizard's real controller and the real SDK clients against the
// sandbox: an Application Insights resource without a logger → Review lists the logger, custom metrics with
// dimensions and the API diagnostic → Create → a gateway call → the metric reaches that component with its
// dimensions; a second Review reuses all of it; a fault at each new step rolls back to the state before; the
// component's credential is in no message.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { AzureClients } from '../../src/azure/clients';
import type { LmApiPolicies } from '../../src/domain/import/lmApiForm';
import type { PrerequisiteFacts } from '../../src/domain/policies/prerequisiteFacts';
import type { WizardEvent } from '../../src/protocol/importWizard';
import { formFor, gatewayService, sandboxClients, stateOf } from './helpers/lmImport';
import { lastEvent, recordingWizard } from './helpers/recordingWizard';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const NAMESPACE = 'policies-it';

void describe('Token metrics with their prerequisites', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let clients: AzureClients;
  let facts: PrerequisiteFacts;
  let subscriptionKey: string;
  let componentId: string;

  const wizard = () => recordingWizard(clients, service, { subscriptionIds: () => Promise.resolve(sb.connection.subscriptionIds) });
  const input = (displayName: string, path: string, policies: LmApiPolicies) => ({
    mode: 'languageModel',
    form: formFor('gemini', sb, { displayName, path, url: sb.connection.geminiEndpoint, products: [], policies }),
    onExisting: 'conflict',
  });
  const metricsPolicies = (): LmApiPolicies => ({
    tokenMetrics: {
      namespace: NAMESPACE,
      dimensions: ['API ID', 'Subscription ID'],
      destination: { kind: 'component', componentId },
      enableDimensions: true,
    },
  });
  const send = async (events: WizardEvent[], w: ReturnType<typeof wizard>, message: object): Promise<void> => {
    events.length = 0;
    await w.controller.handle(message);
  };

  /** Review of the first import's input again, by a new wizard. */
  const reviewAgain = async (): Promise<{
    review: NonNullable<ReturnType<typeof lastEvent<'reviewReady'>>>['review'];
    events: WizardEvent[];
  }> => {
    const w = wizard();
    await send(w.events, w, {
      type: 'review',
      requestId: 4,
      input: input('Metrics import', 'metrics-it', metricsPolicies()),
      key: sb.connection.modelKey,
    });
    return { review: lastEvent(w.events, 'reviewReady')!.review, events: w.events };
  };

  before(async () => {
    service = await gatewayService(sb);
    clients = sandboxClients(sb);
    subscriptionKey = (await sb.apim().subscription.listSecrets(DEMO_NAMES.aiGateway.resourceGroup, service.name, 'master')).primaryKey!;
    const w = wizard();
    await w.controller.handle({ type: 'prerequisites', requestId: 1, refresh: false });
    facts = lastEvent(w.events, 'prerequisites')!.facts;
    componentId = facts.components.find((c) => c.name === 'appi-contoso-prod')!.id;
  });

  void it('the Policies page is offered the instance loggers and the components of every selected subscription', () => {
    assert.deepEqual(
      facts.failures.filter((f) => /loggers|Application Insights/.test(f)),
      [],
    );
    assert.ok(
      facts.loggers.some((l) => l.id === 'appi-ai-gateway'),
      JSON.stringify(facts.loggers),
    );
    const prod = facts.components.find((c) => c.name === 'appi-contoso-prod')!;
    assert.equal(prod.withDimensions, false);
    assert.equal(facts.components.find((c) => c.name === 'appi-ai-gateway')?.withDimensions, true);
  });

  void it('missing → Review lists the logger, dimensions and diagnostic → Create → the metric reaches the component', async () => {
    const w = wizard();
    const msg = input('Metrics import', 'metrics-it', metricsPolicies());
    await send(w.events, w, { type: 'review', requestId: 2, input: msg, key: sb.connection.modelKey });
    const review = lastEvent(w.events, 'reviewReady')?.review;
    assert.ok(review, JSON.stringify(w.events));
    const action = (id: string) => review.steps.find((s) => s.id === id)?.action;
    assert.equal(action('appInsightsLogger:appi-contoso-prod'), 'create');
    assert.equal(action('customMetricsDimensions:appi-contoso-prod'), 'update');
    assert.equal(action('apiDiagnostic:metrics-import/applicationinsights'), 'create');

    await send(w.events, w, { type: 'create', requestId: 3, input: msg, key: sb.connection.modelKey });
    assert.deepEqual(lastEvent(w.events, 'finished')?.outcome, { status: 'succeeded', endpoint: `${service.gatewayUrl}/metrics-it` });

    await sb.hooks.clearMetrics();
    const res = await sb.http(`${service.gatewayUrl}/metrics-it/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': subscriptionKey },
      body: { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Count to three' }], max_tokens: 20 },
    });
    assert.equal(res.status, 200, res.text);
    const metrics = (await sb.hooks.metrics()).filter((m) => m.namespace === NAMESPACE);
    assert.equal(metrics.length, 1, JSON.stringify(metrics));
    assert.equal(metrics[0].componentId.toLowerCase(), componentId.toLowerCase());
    assert.ok(metrics[0].totalTokens > 0);
    assert.deepEqual(Object.keys(metrics[0].dimensions).sort(), ['API ID', 'Subscription ID']);
  });

  void it('present → a second Review reuses the logger, the dimensions and the diagnostic', async () => {
    const { review } = await reviewAgain();
    for (const id of [
      'appInsightsLogger:appi-contoso-prod',
      'customMetricsDimensions:appi-contoso-prod',
      'apiDiagnostic:metrics-import/applicationinsights',
    ]) {
      assert.equal(review.steps.find((s) => s.id === id)?.action, 'skip', id);
    }
  });

  void it("the component's credential is in no message, and the logger holds only APIM's named-value reference", async () => {
    const { resourceGroup, name } = /resourceGroups\/(?<resourceGroup>[^/]+)\/.*components\/(?<name>[^/]+)$/.exec(componentId)!.groups!;
    const component = await sb.appInsights().components.get(resourceGroup, name);
    const { events } = await reviewAgain();
    const posted = JSON.stringify([facts, ...events]);
    assert.ok(component.instrumentationKey && !posted.includes(component.instrumentationKey));
    const logger = await sb.apim().logger.get(DEMO_NAMES.aiGateway.resourceGroup, service.name, 'appi-contoso-prod');
    assert.match(Object.values(logger.credentials ?? {}).join(), /^\{\{[^}]+\}\}$/);
  });

  void it('six dimensions are refused with one sentence and nothing is written', async () => {
    const before = await stateOf(sb);
    const w = wizard();
    const policies = metricsPolicies();
    const six = {
      ...policies.tokenMetrics!,
      dimensions: ['API ID', 'Operation ID', 'Product ID', 'Subscription ID', 'User ID', 'Location'] as const,
    };
    await send(w.events, w, {
      type: 'create',
      requestId: 6,
      input: input('Six dims', 'six-dims', { tokenMetrics: six }),
      key: sb.connection.modelKey,
    });
    assert.deepEqual(lastEvent(w.events, 'invalid')?.errors, { 'policies.dimensions': 'Choose at most 5 dimensions.' });
    assert.deepEqual(await stateOf(sb), before);
  });

  for (const [step, fault] of [
    ['logger', { method: 'PUT', path: '/loggers/' }],
    ['custom metrics with dimensions', { method: 'PUT', path: '/providers/Microsoft.Insights/components/' }],
    ['API diagnostic', { method: 'PUT', path: '/diagnostics/applicationinsights' }],
  ] as const) {
    void it(`a fault at the ${step} step, then Rollback, leaves the state as it was`, async () => {
      // A component without a logger for the logger and diagnostic faults (the ones above have theirs now).
      const target = await newComponent(sb, `appi-${step.replace(/\W+/g, '-')}`);
      const policies: LmApiPolicies =
        step === 'custom metrics with dimensions'
          ? { tokenMetrics: { ...metricsPolicies().tokenMetrics!, destination: { kind: 'component', componentId } } }
          : { tokenMetrics: { ...metricsPolicies().tokenMetrics!, destination: { kind: 'component', componentId: target } } };
      if (step === 'custom metrics with dimensions') await turnDimensionsOff(sb, componentId);
      const path = `fault-${step.replace(/\W+/g, '-')}`;
      const before = await stateOf(sb);
      const w = wizard();
      await sb.hooks.addFault({
        ...fault,
        times: 1,
        status: 400,
        body: { error: { code: 'InjectedFault', message: 'Injected by the test.' } },
      });
      try {
        await send(w.events, w, {
          type: 'create',
          requestId: 7,
          input: input(`Fault ${step}`, path, policies),
          key: sb.connection.modelKey,
        });
        const outcome = lastEvent(w.events, 'finished')?.outcome;
        assert.equal(outcome?.status, 'failed', JSON.stringify(w.events));
        await send(w.events, w, { type: 'rollback', requestId: 8 });
        assert.equal(lastEvent(w.events, 'rolledBack')?.complete, true, JSON.stringify(w.events));
        assert.deepEqual(await stateOf(sb), before);
      } finally {
        await sb.hooks.clearFaults();
      }
    });
  }
});

/** A new Application Insights component in the gateway's resource group, made as a user would (the SDK, over ARM). */
async function newComponent(sb: ReturnType<typeof sandboxPerSuite>, name: string): Promise<string> {
  const created = await sb.appInsights().components.createOrUpdate(DEMO_NAMES.aiGateway.resourceGroup, name, {
    location: 'westeurope',
    kind: 'web',
    applicationType: 'web',
  });
  return created.id!;
}

/** Puts a component back to custom metrics without dimensions (the portal's default), through ARM as a user would. */
async function turnDimensionsOff(sb: ReturnType<typeof sandboxPerSuite>, componentId: string): Promise<void> {
  const path = `${componentId}?api-version=2020-02-02`;
  const current = (await sb.arm(path)).json<{ location: string; kind: string; properties: Record<string, unknown> }>();
  const res = await sb.arm(path, {
    method: 'PUT',
    body: {
      location: current.location,
      kind: current.kind,
      properties: { ...current.properties, CustomMetricsOptedInType: 'NoDimensions' },
    },
  });
  assert.ok(res.status < 300, res.text);
}
