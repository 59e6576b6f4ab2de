/**
 * The host logic of "Configure AI Policies…", free of 'vscode': reads the API's policy and diagnostics for the page,
 * parses and validates every message, plans (prerequisites + the edited policy), inspects Azure for Review (the diff and
 * every write), and applies what was reviewed with the import's executor — If-Match on the ETag read at Review, and a
 * failure rolled back at once, so that Azure is left as it was. Nothing is written when nothing changed.
 */
import type { AzureClients } from '../azure/clients';
import { ConflictError, errorDetails, explainError } from '../apim/errors';
import {
  executePlan,
  inspectPlan,
  rollbackJournal,
  type Inspection,
  type StepContext,
  type StepHandlers,
  type StepProgress,
} from '../apim/importExecutor';
import { listBackends } from '../apim/backends';
import { policyStepHandlers } from '../apim/policyStepHandlers';
import { loadPrerequisiteFacts, resolvePrerequisites } from '../apim/prerequisites';
import { POLICY_CHANGED, apiPolicyEditHandler } from '../apim/steps/apiPolicyEditStep';
import type { LmApiPolicies } from '../domain/import/lmApiForm';
import { buildConfigurePlan, effectivePolicies, type ConfigurePlan, type ConfigureStep } from '../domain/policies/configurePlan';
import { changedGroups, validateConfiguredPolicies } from '../domain/policies/configureValidation';
import { lineDiff } from '../domain/policies/lineDiff';
import { isEmbeddingsUrl, type PrerequisiteFacts } from '../domain/policies/prerequisiteFacts';
import { reviewStep, type WizardFacts } from '../protocol/importWizard';
import { parsePoliciesRequest, type PoliciesEvent, type PoliciesOutcome } from '../protocol/policies';
import { readApiPolicy, readCurrentPolicies, stepContext, type ConfigureTarget, type CurrentState } from './currentPolicies';

export interface PoliciesHost {
  readonly clients: AzureClients;
  readonly api: ConfigureTarget;
  post(event: PoliciesEvent): void;
  log(line: string): void;
  /** The subscriptions the user selected, where the prerequisites' resources are looked for. */
  readonly subscriptionIds?: () => Promise<readonly string[]>;
  readonly loadPrerequisites?: () => Promise<PrerequisiteFacts>;
  /** LRO poll interval; tests shorten it. */
  readonly pollIntervalMs?: number;
  /** Azure changed (the tree reloads the instance). */
  changed?(): void;
}

export const configureHandlers: StepHandlers<ConfigureStep> = { ...policyStepHandlers, apiPolicyEdit: apiPolicyEditHandler };

interface Reviewed {
  readonly policies: string;
  readonly built: ConfigurePlan;
  readonly inspections: ReadonlyMap<string, Inspection>;
  readonly etag?: string;
  readonly noChanges: boolean;
}

export class PoliciesController {
  private opened: CurrentState | undefined;
  private facts: WizardFacts = { products: [], backends: [], embeddingsBackends: [], existingApis: [] };
  private prerequisites: Promise<PrerequisiteFacts> | undefined;
  private reviewed: Reviewed | undefined;
  private running = false;

  constructor(private readonly host: PoliciesHost) {}

  /** Handles one raw message from the webview. Never throws: a failure is posted as one sentence and logged. */
  async handle(raw: unknown): Promise<void> {
    const parsed = parsePoliciesRequest(raw);
    if (!parsed.ok) {
      this.host.log(`Configure AI policies: rejected a message: ${parsed.error}`);
      this.host.post({
        type: 'error',
        message: `The page sent a request the extension could not accept (${parsed.error}) Close it and open it again.`,
      });
      return;
    }
    const request = parsed.value;
    const requestId = request.type === 'ready' ? undefined : request.requestId;
    try {
      if (request.type === 'ready') await this.load();
      else if (request.type === 'review') await this.review(request.requestId, request.policies);
      else await this.apply(request.requestId, request.policies);
    } catch (error) {
      this.host.log(`Configure AI policies: ${request.type} failed: ${errorDetails(error)}`);
      const action = { ready: "read the API's policy", review: 'prepare the review', apply: 'apply the policies' }[request.type];
      const message = explainError(error, action);
      if (request.type === 'ready') this.host.post({ type: 'loadFailed', message });
      else this.host.post({ type: 'error', ...(requestId !== undefined ? { requestId } : {}), message });
    }
  }

  private async load(): Promise<void> {
    const { clients, api } = this.host;
    const [state, backends] = await Promise.all([readCurrentPolicies(clients, api), listBackends(clients, api.service)]);
    this.opened = state;
    this.facts = {
      ...this.facts,
      backends: backends.map((b) => b.name),
      embeddingsBackends: backends.filter((b) => isEmbeddingsUrl(b.url)).map((b) => b.name),
    };
    this.host.post({ type: 'init', init: { initial: state.current.initial, locked: state.current.read.locked, facts: this.facts } });
    // Then what the prerequisites can use, which reads across subscriptions: the page does not wait for it.
    this.prerequisiteFacts().then(
      (prerequisites) => this.host.post({ type: 'facts', facts: { ...this.facts, prerequisites } }),
      (error: unknown) => this.host.log(`Configure AI policies: could not read the prerequisites: ${errorDetails(error)}`),
    );
  }

  private prerequisiteFacts(): Promise<PrerequisiteFacts> {
    const { clients, api } = this.host;
    this.prerequisites ??= (
      this.host.loadPrerequisites ?? (async () => loadPrerequisiteFacts(clients, api.service, (await this.host.subscriptionIds?.()) ?? []))
    )();
    this.prerequisites.catch(() => (this.prerequisites = undefined));
    return this.prerequisites;
  }

  private async review(requestId: number, policies: LmApiPolicies): Promise<void> {
    if (this.running) throw new Error('The policies are being written. Wait for that to finish.');
    this.reviewed = undefined;
    const { clients, api } = this.host;
    const state = await readCurrentPolicies(clients, api);
    if (this.opened && (this.opened.current.xml ?? '') !== (state.current.xml ?? '')) {
      // What the page shows is no longer what Azure has: start again from the policy as it is now.
      this.opened = state;
      this.host.post({ type: 'init', init: { initial: state.current.initial, locked: state.current.read.locked, facts: this.facts } });
      this.host.post({ type: 'error', requestId, message: POLICY_CHANGED });
      return;
    }
    this.opened = state;
    const { current } = state;
    const needsFacts = changedGroups(policies, current.initial).some((g) => g !== 'tokenLimit');
    const prerequisites = needsFacts ? await this.prerequisiteFacts() : undefined;
    const errors = validateConfiguredPolicies(policies, current.initial, { ...this.facts, ...(prerequisites ? { prerequisites } : {}) });
    if (Object.keys(errors).length > 0) {
      this.host.post({ type: 'invalid', requestId, errors });
      return;
    }
    const context = await resolvePrerequisites(clients, api.service, effectivePolicies(current, policies));
    const built = buildConfigurePlan({ apiId: api.apiId, displayName: api.displayName, current, wanted: policies, prerequisites: context });
    const inspections = await inspectPlan(built.plan, configureHandlers, this.context());
    const steps = built.plan.steps.map((s) => reviewStep(s, inspections.get(s.id) ?? { state: 'absent' }));
    const noChanges = steps.every((s) => s.action === 'skip');
    const blocked = [...inspections.values()].find((i): i is Extract<Inspection, { state: 'blocked' }> => i.state === 'blocked');
    this.reviewed = { policies: JSON.stringify(policies), built, inspections, ...(state.etag ? { etag: state.etag } : {}), noChanges };
    this.host.post({
      type: 'reviewReady',
      requestId,
      review: {
        title: built.plan.title,
        steps,
        diff: lineDiff(built.xmlBefore, built.xmlAfter),
        noChanges,
        ...(blocked ? { blocked: blocked.summary } : {}),
      },
    });
  }

  private async apply(requestId: number, policies: LmApiPolicies): Promise<void> {
    const reviewed = this.reviewed;
    if (!reviewed || reviewed.policies !== JSON.stringify(policies)) {
      throw new Error('The page changed since Review. Review the changes again, then apply them.');
    }
    if (this.running) throw new Error('The policies are being written. Wait for that to finish.');
    const finish = (outcome: PoliciesOutcome): void => this.host.post({ type: 'finished', requestId, outcome });
    if (reviewed.noChanges) {
      return finish({ status: 'noChanges', message: 'No changes: the API already has these policies. Nothing was written.' });
    }
    // The policy must still be the one reviewed: checked before any write, so that a conflict writes nothing at all.
    const now = await readApiPolicy(this.host.clients, this.host.api);
    if ((now?.xml ?? '') !== reviewed.built.xmlBefore || (reviewed.etag !== undefined && now?.etag !== reviewed.etag)) {
      this.reviewed = undefined;
      return finish({ status: 'conflict', message: `${POLICY_CHANGED} Nothing was written.` });
    }
    this.running = true;
    this.reviewed = undefined;
    const ctx = this.context();
    const progress = (e: StepProgress): void => this.host.post({ type: 'progress', requestId, ...e });
    try {
      const result = await executePlan(reviewed.built.plan, configureHandlers, ctx, {
        inspections: reviewed.inspections,
        onProgress: progress,
      });
      if (result.status === 'succeeded') {
        this.opened = undefined;
        this.host.log(`Configure AI policies: ${reviewed.built.plan.title} succeeded (${result.journal.length} writes).`);
        return finish({ status: 'succeeded', message: `Done: the AI policies of "${this.host.api.displayName}" are applied.` });
      }
      if (result.status === 'conflict') {
        return finish({
          status: 'conflict',
          message: `${result.conflicts[0]?.summary ?? POLICY_CHANGED} Nothing was written. Review again.`,
        });
      }
      const error = result.status === 'failed' ? result.error : new Error('Cancelled.');
      this.host.log(`Configure AI policies: failed: ${errorDetails(error)}`);
      const undone = await rollbackJournal(result.journal, configureHandlers, ctx, progress);
      const step = result.status === 'failed' ? reviewed.built.plan.steps.find((s) => s.id === result.stepId) : undefined;
      const why =
        error instanceof ConflictError ? POLICY_CHANGED : explainError(error, step ? `write ${step.title}` : 'apply the policies');
      for (const f of undone.failed) this.host.log(`Configure AI policies: rollback of ${f.entry.stepId} failed: ${errorDetails(f.error)}`);
      const kept =
        undone.failed.length === 0
          ? 'What was written before the failure was rolled back.'
          : `${undone.failed.length} write(s) could not be undone: ${undone.failed.map((f) => f.entry.title).join('; ')}. Remove them in the portal.`;
      return finish({ status: error instanceof ConflictError ? 'conflict' : 'failed', message: `${why} ${kept}` });
    } finally {
      this.running = false;
      this.prerequisites = undefined;
      this.host.changed?.();
    }
  }

  private context(): StepContext {
    return stepContext(
      this.host.clients,
      this.host.api,
      this.host.pollIntervalMs !== undefined ? { pollIntervalMs: this.host.pollIntervalMs } : {},
    );
  }
}
