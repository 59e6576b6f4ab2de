// Re-runs are idempotent and complete a partial import; existing APIs are never overwritten without the user's choice.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { apimStepHandlers } from '../../src/apim/apimStepHandlers';
import { executePlan, inspectPlan } from '../../src/apim/importExecutor';
import type { ServiceRef } from '../../src/apim/refs';
import { buildLmApiPlan } from '../../src/domain/import/lmApiPlan';
import type { WizardEvent } from '../../src/protocol/importWizard';
import { apiPolicyXml, formFor, gatewayService, sandboxClients, stableState, stateOf, stepContext } from './helpers/lmImport';
import { lastEvent, recordingWizard } from './helpers/recordingWizard';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

void describe('Language Model API import: re-runs and conflicts', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  const { resourceGroup, service: serviceName } = DEMO_NAMES.aiGateway;
  before(async () => {
    service = await gatewayService(sb);
  });
  beforeEach(async () => {
    await sb.hooks.reset();
  });

  void it('running the same import twice writes nothing the second time', async () => {
    const plan = buildLmApiPlan(
      formFor('openai', sb, {
        displayName: 'Twice',
        path: 'twice',
        policies: { tokenMetrics: { namespace: 'n', dimensions: ['API ID'] } },
      }),
      {
        hasKey: true,
        onExisting: 'conflict',
      },
    );
    const ctx = stepContext(sb, service, 'sk-twice');
    assert.equal((await executePlan(plan, apimStepHandlers, ctx)).status, 'succeeded');
    const afterFirst = await sb.hooks.state();
    const second = await executePlan(plan, apimStepHandlers, ctx);
    assert.equal(second.status, 'succeeded');
    assert.deepEqual(second.journal, []);
    // Not even an ETag changed: nothing was written.
    assert.deepEqual(await sb.hooks.state(), afterFirst);
  });

  void it('a different key for the same import is a conflict, not a silent overwrite', async () => {
    const plan = buildLmApiPlan(formFor('openai', sb, { displayName: 'Rotated', path: 'rotated' }), {
      hasKey: true,
      onExisting: 'conflict',
    });
    assert.equal((await executePlan(plan, apimStepHandlers, stepContext(sb, service, 'sk-one'))).status, 'succeeded');
    const before = await sb.hooks.state();
    const again = await executePlan(plan, apimStepHandlers, stepContext(sb, service, 'sk-two'));
    assert.equal(again.status, 'conflict');
    assert.deepEqual(again.status === 'conflict' && again.conflicts.map((c) => c.stepId), ['namedValue:rotated-key']);
    assert.deepEqual(await sb.hooks.state(), before);
  });

  void it('a re-run after a failure completes the import', async () => {
    const form = formFor('mistral', sb, { displayName: 'Partial', path: 'partial', products: ['starter', 'unlimited'] });
    const plan = buildLmApiPlan(form, { hasKey: true, onExisting: 'conflict' });
    const ctx = stepContext(sb, service, 'sk-partial');
    await sb.hooks.addFault({
      method: 'PUT',
      path: '/apis/partial/policies/policy$',
      times: 1,
      status: 400,
      body: { error: { code: 'InjectedFault', message: 'x' } },
    });
    const first = await executePlan(plan, apimStepHandlers, ctx);
    assert.equal(first.status, 'failed');
    const second = await executePlan(plan, apimStepHandlers, ctx);
    assert.equal(second.status, 'succeeded');
    assert.deepEqual(
      second.journal.map((e) => e.stepId),
      ['apiPolicy:partial'],
    );
    // The result is the same as an import that never failed (apart from ETags).
    const completed = stableState(await sb.hooks.state());
    await sb.hooks.reset();
    assert.equal((await executePlan(plan, apimStepHandlers, ctx)).status, 'succeeded');
    assert.deepEqual(stableState(await sb.hooks.state()), completed);
  });

  void it('a path used by another API blocks the import before any write', async () => {
    const plan = buildLmApiPlan(formFor('gemini', sb, { displayName: 'Path thief', path: 'llm/openai' }), {
      hasKey: true,
      onExisting: 'update',
    });
    const ctx = stepContext(sb, service, 'sk');
    const inspections = await inspectPlan(plan, apimStepHandlers, ctx);
    const api = inspections.get('api:path-thief');
    assert.equal(api?.state, 'blocked');
    assert.match(api?.state === 'blocked' ? api.summary : '', /"OpenAI chat" already uses the path "llm\/openai"/);
    const before = await sb.hooks.state();
    const result = await executePlan(plan, apimStepHandlers, ctx);
    assert.equal(result.status, 'conflict');
    assert.deepEqual(await sb.hooks.state(), before);
  });

  void it('an existing API of the same id: conflict first, then update with its policy merged, and rollback restores it', async () => {
    const { controller, events: posted } = recordingWizard(sandboxClients(sb), service);
    const last = <T extends WizardEvent['type']>(type: T) => lastEvent(posted, type);
    await controller.handle({ type: 'ready' });
    // "OpenAI chat" is the seeded LLM API: same ids for the API, backend and named value.
    const form = formFor('openai', sb, {
      displayName: 'OpenAI chat',
      path: 'llm/openai-v2',
      url: sb.connection.modelEndpoint,
      products: [],
      policies: { tokenLimit: { tokensPerMinute: 2000, counterKey: 'ip', remainingTokensHeader: true, consumedTokensHeader: false } },
    });
    const key = sb.connection.modelKey;

    await controller.handle({ type: 'review', requestId: 1, input: { mode: 'languageModel', form, onExisting: 'conflict' }, key });
    const review = last('reviewReady');
    assert.ok(review, JSON.stringify(posted.at(-1)));
    assert.equal(review.review.hasConflicts, true);
    assert.equal(review.review.hasBlockingConflicts, false);
    assert.deepEqual(
      review.review.steps.map((s) => [s.id, s.action]),
      [
        ['namedValue:openai-chat-key', 'skip'],
        ['backend:openai-chat-backend', 'skip'],
        ['api:openai-chat', 'conflict'],
        ['operation:openai-chat/chat-completions', 'conflict'],
        ['apiPolicy:openai-chat', 'conflict'],
      ],
    );

    const before = await stateOf(sb);
    await controller.handle({ type: 'create', requestId: 2, input: { mode: 'languageModel', form, onExisting: 'conflict' }, key });
    assert.equal(last('finished')?.outcome.status, 'conflict');
    assert.deepEqual(await stateOf(sb), before, 'a conflict writes nothing');

    await controller.handle({ type: 'review', requestId: 3, input: { mode: 'languageModel', form, onExisting: 'update' }, key });
    assert.deepEqual(
      last('reviewReady')?.review.steps.map((s) => s.action),
      ['skip', 'skip', 'update', 'update', 'update'],
    );
    await controller.handle({ type: 'create', requestId: 4, input: { mode: 'languageModel', form, onExisting: 'update' }, key });
    assert.deepEqual(last('finished')?.outcome, { status: 'succeeded', endpoint: `${service.gatewayUrl}/llm/openai-v2` });
    const api = await sb.apim().api.get(resourceGroup, serviceName, 'openai-chat');
    assert.equal(api.path, 'llm/openai-v2');
    const merged = new DOMParser().parseFromString((await apiPolicyXml(sb, 'openai-chat'))!, 'text/xml');
    // Our token limit replaced the seeded one; the seeded metrics stay.
    assert.equal(merged.getElementsByTagName('llm-token-limit').length, 1);
    assert.equal(merged.getElementsByTagName('llm-token-limit')[0]?.getAttribute('tokens-per-minute'), '2000');
    assert.equal(merged.getElementsByTagName('llm-emit-token-metric').length, 1);
    assert.equal(merged.getElementsByTagName('set-backend-service').length, 1);

    await controller.handle({ type: 'rollback', requestId: 5 });
    assert.equal(last('rolledBack')?.complete, true, JSON.stringify(last('rolledBack')));
    assert.deepEqual(await stateOf(sb), before, 'rollback restores what the update changed');
  });

  void it('rollback of a full import through the wizard leaves the instance as before', async () => {
    const before = await stateOf(sb);
    const { controller, events: posted } = recordingWizard(sandboxClients(sb), service);
    const form = formFor('groq', sb, { displayName: 'Groq fast', path: 'groq' });
    await controller.handle({
      type: 'review',
      requestId: 1,
      input: { mode: 'languageModel', form, onExisting: 'conflict' },
      key: 'gsk_123',
    });
    await controller.handle({
      type: 'create',
      requestId: 2,
      input: { mode: 'languageModel', form, onExisting: 'conflict' },
      key: 'gsk_123',
    });
    const finished = posted.find((e) => e.type === 'finished');
    assert.deepEqual(finished?.type === 'finished' && finished.outcome.status, 'succeeded');
    const progress = posted.filter((e) => e.type === 'progress' && e.requestId === 2);
    assert.ok(progress.length >= 12, 'running and created per step');
    await controller.handle({ type: 'rollback', requestId: 3 });
    assert.deepEqual(await stateOf(sb), before);
    assert.ok(!JSON.stringify(posted).includes('gsk_123'), 'the key never goes back to the webview');
  });
  void it('rolling back a failed import never touches an earlier import completed in the same wizard', async () => {
    const { controller, events: posted } = recordingWizard(sandboxClients(sb), service);
    const run = async (displayName: string, requestId: number): Promise<string | undefined> => {
      const form = formFor('xai', sb, { displayName, path: displayName.toLowerCase().replace(/ /g, '-') });
      await controller.handle({
        type: 'create',
        requestId,
        input: { mode: 'languageModel', form, onExisting: 'conflict' },
        key: 'xai-key',
      });
      const finished = posted.find((e) => e.type === 'finished' && e.requestId === requestId);
      return finished?.type === 'finished' ? finished.outcome.status : undefined;
    };
    assert.equal(await run('First one', 1), 'succeeded');
    const afterFirst = await stateOf(sb);
    await sb.hooks.addFault({
      method: 'PUT',
      path: '/apis/second-one/policies/policy$',
      times: 1,
      status: 400,
      body: { error: { code: 'InjectedFault', message: 'x' } },
    });
    assert.equal(await run('Second one', 2), 'failed');
    await controller.handle({ type: 'rollback', requestId: 3 });
    assert.deepEqual(await stateOf(sb), afterFirst, 'only the second, failed import was undone');
  });
});
