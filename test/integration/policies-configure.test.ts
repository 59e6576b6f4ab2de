// "Configure AI Policies…" through its real controller and the real SDK clients against the sandbox: the seeded LLM
// API's page starts from its policy and diagnostics; a new tokens-per-minute is one changed line and nothing else of
// the policy moves; token metrics on an API without a logger create the logger, custom metrics and the diagnostic; a
// policy changed after Review is refused with nothing written; a fault rolls back to the state before; bad input is one
// sentence and writes nothing; no change writes nothing.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import { DIAGNOSTICS_API_VERSION } from '../../src/apim/steps/apiDiagnosticStep';
import { armGetOrUndefined } from '../../src/azure/armRequest';
import type { AzureClients } from '../../src/azure/clients';
import type { LmApiPolicies } from '../../src/domain/import/lmApiForm';
import { readPolicySettings } from '../../src/domain/policies/readPolicySettings';
import { DEMO } from '../../src/sandbox/seed';
import { PoliciesController } from '../../src/policies/policiesController';
import type { PoliciesEvent } from '../../src/protocol/policies';
import { addChatApi } from './helpers/chatApi';
import { apiPolicyXml, gatewayService, sandboxClients, stateOf } from './helpers/lmImport';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SERVICE } = DEMO_NAMES.aiGateway;

function last<T extends PoliciesEvent['type']>(events: readonly PoliciesEvent[], type: T): Extract<PoliciesEvent, { type: T }> | undefined {
  return events.filter((e): e is Extract<PoliciesEvent, { type: T }> => e.type === type).at(-1);
}

void describe('Configure AI Policies', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let clients: AzureClients;

  const page = (apiId: string, displayName = apiId) => {
    const events: PoliciesEvent[] = [];
    const controller = new PoliciesController({
      clients,
      api: { service, apiId, displayName },
      post: (e) => events.push(e),
      log: () => undefined,
      subscriptionIds: () => Promise.resolve(sb.connection.subscriptionIds),
      pollIntervalMs: 10,
    });
    return { controller, events };
  };
  const opened = async (apiId: string) => {
    const p = page(apiId);
    await p.controller.handle({ type: 'ready' });
    const init = last(p.events, 'init');
    assert.ok(init, JSON.stringify(p.events));
    return { ...p, initial: init.init.initial };
  };
  const withTpm = (p: LmApiPolicies, tokensPerMinute: number): LmApiPolicies => ({
    ...p,
    tokenLimit: { ...p.tokenLimit!, tokensPerMinute },
  });

  before(async () => {
    service = await gatewayService(sb);
    clients = sandboxClients(sb);
  });

  void it('starts from the seeded API: its token limit, its metrics with their logger, and its LLM logging', async () => {
    const { initial } = await opened(DEMO.llmApi.id);
    assert.equal(initial.tokenLimit?.tokensPerMinute, 5000);
    assert.equal(initial.tokenLimit?.counterKey, 'subscription');
    assert.deepEqual(initial.tokenMetrics?.dimensions, ['API ID', 'Subscription ID']);
    assert.deepEqual(initial.tokenMetrics?.destination, { kind: 'logger', loggerId: 'appi-ai-gateway' });
    assert.deepEqual(initial.llmLogging, { promptBytes: 32768, completionBytes: 32768 });
  });

  void it('nothing changed: Review says so, Apply writes nothing', async () => {
    const before = await stateOf(sb);
    const { controller, events, initial } = await opened(DEMO.llmApi.id);
    await controller.handle({ type: 'review', requestId: 1, policies: initial });
    assert.equal(last(events, 'reviewReady')?.review.noChanges, true, JSON.stringify(events.at(-1)));
    await controller.handle({ type: 'apply', requestId: 2, policies: initial });
    assert.equal(last(events, 'finished')?.outcome.status, 'noChanges');
    assert.deepEqual(await stateOf(sb), before);
  });

  void it('a new tokens per minute: the diff is that one line, and the policy in Azure changes only there', async () => {
    const xmlBefore = (await apiPolicyXml(sb, DEMO.llmApi.id))!;
    const { controller, events, initial } = await opened(DEMO.llmApi.id);
    const wanted = withTpm(initial, 7500);
    await controller.handle({ type: 'review', requestId: 1, policies: wanted });
    const review = last(events, 'reviewReady')?.review;
    assert.ok(review, JSON.stringify(events.at(-1)));
    const changed = review.diff.filter((l) => l.kind !== 'same');
    assert.equal(changed.length, 2);
    assert.match(changed[0].text, /tokens-per-minute="5000"/);
    assert.match(changed[1].text, /tokens-per-minute="7500"/);
    assert.deepEqual(
      review.steps.filter((s) => s.action !== 'skip').map((s) => s.id),
      [`apiPolicyEdit:${DEMO.llmApi.id}`],
    );
    await controller.handle({ type: 'apply', requestId: 2, policies: wanted });
    assert.equal(last(events, 'finished')?.outcome.status, 'succeeded', JSON.stringify(last(events, 'finished')));
    const xmlAfter = (await apiPolicyXml(sb, DEMO.llmApi.id))!;
    assert.equal(xmlAfter, xmlBefore.replace('tokens-per-minute="5000"', 'tokens-per-minute="7500"'));
    assert.equal(readPolicySettings(xmlAfter).policies.tokenLimit?.tokensPerMinute, 7500);
  });

  void it('token metrics on an API without a logger: Review lists the logger, custom metrics and the diagnostic; Apply creates them', async () => {
    await addChatApi(
      sb,
      RG,
      SERVICE,
      'configure-metrics',
      '<llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="1000" estimate-prompt-tokens="false" />',
    );
    const facts = await opened('configure-metrics');
    const prod = (await sb.appInsights().components.list()).find((c) => c.name === 'appi-contoso-prod')!;
    const wanted: LmApiPolicies = {
      ...facts.initial,
      tokenMetrics: {
        namespace: 'configure-it',
        dimensions: ['API ID', 'Subscription ID'],
        destination: { kind: 'component', componentId: prod.id! },
        enableDimensions: true,
      },
    };
    await facts.controller.handle({ type: 'review', requestId: 1, policies: wanted });
    const review = last(facts.events, 'reviewReady')?.review;
    assert.ok(review, JSON.stringify(facts.events.at(-1)));
    assert.deepEqual(
      review.steps.map((s) => [s.id, s.action]),
      [
        ['appInsightsLogger:appi-contoso-prod', 'create'],
        ['customMetricsDimensions:appi-contoso-prod', 'update'],
        ['apiDiagnostic:configure-metrics/applicationinsights', 'create'],
        ['apiPolicyEdit:configure-metrics', 'update'],
      ],
    );
    assert.ok(review.diff.some((l) => l.kind === 'added' && /<llm-emit-token-metric namespace="configure-it">/.test(l.text)));
    await facts.controller.handle({ type: 'apply', requestId: 2, policies: wanted });
    assert.equal(last(facts.events, 'finished')?.outcome.status, 'succeeded', JSON.stringify(last(facts.events, 'finished')));
    const apim = sb.apim();
    assert.equal((await apim.logger.get(RG, SERVICE, 'appi-contoso-prod')).loggerType, 'applicationInsights');
    const read = readPolicySettings(await apiPolicyXml(sb, 'configure-metrics'));
    assert.equal(read.policies.tokenMetrics?.namespace, 'configure-it');
    assert.equal(read.policies.tokenLimit?.tokensPerMinute, 1000);
  });

  void it('a policy changed after Review is refused with one sentence and nothing is written', async () => {
    const { controller, events, initial } = await opened(DEMO.llmApi.id);
    const wanted = withTpm(initial, 9000);
    await controller.handle({ type: 'review', requestId: 1, policies: wanted });
    assert.ok(last(events, 'reviewReady'));
    // Someone else edits the policy in between (the portal, another window).
    const other = (await apiPolicyXml(sb, DEMO.llmApi.id))!.replace('<base />', '<base /><!-- edited elsewhere -->');
    await sb.apim().apiPolicy.createOrUpdate(RG, SERVICE, DEMO.llmApi.id, 'policy', { format: 'xml', value: other });
    const before = await stateOf(sb);
    await controller.handle({ type: 'apply', requestId: 2, policies: wanted });
    const outcome = last(events, 'finished')?.outcome;
    assert.equal(outcome?.status, 'conflict');
    assert.match(outcome?.message ?? '', /^The policy changed since you opened it; review again\. Nothing was written\.$/);
    assert.deepEqual(await stateOf(sb), before);
  });

  void it('a fault at the policy write rolls back the prerequisites written before it: the state is as before', async () => {
    await addChatApi(sb, RG, SERVICE, 'configure-fault', '');
    const before = await stateOf(sb);
    const { controller, events, initial } = await opened('configure-fault');
    const wanted: LmApiPolicies = {
      ...initial,
      tokenMetrics: { namespace: 'fault-it', dimensions: ['API ID'], destination: { kind: 'logger', loggerId: 'appi-ai-gateway' } },
    };
    await controller.handle({ type: 'review', requestId: 1, policies: wanted });
    assert.ok(last(events, 'reviewReady'), JSON.stringify(events.at(-1)));
    await sb.hooks.addFault({
      method: 'PUT',
      path: '/apis/configure-fault/policies/policy',
      times: 1,
      status: 400,
      body: { error: { code: 'InjectedFault', message: 'Injected.' } },
    });
    try {
      await controller.handle({ type: 'apply', requestId: 2, policies: wanted });
      const outcome = last(events, 'finished')?.outcome;
      assert.equal(outcome?.status, 'failed');
      assert.match(outcome?.message ?? '', /rolled back/);
      assert.deepEqual(await stateOf(sb), before);
    } finally {
      await sb.hooks.clearFaults();
    }
  });

  void it('bad input is one sentence per field and nothing is written', async () => {
    const before = await stateOf(sb);
    const { controller, events, initial } = await opened(DEMO.llmApi.id);
    const cases: [LmApiPolicies, string, RegExp][] = [
      [withTpm(initial, 0), 'policies.tokensPerMinute', /^Tokens per minute must be a whole number from 1 to 100,000,000\.$/],
      [withTpm(initial, 1.5), 'policies.tokensPerMinute', /^Tokens per minute must be a whole number/],
      [
        {
          ...initial,
          tokenMetrics: {
            ...initial.tokenMetrics!,
            dimensions: ['API ID', 'Operation ID', 'Product ID', 'Subscription ID', 'User ID', 'Location'],
          },
        },
        'policies.dimensions',
        /^Choose at most 5 dimensions\.$/,
      ],
    ];
    for (const [policies, field, sentence] of cases) {
      await controller.handle({ type: 'review', requestId: 1, policies });
      const invalid = last(events, 'invalid');
      assert.ok(invalid, JSON.stringify(events.at(-1)));
      assert.match((invalid.errors as Record<string, string>)[field] ?? '', sentence);
      await controller.handle({ type: 'apply', requestId: 2, policies });
    }
    // A value that is not a number never passes the parser.
    await controller.handle({
      type: 'review',
      requestId: 3,
      policies: { ...initial, tokenLimit: { ...initial.tokenLimit!, tokensPerMinute: 'lots' } },
    });
    assert.match(last(events, 'error')?.message ?? '', /"tokensPerMinute"/);
    assert.deepEqual(await stateOf(sb), before);
  });

  void it('LLM logging turned off: the azuremonitor diagnostic stops logging messages, and the policy is not touched', async () => {
    const xmlBefore = await apiPolicyXml(sb, DEMO.llmApi.id);
    const { controller, events, initial } = await opened(DEMO.llmApi.id);
    const { llmLogging: _off, ...wanted } = initial;
    await controller.handle({ type: 'review', requestId: 1, policies: wanted });
    const review = last(events, 'reviewReady')?.review;
    assert.deepEqual(
      review?.steps.filter((s) => s.action !== 'skip').map((s) => [s.id, s.action]),
      [[`apiDiagnostic:${DEMO.llmApi.id}/azuremonitor`, 'update']],
      JSON.stringify(events.at(-1)),
    );
    await controller.handle({ type: 'apply', requestId: 2, policies: wanted });
    assert.equal(last(events, 'finished')?.outcome.status, 'succeeded');
    const diagnostic = await armGetOrUndefined<{ properties: { largeLanguageModel?: { logs?: string } } }>(
      clients,
      `${service.id}/apis/${DEMO.llmApi.id}/diagnostics/azuremonitor`,
      DIAGNOSTICS_API_VERSION,
    );
    assert.equal(diagnostic?.body?.properties.largeLanguageModel?.logs, 'disabled');
    assert.equal(await apiPolicyXml(sb, DEMO.llmApi.id), xmlBefore);
    const again = await opened(DEMO.llmApi.id);
    assert.equal(again.initial.llmLogging, undefined);
  });
});
