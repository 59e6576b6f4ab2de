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
  type LlmLoggingSettings,
  type LmApiPolicies,
  type MetricsDestination,
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
/** More than the policy's own limit, so that validation (not the parser) says what the limit is. */
const MAX_BLOCKLISTS = 20;
/** ARM ids of resources (components, Redis databases, accounts, workspaces) are long but bounded. */
const MAX_ARM_ID = 1024;

export function parseLmApiPolicies(raw: unknown): Parsed<LmApiPolicies> {
  return readOptionalParts<LmApiPolicies>(raw, 'policies', {
    tokenLimit: parseTokenLimit,
    tokenMetrics: parseTokenMetrics,
    semanticCache: parseSemanticCache,
    contentSafety: parseContentSafety,
    llmLogging: parseLlmLogging,
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
  const destination = raw.destination === undefined ? ok(undefined) : parseMetricsDestination(raw.destination);
  if (!destination.ok) return destination;
  const enable = readBoolean(raw, 'enableDimensions', { optional: true });
  if (!enable.ok) return enable;
  return ok({
    namespace: ns.value!,
    dimensions: dims.value as TokenMetricsSettings['dimensions'],
    ...(destination.value ? { destination: destination.value } : {}),
    ...(enable.value !== undefined ? { enableDimensions: enable.value } : {}),
  });
}

function parseMetricsDestination(raw: unknown): Parsed<MetricsDestination> {
  if (!isRecord(raw)) return fail('"destination" must be an object.');
  const kind = readOneOf(raw, 'kind', ['logger', 'component'] as const);
  if (!kind.ok) return kind;
  if (kind.value === 'logger') {
    const id = readString(raw, 'loggerId', { maxLength: MAX_ID });
    return id.ok ? ok({ kind: 'logger', loggerId: id.value! }) : id;
  }
  const id = readString(raw, 'componentId', { maxLength: MAX_ARM_ID });
  return id.ok ? ok({ kind: 'component', componentId: id.value! }) : id;
}

export function parseSemanticCache(raw: unknown): Parsed<SemanticCacheSettings> {
  if (!isRecord(raw)) return fail('"semanticCache" must be an object.');
  const backend = readString(raw, 'embeddingsBackendId', { maxLength: MAX_ID });
  if (!backend.ok) return backend;
  const score = readNumber(raw, 'scoreThreshold');
  if (!score.ok) return score;
  const duration = readNumber(raw, 'durationSeconds');
  if (!duration.ok) return duration;
  const redis = readString(raw, 'redisDatabaseId', { maxLength: MAX_ARM_ID, optional: true });
  if (!redis.ok) return redis;
  const vary = readBoolean(raw, 'varyBySubscription', { optional: true });
  if (!vary.ok) return vary;
  let deployment: SemanticCacheSettings['embeddingsDeployment'];
  if (raw.embeddingsDeployment !== undefined) {
    if (!isRecord(raw.embeddingsDeployment)) return fail('"embeddingsDeployment" must be an object.');
    const account = readString(raw.embeddingsDeployment, 'accountId', { maxLength: MAX_ARM_ID });
    if (!account.ok) return account;
    const name = readString(raw.embeddingsDeployment, 'deployment', { maxLength: MAX_ID });
    if (!name.ok) return name;
    deployment = { accountId: account.value!, deployment: name.value! };
  }
  return ok({
    embeddingsBackendId: backend.value!,
    ...(deployment ? { embeddingsDeployment: deployment } : {}),
    ...(redis.value !== undefined ? { redisDatabaseId: redis.value } : {}),
    scoreThreshold: score.value!,
    durationSeconds: duration.value!,
    ...(vary.value !== undefined ? { varyBySubscription: vary.value } : {}),
  });
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
  const account = readString(raw, 'accountId', { maxLength: MAX_ARM_ID, optional: true });
  if (!account.ok) return account;
  const blocklists = raw.blocklists === undefined ? ok(undefined) : readStringArray(raw, 'blocklists', MAX_BLOCKLISTS, MAX_ID);
  if (!blocklists.ok) return blocklists;
  return ok({
    backendId: backend.value!,
    ...(account.value !== undefined ? { accountId: account.value } : {}),
    shieldPrompt: shield.value!,
    categories,
    ...(blocklists.value !== undefined ? { blocklists: blocklists.value } : {}),
  });
}

export function parseLlmLogging(raw: unknown): Parsed<LlmLoggingSettings> {
  if (!isRecord(raw)) return fail('"llmLogging" must be an object.');
  const prompt = readNumber(raw, 'promptBytes');
  if (!prompt.ok) return prompt;
  const completion = readNumber(raw, 'completionBytes');
  if (!completion.ok) return completion;
  const workspace = readString(raw, 'workspaceId', { maxLength: MAX_ARM_ID, optional: true });
  if (!workspace.ok) return workspace;
  return ok({
    promptBytes: prompt.value!,
    completionBytes: completion.value!,
    ...(workspace.value !== undefined ? { workspaceId: workspace.value } : {}),
  });
}
