/**
 * The import wizard's host logic, free of 'vscode': parses and re-validates every webview message, builds the plan,
 * inspects Azure for Review, executes with per-step progress, cancels, rolls back what this session wrote, and turns
 * every failure into one sentence. The panel (importWizardPanel.ts) only wires it to a webview.
 * The keys live only in the handling of one message: they are never stored, logged or posted back.
 */
import { createHash } from 'node:crypto';
import type { AzureClients } from '../azure/clients';
import { errorDetails, explainError } from '../apim/errors';
import {
  executePlan,
  inspectPlan,
  rollbackJournal,
  type ExecutionResult,
  type Inspection,
  type JournalEntry,
  type StepContext,
  type StepHandlers,
} from '../apim/importExecutor';
import { loadWizardFacts } from './wizardFacts';
import { loadPrerequisiteFacts } from '../apim/prerequisites';
import type { PrerequisiteFacts } from '../domain/policies/prerequisiteFacts';
import { PrerequisitesCache } from './prerequisitesCache';
import { hasPrerequisites, PrerequisiteChoiceError } from '../domain/policies/validation';
import type { ApiRef, ServiceRef } from '../apim/refs';
import type { PathAndId } from '../domain/import/freePath';
import type { ImportPlan, PlanStep } from '../domain/import/importPlan';
import {
  parseWizardRequest,
  type CreateOutcome,
  type DoneAction,
  type Review,
  reviewStep,
  type WizardEvent,
  type WizardFacts,
  type WizardKeys,
  type WizardRequest,
} from '../protocol/importWizard';
import { type ImportInput, type ImportMode } from '../protocol/importInput';
import { azureOpenAiMode } from './azureOpenAiMode';
import { languageModelMode } from './languageModelMode';
import type { ModeContext, WizardMode } from './wizardMode';

/**
 * Every mode of the wizard. Each is typed by its own input; the controller looks a mode up by `input.mode`, so the map
 * may forget that link (the protocol's parser for that mode already checked the input's shape).
 */
const wizardModes: Readonly<Record<ImportMode, WizardMode>> = {
  languageModel: languageModelMode,
  azureOpenAi: azureOpenAiMode,
};

const modeOf = (input: ImportInput): WizardMode => wizardModes[input.mode];

export interface WizardHost {
  readonly clients: AzureClients;
  readonly service: ServiceRef;
  post(event: WizardEvent): void;
  log(line: string): void;
  /** "Test in console", "Copy endpoint", "Reveal in tree" on the created API. */
  doneAction(action: DoneAction, api: ApiRef, endpoint: string): Promise<void>;
  readonly loadFacts?: (abortSignal?: AbortSignal) => Promise<WizardFacts>;
  /** What the AI policies' prerequisites can use (default: read from Azure across the selected subscriptions). */
  readonly loadPrerequisites?: () => Promise<PrerequisiteFacts>;
  /** The subscriptions the user selected, for modes that look beyond the instance's (the Azure OpenAI accounts). */
  readonly subscriptionIds?: () => Promise<readonly string[]>;
  /** LRO poll interval; tests and benchmarks shorten it. */
  readonly pollIntervalMs?: number;
}

const EMPTY_FACTS: WizardFacts = { products: [], backends: [], embeddingsBackends: [], existingApis: [] };

export class ImportWizardController {
  private facts: Promise<WizardFacts> | undefined;
  private readonly prerequisites: PrerequisitesCache;
  /** What Review inspected, reused by Create when nothing in the request changed since. */
  private reviewed: { fingerprint: string; inspections: ReadonlyMap<string, Inspection> } | undefined;
  private running: AbortController | undefined;
  /** What the attempts of the current import created or changed, newest last: what Rollback undoes. */
  private journal: JournalEntry[] = [];
  /** The last attempt completed the import: the next create begins a new one. */
  private completed = false;
  private journalHandlers: StepHandlers | undefined;
  private lastCreated: { api: ApiRef; endpoint: string } | undefined;

  constructor(private readonly host: WizardHost) {
    this.prerequisites = new PrerequisitesCache(
      host.loadPrerequisites ?? (async () => loadPrerequisiteFacts(host.clients, host.service, (await host.subscriptionIds?.()) ?? [])),
    );
  }

  /** Handles one raw message from the webview. Never throws: every failure is posted as one sentence and logged. */
  async handle(raw: unknown): Promise<void> {
    const parsed = parseWizardRequest(raw);
    if (!parsed.ok) {
      this.host.log(`Import wizard: rejected a message: ${parsed.error}`);
      this.host.post({
        type: 'error',
        message: `The wizard sent a request the extension could not accept (${parsed.error}) Close the wizard and open it again.`,
      });
      return;
    }
    const request = parsed.value;
    const requestId = 'requestId' in request ? request.requestId : undefined;
    try {
      await this.dispatch(request);
    } catch (error) {
      this.host.log(`Import wizard: ${request.type} failed: ${errorDetails(error)}`);
      this.host.post(
        // A prerequisite Azure refused while planning is the error of the field that chose it, like a validation error.
        error instanceof PrerequisiteChoiceError && requestId !== undefined
          ? { type: 'invalid', requestId, errors: { [error.field]: error.message } }
          : { type: 'error', ...(requestId !== undefined ? { requestId } : {}), message: explainError(error, describeRequest(request)) },
      );
    }
  }

  dispose(): void {
    this.running?.abort();
  }

  private async dispatch(request: WizardRequest): Promise<void> {
    switch (request.type) {
      case 'ready': {
        const facts = await this.refreshFacts();
        // Then what the AI policies' prerequisites can use, which reads across subscriptions: the page does not wait.
        void this.prerequisites.get(false).then(
          (prerequisites) => this.host.post({ type: 'facts', facts: { ...facts, prerequisites } }),
          (error: unknown) => this.host.log(`Import wizard: could not read the prerequisites: ${errorDetails(error)}`),
        );
        return;
      }
      case 'review':
        return this.review(request.requestId, request.input, keysOf(request));
      case 'create':
        return this.create(request.requestId, request.input, keysOf(request));
      case 'useNewPath':
        return this.useNewPath(request.requestId, request.input, keysOf(request));
      case 'cancel':
        this.running?.abort();
        return;
      case 'rollback':
        return this.rollback(request.requestId);
      case 'doneAction':
        if (!this.lastCreated) {
          this.host.post({ type: 'error', message: 'There is no imported API yet. Create it first.' });
          return;
        }
        await this.host.doneAction(request.action, this.lastCreated.api, this.lastCreated.endpoint);
        return;
      case 'prerequisites':
        this.host.post({ type: 'prerequisites', requestId: request.requestId, facts: await this.prerequisites.get(request.refresh) });
        return;
      case 'modeRequest': {
        const mode = wizardModes[request.mode];
        if (!mode.handleModeRequest) throw new Error(`The ${request.mode} mode answers no requests.`);
        const reply = await mode.handleModeRequest(request.request, this.modeContext());
        this.host.post({ type: 'modeReply', requestId: request.requestId, reply });
        return;
      }
    }
  }

  /**
   * After a write the instance changed (paths taken or freed), or a review met what the front end's live path check
   * missed: reload what the front end checks against, and return it.
   */
  private async refreshFacts(): Promise<WizardFacts> {
    const facts = await this.loadFacts(true);
    const prerequisites = this.prerequisites.current();
    this.host.post({ type: 'facts', facts: prerequisites ? { ...facts, prerequisites } : facts });
    return facts;
  }

  private loadFacts(refresh: boolean): Promise<WizardFacts> {
    if (refresh || !this.facts) {
      const load = this.host.loadFacts ?? ((signal?: AbortSignal) => loadWizardFacts(this.host.clients, this.host.service, signal));
      this.facts = load().catch((error: unknown) => {
        this.host.log(`Import wizard: could not read the instance: ${errorDetails(error)}`);
        this.host.post({ type: 'error', message: explainError(error, 'read the products, backends and APIs of the instance') });
        this.facts = undefined;
        return EMPTY_FACTS;
      });
    }
    return this.facts;
  }

  private modeContext(): ModeContext {
    return {
      clients: this.host.clients,
      service: this.host.service,
      ...(this.host.subscriptionIds ? { subscriptionIds: this.host.subscriptionIds } : {}),
    };
  }

  private context(secrets: ReadonlyMap<string, string>, abortSignal?: AbortSignal): StepContext {
    return {
      clients: this.host.clients,
      service: this.host.service,
      secrets,
      ...(abortSignal ? { abortSignal } : {}),
      ...(this.host.pollIntervalMs !== undefined ? { pollIntervalMs: this.host.pollIntervalMs } : {}),
    };
  }

  /** Validates and plans, or posts the field errors and returns undefined. */
  private async prepare(
    requestId: number,
    input: ImportInput,
    keys: WizardKeys,
  ): Promise<{ mode: WizardMode; plan: ImportPlan<PlanStep> } | undefined> {
    if (this.running) {
      this.host.post({ type: 'error', requestId, message: 'An import is already running. Wait for it to finish, or cancel it.' });
      return undefined;
    }
    const mode = modeOf(input);
    // The prerequisites' choices are checked against Azure as read now: the instance may have changed since the page.
    const facts = hasPrerequisites(input.form.policies)
      ? { ...(await this.loadFacts(false)), prerequisites: await this.prerequisites.get(false) }
      : await this.loadFacts(false);
    const errors = mode.validate(input, facts, keys);
    if (Object.keys(errors).length > 0) {
      this.host.post({ type: 'invalid', requestId, errors });
      return undefined;
    }
    return { mode, plan: await mode.buildPlan(input, keys, this.modeContext()) };
  }

  /** `newPath`: the path and API id the host chose for this input ("Use a new path"), echoed so the form takes them. */
  private async review(requestId: number, input: ImportInput, keys: WizardKeys, newPath?: PathAndId): Promise<void> {
    const prepared = await this.prepare(requestId, input, keys);
    if (!prepared) return;
    const { mode, plan } = prepared;
    const inspections = await inspectPlan(plan, mode.handlers, this.context(mode.secrets(input, keys)));
    this.reviewed = { fingerprint: fingerprint(plan, keys), inspections };
    const described = mode.describe(input, this.host.service);
    const steps = plan.steps.map((s) => reviewStep(s, inspections.get(s.id) ?? { state: 'absent' }));
    const policyXml = plan.steps.find((s) => s.kind === 'apiPolicy')?.preview ?? described.policyXml;
    const apiStep = plan.steps.find((s) => s.kind === 'api');
    const apiTaken = apiStep !== undefined && ['blocked', 'different'].includes(inspections.get(apiStep.id)?.state ?? 'absent');
    const proposal = apiTaken && mode.proposeNewPath ? mode.proposeNewPath(input, await this.refreshFacts()) : undefined;
    const review: Review = {
      ...(proposal ? { newPath: proposal } : {}),
      title: plan.title,
      steps,
      ...(policyXml !== undefined ? { policyXml } : {}),
      endpoint: described.endpoint,
      curl: described.curl,
      ...(described.clientSettings !== undefined ? { clientSettings: described.clientSettings } : {}),
      hasConflicts: steps.some((s) => s.action === 'conflict' || s.action === 'blocked'),
      hasBlockingConflicts: steps.some((s) => s.action === 'blocked'),
    };
    this.host.post({ type: 'reviewReady', requestId, review, ...(newPath ? { newPath } : {}) });
  }

  /** Proposes from what the instance holds now (not from the webview), then reviews the input moved there. */
  private async useNewPath(requestId: number, input: ImportInput, keys: WizardKeys): Promise<void> {
    const mode = modeOf(input);
    if (!mode.proposeNewPath || !mode.withNewPath) throw new Error(`The ${input.mode} mode offers no new path.`);
    const newPath = mode.proposeNewPath(input, await this.refreshFacts());
    return this.review(requestId, mode.withNewPath(input, newPath), keys, newPath);
  }

  private async create(requestId: number, input: ImportInput, keys: WizardKeys): Promise<void> {
    const prepared = await this.prepare(requestId, input, keys);
    if (!prepared) return;
    const { mode, plan } = prepared;
    // A create after a completed import starts a new import: the completed one is the user's to keep, so a later
    // rollback must not touch it. Retries of an unfinished import add to its journal instead.
    if (this.completed) this.journal = [];
    this.completed = false;
    const reviewed = this.reviewed?.fingerprint === fingerprint(plan, keys) ? this.reviewed.inspections : undefined;
    this.reviewed = undefined;
    const abort = new AbortController();
    this.running = abort;
    let result: ExecutionResult;
    try {
      result = await executePlan(plan, mode.handlers, this.context(mode.secrets(input, keys), abort.signal), {
        ...(reviewed ? { inspections: reviewed } : {}),
        onProgress: (e) => this.host.post({ type: 'progress', requestId, ...e }),
      });
    } finally {
      this.running = undefined;
    }
    if (result.status === 'failed' && mode.rollsBackOnFailure?.(result.error)) {
      // A failure the user cannot fix by retrying (e.g. no right to assign roles): undo at once, keep what could not be.
      const undone = await rollbackJournal(result.journal, mode.handlers, this.context(new Map()), (e) =>
        this.host.post({ type: 'progress', requestId, ...e }),
      );
      result = { ...result, journal: undone.failed.map((f) => f.entry) };
    }
    this.journal.push(...result.journal);
    this.completed = result.status === 'succeeded';
    this.journalHandlers = mode.handlers;
    this.prerequisites.invalidate();
    void this.refreshFacts();
    const outcome = this.outcome(result, plan, mode, input);
    this.host.post({ type: 'finished', requestId, outcome });
  }

  private outcome(result: ExecutionResult, plan: ImportPlan<PlanStep>, mode: WizardMode, input: ImportInput): CreateOutcome {
    const canRollback = this.journal.length > 0;
    switch (result.status) {
      case 'succeeded': {
        const endpoint = mode.describe(input, this.host.service).endpoint;
        this.lastCreated = { api: mode.createdApi(input, this.host.service), endpoint };
        this.host.log(`Import wizard: ${plan.title} succeeded (${result.journal.length} resources written).`);
        return { status: 'succeeded', endpoint };
      }
      case 'conflict':
        return {
          status: 'conflict',
          message: `${result.conflicts[0]?.summary ?? 'Something changed in Azure since Review.'} Nothing was written. Go back to Review and choose what to do.`,
        };
      case 'cancelled':
        this.host.log(`Import wizard: ${plan.title} cancelled after ${result.journal.length} writes.`);
        return { status: 'cancelled', canRollback };
      case 'failed': {
        const step = plan.steps.find((s) => s.id === result.stepId);
        this.host.log(`Import wizard: ${plan.title} failed at ${result.stepId}: ${errorDetails(result.error)}`);
        const what = step ? `create the ${inSentence(step.resourceType)} "${step.resourceName}"` : 'complete the import';
        return { status: 'failed', message: mode.explainFailure?.(result.error) ?? explainError(result.error, what), canRollback };
      }
    }
  }

  private async rollback(requestId: number): Promise<void> {
    if (this.running) {
      this.host.post({ type: 'error', requestId, message: 'An import is still running. Cancel it first, then roll back.' });
      return;
    }
    if (this.journal.length === 0 || !this.journalHandlers) {
      this.host.post({
        type: 'rolledBack',
        requestId,
        complete: true,
        message: 'Nothing to roll back: this import has not written anything.',
      });
      return;
    }
    const result = await rollbackJournal(this.journal, this.journalHandlers, this.context(new Map()), (e) =>
      this.host.post({ type: 'progress', requestId, ...e }),
    );
    const undone = new Set(result.undone);
    this.journal = this.journal.filter((e) => !undone.has(e));
    this.lastCreated = undefined;
    void this.refreshFacts();
    for (const f of result.failed) this.host.log(`Import wizard: rollback of ${f.entry.stepId} failed: ${errorDetails(f.error)}`);
    const first = result.failed[0];
    this.host.post({
      type: 'rolledBack',
      requestId,
      complete: result.failed.length === 0,
      message: first
        ? `${explainError(first.error, `undo "${first.entry.title}"`)} ${result.failed.length > 1 ? `${result.failed.length - 1} more could not be undone; ` : ''}Roll back again, or remove them in the portal.`
        : `Rolled back: removed or restored ${result.undone.length} resources this import wrote.`,
    });
  }
}

/** Identifies a reviewed request without keeping the keys: a digest, in memory, of the plan and the keys. */
function fingerprint(plan: ImportPlan<PlanStep>, keys: WizardKeys): string {
  return createHash('sha256')
    .update(JSON.stringify(plan))
    .update('\0')
    .update(JSON.stringify([keys.key, ...keys.backendKeys]))
    .digest('hex');
}

/** The keys of a request, apart from the rest of it, so that nothing else that is passed on holds them. */
function keysOf(request: WizardKeys): WizardKeys {
  return { key: request.key, backendKeys: request.backendKeys };
}

/** "Named value" → "named value" inside a sentence; acronyms ("API policy") stay as they are. */
function inSentence(resourceType: string): string {
  return /^[A-Z][a-z]/.test(resourceType) ? resourceType[0].toLowerCase() + resourceType.slice(1) : resourceType;
}

function describeRequest(request: WizardRequest): string {
  switch (request.type) {
    case 'review':
      return 'prepare the review';
    case 'create':
      return 'create the API';
    case 'useNewPath':
      return 'move the import to a new path';
    case 'rollback':
      return 'roll back';
    default:
      return 'do that';
  }
}
