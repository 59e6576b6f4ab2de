/**
 * Parsers of the AI policy settings the wizard's Policies page sends (token limit, token metrics, semantic cache,
 * content safety): shared by both import modes. Shape only; the values are validated in src/domain/import/validation.ts.
 */
import {
  COUNTER_KEYS,
  METRIC_DIMENSIONS,
  QUOTA_PERIODS,
  SAFETY_CATEGORIES,
  type ContentSafetySettings,
  type LmApiPolicies,
  type SemanticCacheSettings,
  type TokenLimitSettings,
  type TokenMetricsSettings,
} from '../domain/import/lmApiForm';
import {
  fail,
  isRecord,
  ok,
  readBoolean,
  readNumber,
  readOneOf,
  readOptionalParts,
  readString,
  readStringArray,
  type Parsed,
} from '../domain/guards';

const MAX_ID = 256;

export function parseLmApiPolicies(raw: unknown): Parsed<LmApiPolicies> {
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

export function parseSemanticCache(raw: unknown): Parsed<SemanticCacheSettings> {
  if (!isRecord(raw)) return fail('"semanticCache" must be an object.');
  const backend = readString(raw, 'embeddingsBackendId', { maxLength: MAX_ID });
  if (!backend.ok) return backend;
  const score = readNumber(raw, 'scoreThreshold');
  if (!score.ok) return score;
  const duration = readNumber(raw, 'durationSeconds');
  if (!duration.ok) return duration;
  return ok({ embeddingsBackendId: backend.value!, scoreThreshold: score.value!, durationSeconds: duration.value! });
}

export function parseContentSafety(raw: unknown): Parsed<ContentSafetySettings> {
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
