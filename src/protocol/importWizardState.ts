/**
 * What the import wizard's webview keeps with `setState` while its panel is hidden: the chosen mode and each mode's
 * inputs as the user left them, never the key. It comes back through `getState()` and is checked like any message,
 * as the console's state is (testConsoleState.ts): an unknown field or a wrong type anywhere rejects the whole state,
 * and the wizard starts fresh. Values are drafts, not validated input: the wizard validates them again on Next.
 */
import { fail, isRecord, ok, readBoolean, readNumber, readOneOf, readString, readStringArray, type Parsed } from '../domain/guards';
import { AOAI_COMPATIBILITIES, type AoaiCompatibility } from '../domain/import/azureOpenAi/compatibility';
import { IMPORT_MODES, type ImportMode } from './importInput';

/** A number field as the form read it: NaN when it did not read (written to disk, NaN becomes null). */
export type DraftNumber = number | null;

export interface SavedTokenLimit {
  readonly tokensPerMinute: DraftNumber;
  readonly tokenQuota?: DraftNumber;
  readonly tokenQuotaPeriod?: string;
  readonly counterKey: string;
  readonly remainingTokensHeader: boolean;
  readonly consumedTokensHeader: boolean;
}

export interface SavedLmPolicies {
  readonly tokenLimit?: SavedTokenLimit;
  readonly tokenMetrics?: { readonly namespace: string; readonly dimensions: readonly string[] };
  readonly semanticCache?: {
    readonly embeddingsBackendId: string;
    readonly scoreThreshold: DraftNumber;
    readonly durationSeconds: DraftNumber;
  };
  readonly contentSafety?: {
    readonly backendId: string;
    readonly categories: readonly { readonly name: string; readonly threshold: DraftNumber }[];
    readonly shieldPrompt: boolean;
  };
}

/** The Language Model API mode's inputs (its form without the key). */
export interface SavedLanguageModel {
  readonly provider: string;
  readonly displayName: string;
  readonly description: string;
  readonly url: string;
  readonly path: string;
  readonly type: string;
  readonly headerName: string;
  readonly headerValueFormat: string;
  readonly products: readonly string[];
  readonly subscriptionKeyHeader: string;
  /** The user typed the path (it no longer follows the display name). */
  readonly pathEdited: boolean;
  /** The API id "Use path … instead" chose. */
  readonly apiId?: string;
  readonly policies: SavedLmPolicies;
}

/** The Azure OpenAI mode's inputs (the file's text is not kept). */
export interface SavedAzureOpenAi {
  readonly mode: string;
  readonly accountId: string;
  readonly displayName: string;
  readonly description: string;
  readonly basePath: string;
  readonly products: readonly string[];
  readonly subscriptionKeyHeader: string;
  readonly auth: string;
  /** The bundled spec's API version, when that is the source. */
  readonly version?: string;
  /** The client compatibility choice when it is not Azure OpenAI (the form leaves it out then). */
  readonly compatibility?: AoaiCompatibility;
  /** The Policies page, the same as the Language Model mode's. */
  readonly policies: SavedLmPolicies;
}

export interface SavedModes {
  readonly languageModel: SavedLanguageModel;
  readonly azureOpenAi: SavedAzureOpenAi;
}

export interface WizardPersistedState {
  readonly mode: ImportMode;
  readonly modes: { readonly [M in ImportMode]?: SavedModes[M] };
}

type Reader = (obj: Record<string, unknown>, field: string) => Parsed<unknown>;

const MAX_TEXT = 10_000;
const text: Reader = (o, f) => readString(o, f, { maxLength: MAX_TEXT });
const optionalText: Reader = (o, f) => readString(o, f, { maxLength: MAX_TEXT, optional: true });
const flag: Reader = (o, f) => readBoolean(o, f);
const list: Reader = (o, f) => readStringArray(o, f, 100);
const draftNumber: Reader = (o, f) => (o[f] === null || Number.isNaN(o[f]) ? ok(o[f]) : readNumber(o, f));
const optionalNumber: Reader = (o, f) => (o[f] === undefined ? ok(undefined) : draftNumber(o, f));
const optional =
  <T>(parse: (raw: unknown, name: string) => Parsed<T>): Reader =>
  (o, f) =>
    o[f] === undefined ? ok(undefined) : parse(o[f], f);

/** An object with exactly the fields of `readers` (a missing optional one stays out). */
function readShape<T>(raw: unknown, name: string, readers: { readonly [K in keyof T]-?: Reader }): Parsed<T> {
  if (!isRecord(raw)) return fail(`"${name}" must be an object.`);
  const unknown = Object.keys(raw).find((k) => !Object.hasOwn(readers, k));
  if (unknown !== undefined) return fail(`"${name}" has an unexpected field "${unknown.slice(0, 40)}".`);
  const value: Record<string, unknown> = {};
  for (const [field, read] of Object.entries<Reader>(readers)) {
    const parsed = read(raw, field);
    if (!parsed.ok) return fail(`${name}: ${parsed.error}`);
    if (parsed.value !== undefined) value[field] = parsed.value;
  }
  return ok(value as T);
}

const parseTokenLimit = (raw: unknown, name: string): Parsed<SavedTokenLimit> =>
  readShape<SavedTokenLimit>(raw, name, {
    tokensPerMinute: draftNumber,
    tokenQuota: optionalNumber,
    tokenQuotaPeriod: optionalText,
    counterKey: text,
    remainingTokensHeader: flag,
    consumedTokensHeader: flag,
  });

type Policy<K extends keyof SavedLmPolicies> = NonNullable<SavedLmPolicies[K]>;

function parseCategories(raw: unknown, name: string): Parsed<Policy<'contentSafety'>['categories']> {
  if (!Array.isArray(raw) || raw.length > 20) return fail(`"${name}" must be a list of at most 20 categories.`);
  const categories: Policy<'contentSafety'>['categories'][number][] = [];
  for (const item of raw) {
    const category = readShape<(typeof categories)[number]>(item, name, { name: text, threshold: draftNumber });
    if (!category.ok) return category;
    categories.push(category.value);
  }
  return ok(categories);
}

const parsePolicies = (raw: unknown, name: string): Parsed<SavedLmPolicies> =>
  readShape<SavedLmPolicies>(raw, name, {
    tokenLimit: optional(parseTokenLimit),
    tokenMetrics: optional((r, n) => readShape<Policy<'tokenMetrics'>>(r, n, { namespace: text, dimensions: list })),
    semanticCache: optional((r, n) =>
      readShape<Policy<'semanticCache'>>(r, n, { embeddingsBackendId: text, scoreThreshold: draftNumber, durationSeconds: draftNumber }),
    ),
    contentSafety: optional((r, n) =>
      readShape<Policy<'contentSafety'>>(r, n, { backendId: text, categories: (o, f) => parseCategories(o[f], f), shieldPrompt: flag }),
    ),
  });

const modeParsers: { readonly [M in ImportMode]: (raw: unknown, name: string) => Parsed<SavedModes[M]> } = {
  languageModel: (raw, name) =>
    readShape<SavedLanguageModel>(raw, name, {
      provider: text,
      displayName: text,
      description: text,
      url: text,
      path: text,
      type: text,
      headerName: text,
      headerValueFormat: text,
      products: list,
      subscriptionKeyHeader: text,
      pathEdited: flag,
      apiId: optionalText,
      policies: (o, f) => parsePolicies(o[f], f),
    }),
  azureOpenAi: (raw, name) =>
    readShape<SavedAzureOpenAi>(raw, name, {
      mode: text,
      accountId: text,
      displayName: text,
      description: text,
      basePath: text,
      products: list,
      subscriptionKeyHeader: text,
      auth: text,
      version: optionalText,
      compatibility: (o, f) => (o[f] === undefined ? ok(undefined) : readOneOf(o, f, AOAI_COMPATIBILITIES)),
      policies: (o, f) => parsePolicies(o[f], f),
    }),
};

/** The state `getState()` hands back; anything but what the wizard itself saves is refused. */
export function parseWizardPersistedState(raw: unknown): Parsed<WizardPersistedState> {
  if (!isRecord(raw)) return fail('the saved state is not an object.');
  const unknown = Object.keys(raw).find((k) => k !== 'mode' && k !== 'modes');
  if (unknown !== undefined) return fail(`the saved state has an unexpected field "${unknown.slice(0, 40)}".`);
  const mode = readOneOf(raw, 'mode', IMPORT_MODES);
  if (!mode.ok) return mode;
  const modes = readShape<WizardPersistedState['modes']>(raw.modes, 'modes', {
    languageModel: optional(modeParsers.languageModel),
    azureOpenAi: optional(modeParsers.azureOpenAi),
  });
  return modes.ok ? ok({ mode: mode.value, modes: modes.value }) : modes;
}
