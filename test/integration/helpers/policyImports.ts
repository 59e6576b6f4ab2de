/**
 * Imports with AI policies and their prerequisites, in either wizard mode, the way a user runs them: the wizard's real
 * controller gets the webview's messages (prerequisites, Review, Create, Rollback) and the test reads what it posts.
 * Shared by the semantic cache and content safety tests, which check each prerequisite missing, present, faulted and
 * refused in both modes.
 */
import assert from 'node:assert/strict';
import type { ServiceRef } from '../../../src/apim/refs';
import type { AzureClients } from '../../../src/azure/clients';
import type { LmApiPolicies } from '../../../src/domain/import/lmApiForm';
import { aoaiResourceNames } from '../../../src/domain/import/azureOpenAi/names';
import { lmApiResourceNames } from '../../../src/domain/import/resourceNames';
import type { PrerequisiteFacts } from '../../../src/domain/policies/prerequisiteFacts';
import type { FaultSpec } from '../../../src/sandbox/faults';
import type { CreateOutcome, Review, WizardEvent } from '../../../src/protocol/importWizard';
import { accountId, aoaiForm, comparable, masterKey } from './aoaiFixtures';
import { formFor, sandboxClients } from './lmImport';
import { lastEvent, recordingWizard, type RecordingWizard } from './recordingWizard';
import type { HttpResult, SandboxHarness } from './sandbox';

export const IMPORT_MODES = ['languageModel', 'azureOpenAi'] as const;
export type PolicyImportMode = (typeof IMPORT_MODES)[number];

/** One import: its mode, a display name (the API id comes from it) and a path (an Azure OpenAI one gets /openai). */
export interface ImportTarget {
  readonly mode: PolicyImportMode;
  readonly name: string;
  readonly path: string;
}

export interface PolicyImports {
  readonly wizard: () => RecordingWizard;
  /** What the Policies page is offered. */
  facts(): Promise<PrerequisiteFacts>;
  message(target: ImportTarget, policies: LmApiPolicies): { input: object; key: string };
  review(target: ImportTarget, policies: LmApiPolicies): Promise<Review>;
  /** Create (no Review first, as the webview may send it), with the events it posted. */
  create(target: ImportTarget, policies: LmApiPolicies): Promise<{ outcome: CreateOutcome | undefined; events: WizardEvent[] }>;
  /** Review's action per step id. */
  actions(review: Review): Record<string, string>;
  /** What a refused Create said (field errors or the one error sentence), asserting that nothing was written. */
  refused(target: ImportTarget, policies: LmApiPolicies): Promise<readonly string[]>;
  /** A fault at `fault`, Create fails at `stepId`, Rollback is complete and the state is as before. */
  faultThenRollback(
    fault: Partial<FaultSpec> & { path: string },
    stepId: string,
    target: ImportTarget,
    policies: LmApiPolicies,
  ): Promise<void>;
  /** A chat request through the gateway to the API `target` created. */
  chat(target: ImportTarget, content: string): Promise<HttpResult>;
  apiIdOf(target: ImportTarget): string;
}

export function policyImports(sb: SandboxHarness, service: () => ServiceRef): PolicyImports {
  const clients = (): AzureClients => sandboxClients(sb);
  const wizard = (): RecordingWizard =>
    recordingWizard(clients(), service(), { subscriptionIds: () => Promise.resolve(sb.connection.subscriptionIds) });
  const message = (t: ImportTarget, policies: LmApiPolicies): { input: object; key: string } =>
    t.mode === 'languageModel'
      ? {
          input: {
            mode: t.mode,
            form: formFor('gemini', sb, { displayName: t.name, path: t.path, url: sb.connection.geminiEndpoint, products: [], policies }),
            onExisting: 'conflict',
          },
          key: sb.connection.modelKey,
        }
      : {
          input: {
            mode: t.mode,
            form: aoaiForm(accountId(sb, 'openai'), { displayName: t.name, basePath: t.path, policies }),
            onExisting: 'conflict',
          },
          key: '',
        };
  const send = async (w: RecordingWizard, request: object): Promise<WizardEvent[]> => {
    w.events.length = 0;
    await w.controller.handle(request);
    return w.events;
  };
  const said = (events: readonly WizardEvent[]): string[] =>
    events.flatMap((e) =>
      e.type === 'error' ? [e.message] : e.type === 'invalid' ? Object.values(e.errors).filter((m) => m !== undefined) : [],
    );
  const state = async (): Promise<Record<string, unknown>> => comparable(await sb.hooks.state());

  const imports: PolicyImports = {
    wizard,
    async facts() {
      const events = await send(wizard(), { type: 'prerequisites', requestId: 1, refresh: true });
      const facts = lastEvent(events, 'prerequisites')?.facts;
      assert.ok(facts, JSON.stringify(events));
      return facts;
    },
    message,
    async review(t, policies) {
      const events = await send(wizard(), { type: 'review', requestId: 2, ...message(t, policies) });
      const review = lastEvent(events, 'reviewReady')?.review;
      assert.ok(review, `no review: ${said(events).join(' | ') || JSON.stringify(events)}`);
      return review;
    },
    async create(t, policies) {
      const events = await send(wizard(), { type: 'create', requestId: 3, ...message(t, policies) });
      return { outcome: lastEvent(events, 'finished')?.outcome, events };
    },
    actions: (review) => Object.fromEntries(review.steps.map((s) => [s.id, s.action])),
    async refused(t, policies) {
      const before = await state();
      const { outcome, events } = await imports.create(t, policies);
      assert.equal(outcome, undefined, `refused, not run: ${JSON.stringify(outcome)}`);
      assert.deepEqual(await state(), before, 'nothing written');
      return said(events);
    },
    async faultThenRollback(fault, stepId, t, policies) {
      const before = await state();
      const w = wizard();
      await sb.hooks.addFault({
        times: 1,
        status: 400,
        body: { error: { code: 'InjectedFault', message: 'Injected by the test.' } },
        ...fault,
      });
      try {
        const events = await send(w, { type: 'create', requestId: 4, ...message(t, policies) });
        const outcome = lastEvent(events, 'finished')?.outcome;
        assert.equal(outcome?.status, 'failed', JSON.stringify(events));
        const failed = events.find((e) => e.type === 'progress' && e.status === 'failed');
        assert.equal(failed?.type === 'progress' ? failed.stepId : undefined, stepId);
        const rolled = lastEvent(await send(w, { type: 'rollback', requestId: 5 }), 'rolledBack');
        assert.equal(rolled?.complete, true, JSON.stringify(rolled));
        assert.deepEqual(await state(), before);
      } finally {
        await sb.hooks.clearFaults();
      }
    },
    async chat(t, content) {
      const key = await masterKey(sb, service());
      const gateway = service().gatewayUrl ?? '';
      const url =
        t.mode === 'languageModel'
          ? `${gateway}/${t.path}/chat/completions`
          : `${gateway}/${t.path}/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21`;
      return sb.http(url, {
        method: 'POST',
        headers: { 'api-key': key },
        body: { model: 'gemini-2.5-flash', messages: [{ role: 'user', content }], max_tokens: 20 },
      });
    },
    apiIdOf: (t) => (t.mode === 'languageModel' ? lmApiResourceNames(t.name).apiId : aoaiResourceNames(t.name).apiId),
  };
  return imports;
}
