/** The "Language Model API" mode of the import wizard: its input and the parser of it. Imported by the host and the webview. */
import { LM_API_TYPES, SUBSCRIPTION_KEY_HEADERS, type LmApiForm } from '../domain/import/lmApiForm';
import { PROVIDER_IDS } from '../domain/import/providers';
import { API_ID_PATTERN, MAX_API_ID } from '../domain/import/resourceNames';
import { fail, isRecord, ok, readOneOf, readString, readStringArray, readStrings, type Parsed } from '../domain/guards';
import { readOnExisting } from './parsers';
import { parsePool } from './poolSettings';
import { parseLmApiPolicies } from './policySettings';

const MAX_TEXT = 4_096;

export interface LanguageModelInput {
  readonly mode: 'languageModel';
  readonly form: LmApiForm;
  /** 'update' once the user chose to update an existing API (its policy merged). */
  readonly onExisting: 'conflict' | 'update';
  /** The API id chosen instead of the one made from the display name ("Use a new path"); the other ids follow it. */
  readonly apiId?: string;
}

export function parseLanguageModelInput(raw: Record<string, unknown>): Parsed<LanguageModelInput> {
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
  const policies = parseLmApiPolicies(raw.policies);
  if (!policies.ok) return policies;
  const pool = parsePool(raw.pool, 'url');
  if (!pool.ok) return pool;
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
    ...(pool.value ? { pool: pool.value } : {}),
  });
}
