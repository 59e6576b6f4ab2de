/**
 * Messages between the import wizard webview and its host, both ways, with runtime parsers. Imported by both sides.
 * Everything from the webview is untrusted: the host parses each message here (shape), then validates the content
 * (src/domain/import/validation.ts) before acting. Each wizard mode's input and parser is in its own module
 * (languageModelInput.ts, azureOpenAiInput.ts), gathered in importInput.ts.
 */
import type { FieldErrors } from '../domain/import/validation';
import { STEP_STATUSES, type PlanStep, type StepStatus } from '../domain/import/importPlan';
import type { PathAndId } from '../domain/import/freePath';
import type { PrerequisiteFacts } from '../domain/policies/prerequisiteFacts';
import { fail, isRecord, ok, readMessageType, readOneOf, readString, type Parsed } from '../domain/guards';
import { IMPORT_MODES, parseImportInput, type ImportInput, type ImportMode } from './importInput';
import { readRequestId } from './parsers';
import { MAX_EXTRA_BACKENDS } from './poolSettings';

// ---- shared shapes --------------------------------------------------------------------------------------------

export type ReviewAction = 'create' | 'update' | 'skip' | 'conflict' | 'blocked';

export interface ReviewStep {
  readonly id: string;
  readonly resourceType: string;
  readonly resourceName: string;
  readonly title: string;
  readonly action: ReviewAction;
  /** Why it is skipped, updated or in conflict. */
  readonly note?: string;
}

/** What a plan executor's inspection says about a step's target (src/apim/importExecutor.ts's Inspection). */
export interface InspectedState {
  readonly state: 'absent' | 'same' | 'different' | 'blocked';
  readonly summary?: string;
}

/** A plan step as Review lists it: what will happen to its target, given what is there (for every panel that plans). */
export function reviewStep(step: PlanStep, inspection: InspectedState): ReviewStep {
  const base = { id: step.id, resourceType: step.resourceType, resourceName: step.resourceName, title: step.title };
  switch (inspection.state) {
    case 'absent':
      return { ...base, action: 'create' };
    case 'same':
      return { ...base, action: 'skip', note: 'Already exists as planned; left as it is.' };
    case 'blocked':
      return { ...base, action: 'blocked', ...(inspection.summary !== undefined ? { note: inspection.summary } : {}) };
    case 'different': {
      if (step.onExisting === 'reuse') return { ...base, action: 'skip', note: 'Already exists; kept as it is.' };
      const note = inspection.summary !== undefined ? { note: inspection.summary } : {};
      return { ...base, action: step.onExisting === 'update' ? 'update' : 'conflict', ...note };
    }
  }
}

export interface Review {
  readonly title: string;
  readonly steps: readonly ReviewStep[];
  readonly policyXml?: string;
  readonly endpoint: string;
  readonly curl: string;
  /** One sentence on the SDK settings a client of the imported API uses (absent: the mode has none to say). */
  readonly clientSettings?: string;
  /** True when at least one step needs the user's choice before Create. */
  readonly hasConflicts: boolean;
  /** True when a conflict cannot be solved by updating (e.g. a path taken by another API). */
  readonly hasBlockingConflicts: boolean;
  /** A free path and API id the user can take in one click, when the API's own path or id is taken. */
  readonly newPath?: PathAndId;
}

export type StepState = StepStatus;

export interface InstanceInfo {
  readonly name: string;
  readonly gatewayUrl?: string;
}

export interface WizardFacts {
  readonly products: readonly { readonly id: string; readonly displayName: string }[];
  readonly backends: readonly string[];
  readonly embeddingsBackends: readonly string[];
  /** Every API of the instance with its path, for the live path check. */
  readonly existingApis: readonly { readonly apiId: string; readonly path: string }[];
  /** What the AI policies' prerequisites can use; loaded on request (it reads across subscriptions). */
  readonly prerequisites?: PrerequisiteFacts;
}

/**
 * Paths taken by APIs other than `apiId`: the API the import would write is not a conflict with itself (a re-run
 * finds it; the executor then compares it as a whole).
 */
export function pathsOfOtherApis(facts: Pick<WizardFacts, 'existingApis'>, apiId: string): string[] {
  return facts.existingApis.filter((a) => a.apiId !== apiId).map((a) => a.path);
}

/** In `#app[data-state]`: what the webview needs before any message. Never a secret. */
export interface ImportWizardInitialState {
  readonly instance: InstanceInfo;
  readonly mode: ImportMode;
}

export type DoneAction = 'testInConsole' | 'copyEndpoint' | 'revealInTree';
export const DONE_ACTIONS: readonly DoneAction[] = ['testInConsole', 'copyEndpoint', 'revealInTree'];

// ---- webview → host ------------------------------------------------------------------------------------------

/** The keys a request carries beside its input: the form's own backend's, then one per extra backend of the pool. */
export interface WizardKeys {
  readonly key: string;
  readonly backendKeys: readonly string[];
}

const MAX_KEY = 8_192;

export type WizardRequest =
  | { readonly type: 'ready' }
  /**
   * `key` (may be empty) and `backendKeys` (one per extra backend of the pool, in its order) are held in memory only:
   * Review compares them with the existing secrets, Create writes them. They never travel inside `input`.
   */
  | ({ readonly type: 'review' | 'create'; readonly requestId: number; readonly input: ImportInput } & WizardKeys)
  /** "Use a new path": the host proposes a free path and API id itself, then reviews the input with them. */
  | ({ readonly type: 'useNewPath'; readonly requestId: number; readonly input: ImportInput } & WizardKeys)
  | { readonly type: 'cancel' }
  | { readonly type: 'rollback'; readonly requestId: number }
  | { readonly type: 'doneAction'; readonly action: DoneAction }
  /** A mode's own question to the host (e.g. the Azure OpenAI accounts); the mode parses `request` itself. */
  | { readonly type: 'modeRequest'; readonly requestId: number; readonly mode: ImportMode; readonly request: unknown }
  /** The loggers, caches, components, Redis databases, accounts and workspaces the AI policies can use. */
  | { readonly type: 'prerequisites'; readonly requestId: number; readonly refresh: boolean };

const REQUEST_TYPES = [
  'ready',
  'review',
  'create',
  'useNewPath',
  'cancel',
  'rollback',
  'doneAction',
  'modeRequest',
  'prerequisites',
] as const;

// ---- host → webview ------------------------------------------------------------------------------------------

export type CreateOutcome =
  | { readonly status: 'succeeded'; readonly endpoint: string }
  | { readonly status: 'failed'; readonly message: string; readonly canRollback: boolean }
  | { readonly status: 'cancelled'; readonly canRollback: boolean }
  | { readonly status: 'conflict'; readonly message: string };

export type WizardEvent =
  | { readonly type: 'facts'; readonly facts: WizardFacts }
  /** `newPath`: the path and API id the host put in the input (after "Use a new path"); the form takes them. */
  | { readonly type: 'reviewReady'; readonly requestId: number; readonly review: Review; readonly newPath?: PathAndId }
  | { readonly type: 'invalid'; readonly requestId: number; readonly errors: FieldErrors }
  | {
      readonly type: 'progress';
      readonly requestId: number;
      readonly stepId: string;
      readonly status: StepState;
      readonly message?: string;
    }
  | { readonly type: 'finished'; readonly requestId: number; readonly outcome: CreateOutcome }
  | { readonly type: 'rolledBack'; readonly requestId: number; readonly complete: boolean; readonly message: string }
  | { readonly type: 'error'; readonly requestId?: number; readonly message: string }
  | { readonly type: 'modeReply'; readonly requestId: number; readonly reply: unknown }
  | { readonly type: 'prerequisites'; readonly requestId: number; readonly facts: PrerequisiteFacts };

// ---- parsers ------------------------------------------------------------------------------------------------

/** Parses any message from the webview. Never throws; a rejection names what was wrong. */
export function parseWizardRequest(raw: unknown): Parsed<WizardRequest> {
  const type = readMessageType(raw, REQUEST_TYPES);
  if (!type.ok) return type;
  const m = raw as Record<string, unknown>;
  switch (type.value) {
    case 'ready':
    case 'cancel':
      return ok({ type: type.value });
    case 'review':
    case 'create':
    case 'useNewPath': {
      const id = readRequestId(m);
      if (!id.ok) return id;
      const input = parseImportInput(m.input);
      if (!input.ok) return input;
      const keys = readKeys(m);
      return keys.ok ? ok({ type: type.value, requestId: id.value, input: input.value, ...keys.value }) : keys;
    }
    case 'rollback': {
      const id = readRequestId(m);
      return id.ok ? ok({ type: 'rollback', requestId: id.value }) : id;
    }
    case 'doneAction': {
      const action = readOneOf(m, 'action', DONE_ACTIONS);
      return action.ok ? ok({ type: 'doneAction', action: action.value }) : action;
    }
    case 'modeRequest': {
      const id = readRequestId(m);
      if (!id.ok) return id;
      const mode = readOneOf(m, 'mode', IMPORT_MODES);
      return mode.ok ? ok({ type: 'modeRequest', requestId: id.value, mode: mode.value, request: m.request }) : mode;
    }
    case 'prerequisites': {
      const id = readRequestId(m);
      return id.ok ? ok({ type: 'prerequisites', requestId: id.value, refresh: m.refresh === true }) : id;
    }
  }
}

/** `key`, and `backendKeys` (absent: none). A rejection names the field, never a value. */
function readKeys(m: Record<string, unknown>): Parsed<WizardKeys> {
  const key = readString(m, 'key', { maxLength: MAX_KEY });
  if (!key.ok) return key;
  const raw = m.backendKeys ?? [];
  if (!Array.isArray(raw) || raw.length > MAX_EXTRA_BACKENDS) {
    return fail(`"backendKeys" must be a list of at most ${MAX_EXTRA_BACKENDS} keys.`);
  }
  const backendKeys: string[] = [];
  for (const k of raw as unknown[]) {
    if (typeof k !== 'string' || k.length > MAX_KEY) return fail(`"backendKeys" must hold text of at most ${MAX_KEY} characters each.`);
    backendKeys.push(k);
  }
  return ok({ key: key.value!, backendKeys });
}

/** Parses a host event in the webview; undefined for anything that is not one (other extensions' noise, bugs). */
export function parseWizardEvent(raw: unknown): WizardEvent | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'facts':
      return isRecord(raw.facts) ? (raw as unknown as WizardEvent) : undefined;
    case 'progress':
      return typeof raw.stepId === 'string' && (STEP_STATUSES as readonly unknown[]).includes(raw.status)
        ? (raw as unknown as WizardEvent)
        : undefined;
    case 'reviewReady':
    case 'invalid':
    case 'finished':
    case 'rolledBack':
    case 'modeReply':
    case 'prerequisites':
      return typeof raw.requestId === 'number' ? (raw as unknown as WizardEvent) : undefined;
    case 'error':
      return typeof raw.message === 'string' ? (raw as unknown as WizardEvent) : undefined;
    default:
      return undefined;
  }
}
