/**
 * Checks the AI policies' prerequisite choices against what the host read from Azure (prerequisiteFacts.ts): a logger
 * or component that exists, an external cache or a Redis database with RediSearch, an embeddings deployment, a
 * Content Safety account, byte limits for LLM logging and a workspace. Pure; one sentence per field.
 */
import type {
  ContentSafetySettings,
  LlmLoggingSettings,
  LmApiPolicies,
  SemanticCacheSettings,
  TokenMetricsSettings,
} from '../import/lmApiForm';
import { hasRediSearch, sameArmId, type PrerequisiteFacts } from './prerequisiteFacts';

/** Errors by field, as the wizard shows them (a subset of the form's FieldErrors). */
export type FieldErrors = Partial<Record<`policies.${string}`, string>>;

/**
 * A choice that passed validation against the listing but that Azure refuses when the plan reads it (the user lost
 * read access, the deployment was removed): one sentence for one field, shown beside it like any validation error.
 */
export class PrerequisiteChoiceError extends Error {
  override readonly name = 'PrerequisiteChoiceError';
  constructor(
    readonly field: `policies.${string}`,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The largest `maxSizeInBytes` of `largeLanguageModel` (256 KB, as the sandbox and published templates use; the REST
 * spec's own bound is unverified). Microsoft Learn: messages over 32 KB are split into 32 KB log entries.
 */
export const MAX_LLM_LOG_BYTES = 262_144;
const BLOCKLIST_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** A backend id this extension creates: what APIM accepts, kept simple. */
const NEW_BACKEND_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,79}$/;

export function validateLlmLogging(s: LlmLoggingSettings): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, value, what] of [
    ['policies.promptBytes', s.promptBytes, 'prompts'],
    ['policies.completionBytes', s.completionBytes, 'completions'],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > MAX_LLM_LOG_BYTES) {
      errors[field] = `The bytes of ${what} to log must be a whole number from 0 to ${MAX_LLM_LOG_BYTES.toLocaleString('en-US')} (256 KB).`;
    }
  }
  if (s.promptBytes === 0 && s.completionBytes === 0 && errors['policies.promptBytes'] === undefined) {
    errors['policies.promptBytes'] = 'Log at least the prompts or the completions, or turn LLM logging off.';
  }
  return errors;
}

export function validateBlocklists(s: ContentSafetySettings): FieldErrors {
  const lists = s.blocklists ?? [];
  if (lists.length > 10) return { 'policies.blocklists': 'Choose at most 10 blocklists.' };
  const bad = lists.find((b) => !BLOCKLIST_NAME.test(b));
  if (bad !== undefined) {
    return { 'policies.blocklists': 'A blocklist name can only contain letters, digits, "-" and "_" (at most 64). Check the names.' };
  }
  if (new Set(lists).size !== lists.length) return { 'policies.blocklists': 'A blocklist is listed twice. List each once.' };
  return {};
}

/** True when a policy group that has prerequisites is on (token metrics, semantic caching, content safety, LLM logging). */
export function hasPrerequisites(p: LmApiPolicies): boolean {
  return p.tokenMetrics !== undefined || p.semanticCache !== undefined || p.contentSafety !== undefined || p.llmLogging !== undefined;
}

/** The prerequisite choices of every policy group that is on; without facts only what needs none is checked. */
export function validatePrerequisites(policies: LmApiPolicies, facts: PrerequisiteFacts | undefined): FieldErrors {
  const errors: FieldErrors = {};
  if (policies.tokenMetrics) Object.assign(errors, metricsErrors(policies.tokenMetrics, facts));
  if (policies.semanticCache) Object.assign(errors, cacheErrors(policies.semanticCache, facts));
  if (policies.contentSafety) {
    Object.assign(errors, safetyErrors(policies.contentSafety, facts), validateBlocklists(policies.contentSafety));
  }
  if (policies.llmLogging) Object.assign(errors, validateLlmLogging(policies.llmLogging), workspaceErrors(policies.llmLogging, facts));
  return errors;
}

function metricsErrors(s: TokenMetricsSettings, facts: PrerequisiteFacts | undefined): FieldErrors {
  const d = s.destination;
  if (!d) {
    return facts
      ? {
          'policies.metricsDestination':
            'Token metrics need an Application Insights logger; without one Azure emits nothing. Choose a logger or an Application Insights resource.',
        }
      : {};
  }
  if (!facts) return {};
  if (d.kind === 'logger' && !facts.loggers.some((l) => l.id === d.loggerId)) {
    return { 'policies.metricsDestination': `The instance has no Application Insights logger "${d.loggerId}". Choose one from the list.` };
  }
  if (d.kind === 'component' && !facts.components.some((c) => sameArmId(c.id, d.componentId))) {
    return { 'policies.metricsDestination': 'Choose the Application Insights resource from the list.' };
  }
  return {};
}

function cacheErrors(s: SemanticCacheSettings, facts: PrerequisiteFacts | undefined): FieldErrors {
  const errors: FieldErrors = {};
  if (s.embeddingsDeployment && !NEW_BACKEND_ID.test(s.embeddingsBackendId)) {
    errors['policies.embeddingsBackendId'] = 'The embeddings backend name can only contain letters, digits and "-". Enter another name.';
  }
  if (!facts) return errors;
  if (s.embeddingsDeployment) {
    const e = s.embeddingsDeployment;
    if (!facts.embeddingsDeployments.some((d) => sameArmId(d.accountId, e.accountId) && d.deployment === e.deployment)) {
      errors['policies.embeddingsDeployment'] = 'Choose the embeddings deployment from the list.';
    }
  }
  if (s.redisDatabaseId !== undefined) {
    const db = facts.redisDatabases.find((r) => sameArmId(r.id, s.redisDatabaseId!));
    if (!db) errors['policies.redisDatabaseId'] = 'Choose the Azure Managed Redis database from the list.';
    else if (!hasRediSearch(db)) {
      errors['policies.redisDatabaseId'] =
        `The Redis database ${db.clusterName}/${db.name} has no RediSearch module, which semantic caching needs; a module can only be added when a database is created. Choose a database with RediSearch.`;
    }
  } else if (facts.externalCaches.length === 0) {
    errors['policies.redisDatabaseId'] =
      'Semantic caching needs an external cache and this instance has none. Choose an Azure Managed Redis database with RediSearch to register.';
  }
  return errors;
}

function safetyErrors(s: ContentSafetySettings, facts: PrerequisiteFacts | undefined): FieldErrors {
  if (s.accountId === undefined) return {};
  if (!NEW_BACKEND_ID.test(s.backendId)) {
    return { 'policies.safetyBackendId': 'The content safety backend name can only contain letters, digits and "-". Enter another name.' };
  }
  if (facts && !facts.contentSafetyAccounts.some((a) => sameArmId(a.id, s.accountId!))) {
    return { 'policies.safetyAccountId': 'Choose the Azure AI Content Safety account from the list.' };
  }
  return {};
}

function workspaceErrors(s: LlmLoggingSettings, facts: PrerequisiteFacts | undefined): FieldErrors {
  if (s.workspaceId === undefined || !facts) return {};
  return facts.workspaces.some((w) => sameArmId(w.id, s.workspaceId!))
    ? {}
    : { 'policies.workspaceId': 'Choose the Log Analytics workspace from the list.' };
}
