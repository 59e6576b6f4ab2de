// The executor's scheduling and bookkeeping with in-memory step handlers (the Azure side is covered by
// test/integration/import-lm-*.test.ts against the sandbox).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AzureClients } from '../../src/azure/clients';
import {
  executePlan,
  rollbackJournal,
  type Inspection,
  type StepContext,
  type StepHandler,
  type StepHandlers,
  type StepProgress,
} from '../../src/apim/importExecutor';
import type { ImportPlan, PlanStep } from '../../src/domain/import/importPlan';

type Step = PlanStep<'thing', { readonly fail?: boolean }>;

const step = (id: string, dependsOn: string[] = [], onExisting: Step['onExisting'] = 'conflict', fail = false): Step => ({
  id,
  kind: 'thing',
  resourceType: 'Thing',
  resourceName: id,
  title: id,
  dependsOn,
  onExisting,
  payload: { fail },
});

/** A world of named things; each write resolves when the test releases it, so the test controls the interleaving. */
function world(existing: Record<string, 'same' | 'different'> = {}) {
  const things = new Map<string, string>(Object.entries(existing).map(([k, v]) => [k, v]));
  const started: string[] = [];
  const waiting = new Map<string, () => void>();
  const handler: StepHandler<Step> = {
    inspect: (s) =>
      Promise.resolve<Inspection>(
        things.has(s.id)
          ? things.get(s.id) === 'same'
            ? { state: 'same' }
            : { state: 'different', etag: '1', summary: `${s.id} exists.` }
          : { state: 'absent' },
      ),
    apply: (s, inspection) =>
      new Promise((resolve, reject) => {
        started.push(s.id);
        waiting.set(s.id, () => {
          if (s.payload.fail) reject(new Error(`${s.id} failed`));
          else {
            const previous = things.get(s.id);
            things.set(s.id, 'ours');
            resolve({ id: s.id, previous: inspection.state === 'different' ? previous : undefined });
          }
        });
      }),
    undo: (entry) => {
      const { id, previous } = entry.undo as { id: string; previous?: string };
      if (previous) things.set(id, previous);
      else things.delete(id);
      return Promise.resolve();
    },
  };
  const handlers: StepHandlers<Step> = { thing: handler };
  /** Resolves once the write of `id` is in flight (a few turns of the event loop at most). */
  const inFlight = async (id: string): Promise<void> => {
    for (let i = 0; i < 100 && !waiting.has(id); i++) await new Promise((r) => setImmediate(r));
  };
  const release = async (id: string): Promise<void> => {
    await inFlight(id);
    const go = waiting.get(id);
    assert.ok(go, `${id} started`);
    waiting.delete(id);
    go();
  };
  return { things, started, handlers, release, inFlight };
}

const clients = {} as AzureClients;
const ctx = (signal?: AbortSignal): StepContext => ({
  clients,
  service: { id: 'x', subscriptionId: 's', resourceGroup: 'rg', name: 'svc' },
  secrets: new Map(),
  ...(signal ? { abortSignal: signal } : {}),
});
const plan = (...steps: Step[]): ImportPlan<Step> => ({ title: 't', steps });

void describe('import executor', () => {
  void it('starts independent steps together and each dependent step as soon as its own dependencies are done', async () => {
    const w = world();
    const p = plan(step('nv'), step('api'), step('backend', ['nv']), step('op', ['api']), step('policy', ['api', 'backend']));
    const running = executePlan(p, w.handlers, ctx());
    await w.release('api');
    // `op` needs only the API: it starts while the named value is still being written.
    await w.release('op');
    assert.deepEqual(w.started, ['nv', 'api', 'op']);
    await w.release('nv');
    await w.release('backend');
    await w.release('policy');
    const result = await running;
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(
      result.journal.map((e) => e.stepId),
      ['api', 'op', 'nv', 'backend', 'policy'],
    );
  });

  void it('stops before any write when an existing resource would change without consent', async () => {
    const w = world({ api: 'different', nv: 'same' });
    const result = await executePlan(plan(step('nv'), step('api'), step('op', ['api'])), w.handlers, ctx());
    assert.equal(result.status, 'conflict');
    assert.deepEqual(result.status === 'conflict' && result.conflicts, [{ stepId: 'api', summary: 'api exists.', blocking: false }]);
    assert.deepEqual(w.started, []);
  });

  void it('skips what exists as planned, keeps what may be reused, and updates only with consent', async () => {
    const w = world({ a: 'same', b: 'different', c: 'different' });
    const events: StepProgress[] = [];
    const running = executePlan(plan(step('a'), step('b', [], 'reuse'), step('c', [], 'update')), w.handlers, ctx(), {
      onProgress: (e) => events.push(e),
    });
    await w.release('c');
    const result = await running;
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(
      events.filter((e) => e.status !== 'running').map((e) => `${e.stepId}:${e.status}`),
      ['a:skipped', 'b:skipped', 'c:updated'],
    );
    assert.deepEqual(await rollbackJournal(result.journal, w.handlers, ctx()), { undone: result.journal, failed: [] });
    assert.equal(w.things.get('c'), 'different', 'rollback restores what was updated');
  });

  void it('after a failure, starts nothing new, lets writes in flight finish and journals them', async () => {
    const w = world();
    const running = executePlan(plan(step('a', [], 'conflict', true), step('b'), step('c', ['a']), step('d', ['b'])), w.handlers, ctx());
    await w.release('a');
    await w.release('b');
    const result = await running;
    assert.equal(result.status, 'failed');
    assert.equal(result.status === 'failed' && result.stepId, 'a');
    assert.deepEqual(w.started, ['a', 'b'], 'neither c (depends on a) nor d (started after the failure) ran');
    assert.deepEqual(
      result.journal.map((e) => e.stepId),
      ['b'],
    );
    await rollbackJournal(result.journal, w.handlers, ctx());
    assert.equal(w.things.size, 0);
  });

  void it('cancellation stops new steps; the journal has every write that happened', async () => {
    const w = world();
    const abort = new AbortController();
    const running = executePlan(plan(step('a'), step('b', ['a'])), w.handlers, ctx(abort.signal));
    await w.inFlight('a');
    abort.abort();
    await w.release('a');
    const result = await running;
    assert.equal(result.status, 'cancelled');
    assert.deepEqual(
      result.journal.map((e) => e.stepId),
      ['a'],
    );
    assert.deepEqual(w.started, ['a']);
  });

  void it('maxParallel bounds the writes in flight', async () => {
    const w = world();
    const running = executePlan(plan(step('a'), step('b'), step('c')), w.handlers, ctx(), { maxParallel: 1 });
    await w.inFlight('a');
    assert.deepEqual(w.started, ['a']);
    await w.release('a');
    await w.inFlight('b');
    assert.deepEqual(w.started, ['a', 'b'], 'b starts only once a is done');
    await w.release('b');
    await w.inFlight('c');
    assert.deepEqual(w.started, ['a', 'b', 'c']);
    await w.release('c');
    assert.equal((await running).status, 'succeeded');
  });

  void it('refuses a malformed plan before writing anything', async () => {
    const w = world();
    await assert.rejects(executePlan(plan(step('a', ['missing'])), w.handlers, ctx()), /unknown step "missing"/);
    assert.deepEqual(w.started, []);
  });
});
