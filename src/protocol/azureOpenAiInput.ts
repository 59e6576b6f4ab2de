/**
 * The "Azure OpenAI" mode of the import wizard: its input (parsed here, validated by src/domain/import/azureOpenAi/validation.ts)
 * and its own requests to the host (the accounts to choose from), carried by the wizard's generic `modeRequest` /
 * `modeReply` messages. Imported by the host and the webview.
 */
import { SUBSCRIPTION_KEY_HEADERS } from '../domain/import/lmApiForm';
import { AOAI_AUTH, AOAI_MODES, type AoaiForm, type AoaiPolicies, type AoaiSpecSource } from '../domain/import/azureOpenAi/form';
import { AOAI_COMPATIBILITIES } from '../domain/import/azureOpenAi/compatibility';
import { INFERENCE_API_VERSIONS } from '../domain/import/azureOpenAi/inferenceVersions';
import { MAX_SPEC_BYTES } from '../domain/import/azureOpenAi/openApiDocument';
import { fail, isRecord, ok, readMessageType, readOneOf, readString, readStringArray, readStrings, type Parsed } from '../domain/guards';
import { readOnExisting } from './parsers';
import { parseLmApiPolicies } from './policySettings';
import { parsePool } from './poolSettings';

export interface AzureOpenAiInput {
  readonly mode: 'azureOpenAi';
  readonly form: AoaiForm;
  /** The local OpenAPI file's text when `form.spec.kind` is 'file' (read in the webview, parsed and checked by the host). */
  readonly fileText?: string;
  readonly onExisting: 'conflict' | 'update';
}

/** An account as the "Azure OpenAI resource" list shows it. */
export interface AccountView {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly location?: string;
  readonly subscriptionId: string;
  readonly endpoint: string;
  readonly deployments: readonly {
    readonly name: string;
    readonly model?: string;
    readonly modelVersion?: string;
    readonly capacity?: number;
  }[];
}

export type AoaiModeRequest = { readonly type: 'listAccounts' };
export type AoaiModeReply = { readonly type: 'accounts'; readonly accounts: readonly AccountView[]; readonly failures: readonly string[] };

const MAX_TEXT = 4_096;

export function parseAoaiModeRequest(raw: unknown): Parsed<AoaiModeRequest> {
  const type = readMessageType(raw, ['listAccounts'] as const);
  return type.ok ? ok({ type: type.value }) : type;
}

/** Webview side: the reply to `listAccounts`, or undefined for anything else. */
export function parseAoaiModeReply(raw: unknown): AoaiModeReply | undefined {
  return isRecord(raw) && raw.type === 'accounts' && Array.isArray(raw.accounts) && Array.isArray(raw.failures)
    ? (raw as unknown as AoaiModeReply)
    : undefined;
}

export function parseAzureOpenAiInput(raw: Record<string, unknown>): Parsed<AzureOpenAiInput> {
  const form = parseAoaiForm(raw.form);
  if (!form.ok) return form;
  const onExisting = readOnExisting(raw);
  if (!onExisting.ok) return onExisting;
  const fileText = readString(raw, 'fileText', { optional: true, maxLength: MAX_SPEC_BYTES });
  if (!fileText.ok) return fileText;
  if (form.value.spec.kind === 'file' && fileText.value === undefined) return fail('"fileText" is required when the spec is a local file.');
  return ok({
    mode: 'azureOpenAi',
    form: form.value,
    ...(fileText.value !== undefined ? { fileText: fileText.value } : {}),
    onExisting: onExisting.value,
  });
}

export function parseAoaiForm(raw: unknown): Parsed<AoaiForm> {
  if (!isRecord(raw)) return fail('"form" must be an object.');
  const mode = readOneOf(raw, 'mode', AOAI_MODES);
  if (!mode.ok) return mode;
  const auth = readOneOf(raw, 'auth', AOAI_AUTH);
  if (!auth.ok) return auth;
  const texts = readStrings(raw, ['accountId', 'displayName', 'description', 'basePath'], MAX_TEXT);
  if (!texts.ok) return texts;
  const text = texts.value;
  const header = readOneOf(raw, 'subscriptionKeyHeader', SUBSCRIPTION_KEY_HEADERS);
  if (!header.ok) return header;
  const products = readStringArray(raw, 'products', 100);
  if (!products.ok) return products;
  const spec = parseSpecSource(raw.spec);
  if (!spec.ok) return spec;
  const policies = parseAoaiPolicies(raw.policies);
  if (!policies.ok) return policies;
  const pool = parsePool(raw.pool, 'accountId');
  if (!pool.ok) return pool;
  const compatibility = raw.compatibility === undefined ? undefined : readOneOf(raw, 'compatibility', AOAI_COMPATIBILITIES);
  if (compatibility && !compatibility.ok) return compatibility;
  return ok({
    mode: mode.value,
    accountId: text.accountId,
    spec: spec.value,
    displayName: text.displayName,
    description: text.description,
    basePath: text.basePath,
    products: products.value,
    subscriptionKeyHeader: header.value,
    auth: auth.value,
    policies: policies.value,
    ...(pool.value ? { pool: pool.value } : {}),
    ...(compatibility ? { compatibility: compatibility.value } : {}),
  });
}

function parseSpecSource(raw: unknown): Parsed<AoaiSpecSource> {
  if (!isRecord(raw)) return fail('"spec" must be an object.');
  const kind = readOneOf(raw, 'kind', ['bundled', 'file'] as const);
  if (!kind.ok) return kind;
  if (kind.value === 'bundled') {
    const version = readOneOf(raw, 'version', INFERENCE_API_VERSIONS);
    return version.ok ? ok({ kind: 'bundled', version: version.value }) : version;
  }
  const fileName = readString(raw, 'fileName', { maxLength: 260 });
  return fileName.ok ? ok({ kind: 'file', fileName: fileName.value! }) : fileName;
}

function parseAoaiPolicies(raw: unknown): Parsed<AoaiPolicies> {
  return parseLmApiPolicies(raw);
}

// Pure modules the webview's Azure OpenAI form needs, re-exported so that it imports from src/protocol only.
export { AOAI_AUTH, AOAI_MODES, type AoaiAuth, type AoaiForm, type AoaiMode } from '../domain/import/azureOpenAi/form';
export { aoaiResourceNames } from '../domain/import/azureOpenAi/names';
export { validateAoaiForm, type AoaiFieldErrors } from '../domain/import/azureOpenAi/validation';
export { checkBasePath } from '../domain/import/azureOpenAi/basePath';
export {
  AOAI_COMPATIBILITIES,
  COMPATIBILITY_LABELS,
  COMPATIBILITY_NAMES,
  SPEC_COMPATIBILITY_NOTE,
  checkCompatBasePath,
  specCompatibility,
  type AoaiCompatibility,
} from '../domain/import/azureOpenAi/compatibility';
export { compatibilityOf } from '../domain/import/azureOpenAi/form';
export {
  INFERENCE_API_VERSIONS,
  LATEST_INFERENCE_API_VERSION,
  isInferenceApiVersion,
  type InferenceApiVersion,
} from '../domain/import/azureOpenAi/inferenceVersions';
export { listSpecOperations, parseOpenApiText } from '../domain/import/azureOpenAi/openApiDocument';
