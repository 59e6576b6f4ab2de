// A fault injected at each write of the import: the run stops there, and rollback leaves the sandbox exactly as before.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { apimStepHandlers } from '../../src/apim/apimStepHandlers';
import { executePlan, rollbackJournal, type StepProgress } from '../../src/apim/importExecutor';
import type { ServiceRef } from '../../src/apim/refs';
import type { ApimStep } from '../../src/domain/import/apimSteps';
import type { ImportPlan } from '../../src/domain/import/importPlan';
import { buildLmApiPlan } from '../../src/domain/import/lmApiPlan';
import { failWriteOf, formFor, gatewayService, stateOf, stepContext } from './helpers/lmImport';
import { sandboxPerSuite } from './helpers/sandbox';

void describe('Language Model API import: fault at each step, then rollback', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let plan: ImportPlan<ApimStep>;
  const key = 'sk-fault-test';
  before(async () => {
    service = await gatewayService(sb);
    const form = formFor('gemini', sb, {
      displayName: 'Fault test',
      path: 'fault-test',
      products: ['starter', 'unlimited'],
      policies: {
        tokenLimit: { tokensPerMinute: 1000, counterKey: 'subscription', remainingTokensHeader: true, consumedTokensHeader: true },
        tokenMetrics: { namespace: 'llm', dimensions: ['API ID'] },
      },
    });
    plan = buildLmApiPlan(form, { hasKey: true, onExisting: 'conflict' });
  });
  beforeEach(() => sb.hooks.clearFaults());

  void it('the plan covers every kind of write', () => {
    assert.deepEqual([...new Set(plan.steps.map((s) => s.kind))].sort(), [
      'api',
      'apiPolicy',
      'backend',
      'namedValue',
      'operation',
      'productApi',
    ]);
  });

  for (const index of [0, 1, 2, 3, 4, 5, 6]) {
    void it(`fault at step ${index + 1}`, async () => {
      const step = plan.steps[index];
      const before = await stateOf(sb);
      await failWriteOf(sb, step);
      const events: StepProgress[] = [];
      const ctx = stepContext(sb, service, key);
      const result = await executePlan(plan, apimStepHandlers, ctx, { onProgress: (e) => events.push(e) });
      assert.equal(result.status, 'failed', `step ${step.id}`);
      assert.equal(result.status === 'failed' && result.stepId, step.id);
      assert.ok(events.some((e) => e.stepId === step.id && e.status === 'failed'));
      // Nothing that depends on the failed step was attempted.
      for (const s of plan.steps.filter((x) => x.dependsOn.includes(step.id))) {
        assert.ok(!events.some((e) => e.stepId === s.id && e.status === 'running'), `${s.id} must not start`);
      }
      assert.ok(!result.journal.some((e) => e.stepId === step.id), 'the failed write is not in the journal');

      const rollback = await rollbackJournal(result.journal, apimStepHandlers, ctx);
      assert.deepEqual(rollback.failed, []);
      assert.deepEqual(await stateOf(sb), before, 'rollback restores the state exactly');
    });
  }

  void it('cancellation stops launching writes and rollback removes what was written', async () => {
    const before = await stateOf(sb);
    // Slow down the first writes so that the cancel lands while they are in flight.
    await sb.hooks.addFault({ method: 'PUT', path: '/namedValues/fault-test-key$', times: 1, delayMs: 300 });
    const abort = new AbortController();
    const ctx = stepContext(sb, service, key, abort.signal);
    const events: StepProgress[] = [];
    const running = executePlan(plan, apimStepHandlers, ctx, {
      onProgress: (e) => {
        events.push(e);
        if (e.status === 'created' && e.stepId === 'api:fault-test') abort.abort();
      },
    });
    const result = await running;
    assert.equal(result.status, 'cancelled');
    assert.ok(!events.some((e) => e.stepId === 'apiPolicy:fault-test' && e.status === 'running'), 'the policy never started');
    const rollback = await rollbackJournal(result.journal, apimStepHandlers, stepContext(sb, service, key));
    assert.deepEqual(rollback.failed, []);
    assert.deepEqual(await stateOf(sb), before);
  });
});
