/**
 * Messages between the import wizard webview and its host, both ways, with runtime parsers. Imported by both sides.
 * Everything from the webview is untrusted: the host parses each message here (shape), then validates the content
 * (src/domain/import/validation.ts) before acting. The wizard has modes (Language Model API, Azure OpenAI); each mode brings its
 * input type and parser, registered in `importInputParsers`.
 */
import type { FieldErrors } from '../domain/import/validation';
import {
  COUNTER_KEYS,
  LM_API_TYPES,
  METRIC_DIMENSIONS,
  QUOTA_PERIODS,
  SAFETY_CATEGORIES,
  SUBSCRIPTION_KEY_HEADERS,
  type ContentSafetySettings,
  type LmApiForm,
  type LmApiPolicies,
  type SemanticCacheSettings,
  type TokenLimitSettings,
  type TokenMetricsSettings,
} from '../domain/import/lmApiForm';
import { STEP_STATUSES, type StepStatus } from '../domain/import/importPlan';
import type { PathAndId } from '../domain/import/freePath';
import { PROVIDER_IDS } from '../domain/import/providers';
import { API_ID_PATTERN, MAX_API_ID } from '../domain/import/resourceNames';
import { parseAzureOpenAiInput, type AzureOpenAiInput } from './azureOpenAiImport';
import {
  fail,
  isRecord,
  ok,
  readBoolean,
  readMessageType,
  readNumber,
  readOneOf,
  readOptionalParts,
  readString,
  readStrings,
  type Parsed,
} from '../domain/guards';

// ---- shared shapes --------------------------------------------------------------------------------------------

export type ImportMode = 'languageModel' | 'azureOpenAi';

export interface LanguageModelInput {
  readonly mode: 'languageModel';
  readonly form: LmApiForm;
  /** 'update' once the user chose to update an existing API (its policy merged). */
  readonly onExisting: 'conflict' | 'update';
  /** The API id chosen instead of the one made from the display name ("Use a new path"); the other ids follow it. */
  readonly apiId?: string;
}

export type ImportInput = LanguageModelInput | AzureOpenAiInput;

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

export interface Review {
  readonly title: string;
  readonly steps: readonly ReviewStep[];
  readonly policyXml?: string;
  readonly endpoint: string;
  readonly curl: string;
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

export type WizardRequest =
  | { readonly type: 'ready' }
  /** `key` (may be empty) is held in memory only: Review compares it with an existing secret, Create writes it. */
  | { readonly type: 'review' | 'create'; readonly requestId: number; readonly input: ImportInput; readonly key: string }
  /** "Use a new path": the host proposes a free path and API id itself, then reviews the input with them. */
  | { readonly type: 'useNewPath'; readonly requestId: number; readonly input: ImportInput; readonly key: string }
  | { readonly type: 'cancel' }
  | { readonly type: 'rollback'; readonly requestId: number }
  | { readonly type: 'doneAction'; readonly action: DoneAction }
  /** A mode's own question to the host (e.g. the Azure OpenAI accounts); the mode parses `request` itself. */
  | { readonly type: 'modeRequest'; readonly requestId: number; readonly mode: ImportMode; readonly request: unknown };

const REQUEST_TYPES = ['ready', 'review', 'create', 'useNewPath', 'cancel', 'rollback', 'doneAction', 'modeRequest'] as const;

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
  | { readonly type: 'modeReply'; readonly requestId: number; readonly reply: unknown };

// ---- parsers ------------------------------------------------------------------------------------------------

const MAX_ID = 256;
const MAX_TEXT = 4_096;

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
      const key = readString(m, 'key', { maxLength: 8_192 });
      return key.ok ? ok({ type: type.value, requestId: id.value, input: input.value, key: key.value! }) : key;
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
      const mode = readOneOf(m, 'mode', Object.keys(importInputParsers) as ImportMode[]);
      return mode.ok ? ok({ type: 'modeRequest', requestId: id.value, mode: mode.value, request: m.request }) : mode;
    }
  }
}

function readRequestId(m: Record<string, unknown>): Parsed<number> {
  const id = readNumber(m, 'requestId', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
  return id.ok ? ok(id.value!) : id;
}

/** One parser per wizard mode; a new mode adds its entry. */
export const importInputParsers: {
  readonly [M in ImportMode]: (raw: Record<string, unknown>) => Parsed<Extract<ImportInput, { mode: M }>>;
} = {
  languageModel: parseLanguageModelInput,
  // Called through an arrow: the two modules import each other, and the arrow reads the binding only when it is used.
  azureOpenAi: (raw) => parseAzureOpenAiInput(raw),
};

export function parseImportInput(raw: unknown): Parsed<ImportInput> {
  if (!isRecord(raw)) return fail('"input" must be an object.');
  const mode = readOneOf(raw, 'mode', Object.keys(importInputParsers) as ImportMode[]);
  if (!mode.ok) return mode;
  return importInputParsers[mode.value](raw);
}

function parseLanguageModelInput(raw: Record<string, unknown>): Parsed<LanguageModelInput> {
  const form = parseLmApiForm(raw.form);
  if (!form.ok) return form;
  const onExisting = readOnExisting(raw);
  if (!onExisting.ok) return onExisting;
  const apiId = readApiId(raw);
  if (!apiId.ok) return apiId;
  return ok({
    mode: 'languageModel',
    form: form.value,
    onExisting: onExisting.value,
    ...(apiId.value !== undefined ? { apiId: apiId.value } : {}),
  });
}

/** An API id in place of the derived one: optional, and then a slug (lowercase letters, digits, single dashes). */
function readApiId(raw: Record<string, unknown>): Parsed<string | undefined> {
  const id = readString(raw, 'apiId', { maxLength: MAX_API_ID, optional: true });
  if (!id.ok || id.value === undefined) return id;
  return API_ID_PATTERN.test(id.value)
    ? id
    : fail(`"apiId" must be lowercase letters, digits and single dashes, at most ${MAX_API_ID} characters.`);
}

export function parseLmApiForm(raw: unknown): Parsed<LmApiForm> {
  if (!isRecord(raw)) return fail('"form" must be an object.');
  const provider = readOneOf(raw, 'provider', PROVIDER_IDS);
  if (!provider.ok) return provider;
  const texts = readStrings(raw, ['displayName', 'description', 'url', 'path', 'headerName', 'headerValueFormat'], MAX_TEXT);
  if (!texts.ok) return texts;
  const text = texts.value;
  const type = readOneOf(raw, 'type', LM_API_TYPES);
  if (!type.ok) return type;
  const header = readOneOf(raw, 'subscriptionKeyHeader', SUBSCRIPTION_KEY_HEADERS);
  if (!header.ok) return header;
  const products = readStringArray(raw, 'products', 100);
  if (!products.ok) return products;
  const policies = parsePolicies(raw.policies);
  if (!policies.ok) return policies;
  return ok({
    provider: provider.value,
    displayName: text.displayName,
    description: text.description,
    url: text.url,
    path: text.path,
    type: type.value,
    headerName: text.headerName,
    headerValueFormat: text.headerValueFormat,
    products: products.value,
    subscriptionKeyHeader: header.value,
    policies: policies.value,
  });
}

function parsePolicies(raw: unknown): Parsed<LmApiPolicies> {
  return readOptionalParts<LmApiPolicies>(raw, 'policies', {
    tokenLimit: parseTokenLimit,
    tokenMetrics: parseTokenMetrics,
    semanticCache: parseSemanticCache,
    contentSafety: parseContentSafety,
  });
}

export function parseTokenLimit(raw: unknown): Parsed<TokenLimitSettings> {
  if (!isRecord(raw)) return fail('"tokenLimit" must be an object.');
  const tpm = readNumber(raw, 'tokensPerMinute');
  if (!tpm.ok) return tpm;
  const quota = readNumber(raw, 'tokenQuota', { optional: true });
  if (!quota.ok) return quota;
  const period = raw.tokenQuotaPeriod === undefined ? ok(undefined) : readOneOf(raw, 'tokenQuotaPeriod', QUOTA_PERIODS);
  if (!period.ok) return period;
  const counterKey = readOneOf(raw, 'counterKey', COUNTER_KEYS);
  if (!counterKey.ok) return counterKey;
  const remaining = readBoolean(raw, 'remainingTokensHeader');
  if (!remaining.ok) return remaining;
  const consumed = readBoolean(raw, 'consumedTokensHeader');
  if (!consumed.ok) return consumed;
  return ok({
    tokensPerMinute: tpm.value!,
    ...(quota.value !== undefined ? { tokenQuota: quota.value } : {}),
    ...(period.value !== undefined ? { tokenQuotaPeriod: period.value } : {}),
    counterKey: counterKey.value,
    remainingTokensHeader: remaining.value!,
    consumedTokensHeader: consumed.value!,
  });
}

export function parseTokenMetrics(raw: unknown): Parsed<TokenMetricsSettings> {
  if (!isRecord(raw)) return fail('"tokenMetrics" must be an object.');
  const ns = readString(raw, 'namespace', { maxLength: MAX_ID });
  if (!ns.ok) return ns;
  const dims = readStringArray(raw, 'dimensions', METRIC_DIMENSIONS.length);
  if (!dims.ok) return dims;
  const unknown = dims.value.find((d) => !(METRIC_DIMENSIONS as readonly string[]).includes(d));
  if (unknown !== undefined) return fail(`"dimensions" must be among ${METRIC_DIMENSIONS.join(', ')}.`);
  return ok({ namespace: ns.value!, dimensions: dims.value as TokenMetricsSettings['dimensions'] });
}

function parseSemanticCache(raw: unknown): Parsed<SemanticCacheSettings> {
  if (!isRecord(raw)) return fail('"semanticCache" must be an object.');
  const backend = readString(raw, 'embeddingsBackendId', { maxLength: MAX_ID });
  if (!backend.ok) return backend;
  const score = readNumber(raw, 'scoreThreshold');
  if (!score.ok) return score;
  const duration = readNumber(raw, 'durationSeconds');
  if (!duration.ok) return duration;
  return ok({ embeddingsBackendId: backend.value!, scoreThreshold: score.value!, durationSeconds: duration.value! });
}

function parseContentSafety(raw: unknown): Parsed<ContentSafetySettings> {
  if (!isRecord(raw)) return fail('"contentSafety" must be an object.');
  const backend = readString(raw, 'backendId', { maxLength: MAX_ID });
  if (!backend.ok) return backend;
  const shield = readBoolean(raw, 'shieldPrompt');
  if (!shield.ok) return shield;
  if (!Array.isArray(raw.categories) || raw.categories.length > SAFETY_CATEGORIES.length) {
    return fail(`"categories" must be a list of at most ${SAFETY_CATEGORIES.length} items.`);
  }
  const categories: ContentSafetySettings['categories'][number][] = [];
  for (const c of raw.categories) {
    if (!isRecord(c)) return fail('Each item of "categories" must be an object.');
    const name = readOneOf(c, 'name', SAFETY_CATEGORIES);
    if (!name.ok) return name;
    const threshold = readNumber(c, 'threshold');
    if (!threshold.ok) return threshold;
    categories.push({ name: name.value, threshold: threshold.value! });
  }
  return ok({ backendId: backend.value!, shieldPrompt: shield.value!, categories });
}

/** The user's choice for an API that already exists: stop and ask, or update it. */
export function readOnExisting(raw: Record<string, unknown>): Parsed<'conflict' | 'update'> {
  return readOneOf(raw, 'onExisting', ['conflict', 'update'] as const);
}

export function readStringArray(obj: Record<string, unknown>, field: string, maxItems: number): Parsed<string[]> {
  const v = obj[field];
  if (!Array.isArray(v) || v.length > maxItems) return fail(`"${field}" must be a list of at most ${maxItems} items.`);
  if (!v.every((s): s is string => typeof s === 'string' && s.length <= MAX_ID)) {
    return fail(`Each item of "${field}" must be a text of at most ${MAX_ID} characters.`);
  }
  return ok(v);
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
      return typeof raw.requestId === 'number' ? (raw as unknown as WizardEvent) : undefined;
    case 'error':
      return typeof raw.message === 'string' ? (raw as unknown as WizardEvent) : undefined;
    default:
      return undefined;
  }
}

// ---- shared with the wizard's front end --------------------------------------------------------------------
// Pure modules the webview needs (presets, validators, ids), re-exported so that it imports from src/protocol only.
export { PROVIDER_PRESETS, findPreset, type ProviderPreset } from '../domain/import/providers';
export { validateLmApiForm, validateApiPath, type FieldErrors } from '../domain/import/validation';
export { lmApiResourceNames } from '../domain/import/resourceNames';
export type { PathAndId } from '../domain/import/freePath';
export {
  COUNTER_KEYS,
  LM_API_TYPES,
  MAX_METRIC_DIMENSIONS,
  METRIC_DIMENSIONS,
  QUOTA_PERIODS,
  SAFETY_CATEGORIES,
  SUBSCRIPTION_KEY_HEADERS,
  type LmApiForm,
  type LmApiPolicies,
  type MetricDimension,
  type SafetyCategory,
} from '../domain/import/lmApiForm';
