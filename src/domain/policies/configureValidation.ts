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

/** The groups whose settings differ from what the page started with. */
export function changedGroups(wanted: LmApiPolicies, initial: LmApiPolicies): Group[] {
  return GROUPS.filter((g) => JSON.stringify(wanted[g]) !== JSON.stringify(initial[g]));
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
