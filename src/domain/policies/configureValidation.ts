/**
 * Checks the Policies page of "Configure AI Policies…": each group the user changed gets the import's own rules (token
 * limit, metrics, caching, content safety, LLM logging and their prerequisites). A group left as the API has it is not
 * judged again: changing a token limit must not demand that an older cache set-up be fixed first. Pure; run by the page
 * as the user goes and by the host on every message.
 */
import type { LmApiPolicies } from '../import/lmApiForm';
import {
  validateContentSafety,
  validateSemanticCache,
  validateTokenLimit,
  validateTokenMetrics,
  type FieldErrors,
} from '../import/validation';
import type { PrerequisiteFacts } from './prerequisiteFacts';
import { validatePrerequisites } from './validation';

export interface ConfigureFacts {
  readonly backends?: readonly string[];
  readonly embeddingsBackends?: readonly string[];
  readonly prerequisites?: PrerequisiteFacts;
}

type Group = keyof LmApiPolicies;
const GROUPS: readonly Group[] = ['tokenLimit', 'tokenMetrics', 'semanticCache', 'contentSafety', 'llmLogging'];

/**
 * The groups whose settings differ from what the page started with. What the page does not show (whether the cache
 * varies by subscription) counts as the policy has it, and the order of fields does not matter.
 */
export function changedGroups(wanted: LmApiPolicies, initial: LmApiPolicies): Group[] {
  const vary = initial.semanticCache?.varyBySubscription;
  const cache = wanted.semanticCache && vary !== undefined ? { varyBySubscription: vary, ...wanted.semanticCache } : wanted.semanticCache;
  const w: LmApiPolicies = { ...wanted, ...(cache ? { semanticCache: cache } : {}) };
  return GROUPS.filter((g) => canonical(w[g]) !== canonical(initial[g]));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export function validateConfiguredPolicies(wanted: LmApiPolicies, initial: LmApiPolicies, facts: ConfigureFacts): FieldErrors {
  const changed = new Set(changedGroups(wanted, initial));
  const p: { -readonly [K in Group]?: LmApiPolicies[K] } = {};
  for (const g of changed) Object.assign(p, { [g]: wanted[g] });
  const errors: FieldErrors = {};
  if (p.tokenLimit) Object.assign(errors, validateTokenLimit(p.tokenLimit));
  if (p.tokenMetrics) Object.assign(errors, validateTokenMetrics(p.tokenMetrics));
  if (p.semanticCache) Object.assign(errors, validateSemanticCache(p.semanticCache, facts.embeddingsBackends));
  if (p.contentSafety) Object.assign(errors, validateContentSafety(p.contentSafety, facts.backends));
  return { ...errors, ...validatePrerequisites(p, facts.prerequisites) };
}
