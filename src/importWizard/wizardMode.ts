/**
 * One mode of the import wizard (Language Model API, Azure OpenAI): how its input is validated, planned, executed and
 * described. The controller is the same for all; a new mode implements this in a file of its own and is added to
 * `wizardModes` in importWizardController.ts. Free of 'vscode' so that it is tested without VS Code.
 */
import type { AzureClients } from '../azure/clients';
import type { ApiRef, ServiceRef } from '../apim/refs';
import type { StepHandlers } from '../apim/importExecutor';
import type { PathAndId } from '../domain/import/freePath';
import type { ImportPlan, PlanStep } from '../domain/import/importPlan';
import type { FieldErrors } from '../domain/import/validation';
import type { ImportInput } from '../protocol/importInput';
import type { WizardFacts, WizardKeys } from '../protocol/importWizard';

export interface WizardMode<I extends ImportInput = ImportInput, S extends PlanStep = PlanStep> {
  readonly mode: I['mode'];
  /** Every field and the keys. Empty when valid. */
  validate(input: I, facts: WizardFacts, keys: WizardKeys): FieldErrors;
  /**
   * `keys` only decide what to plan (e.g. no named value without one); a plan never holds them. A mode may read Azure
   * to plan (the Azure OpenAI mode reads the account and the instance's identity).
   */
  buildPlan(input: I, keys: WizardKeys, ctx: ModeContext): ImportPlan<S> | Promise<ImportPlan<S>>;
  readonly handlers: StepHandlers<S>;
  /** The in-memory secrets the plan's steps reference, one per member that has a key; dropped when the run ends. */
  secrets(input: I, keys: WizardKeys): Map<string, string>;
  describe(
    input: I,
    service: ServiceRef,
  ): { readonly endpoint: string; readonly curl: string; readonly policyXml?: string; readonly clientSettings?: string };
  /** The API the import creates, for "Test in console" and "Reveal in tree". */
  createdApi(input: I, service: ServiceRef): ApiRef;
  /** True for a failure that retrying cannot fix, after which what the run wrote is rolled back at once. */
  rollsBackOnFailure?(error: unknown): boolean;
  /** The mode's own sentence for a failure it knows better than the generic explanation (undefined: use that). */
  explainFailure?(error: unknown): string | undefined;
  /** A free path and API id near the input's own, for "Use a new path" (absent: the mode offers no such choice). */
  proposeNewPath?(input: I, facts: WizardFacts): PathAndId;
  /** The input with that path and API id (and the ids derived from it). */
  withNewPath?(input: I, newPath: PathAndId): I;
  /** Answers the mode's own `modeRequest` messages (parsing `request` itself: it is untrusted). */
  handleModeRequest?(request: unknown, ctx: ModeContext): Promise<unknown>;
}

export interface ModeContext {
  readonly clients: AzureClients;
  readonly service: ServiceRef;
  /** The subscriptions the user selected in the tree; absent outside VS Code (then the instance's only). */
  readonly subscriptionIds?: () => Promise<readonly string[]>;
  readonly abortSignal?: AbortSignal;
}
