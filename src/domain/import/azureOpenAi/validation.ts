/**
 * Validation of the Azure OpenAI import form, shared by the wizard (as the user types) and the host (again on every
 * message). Field checks the Language Model import also has are reused from ../validation.ts; each error is one
 * sentence saying what is wrong and what to do.
 */
import {
  validateApiPath,
  validateDescription,
  validateDisplayName,
  validateContentSafety,
  validateProducts,
  validateSemanticCache,
  validateTokenLimit,
  validateTokenMetrics,
} from '../validation';
import { poolFormErrors } from '../../pools/poolValidation';
import type { AoaiField, AoaiForm } from './form';
import { checkCompatBasePath, COMPATIBILITY_NAMES, SPEC_COMPATIBILITY_NOTE, specCompatibility } from './compatibility';
import { compatibilityOf } from './form';
import { parseOpenApiText } from './openApiDocument';
import { poolDeploymentErrors, type PoolAccountDeployments } from './poolDeployments';

export type AoaiFieldErrors = Partial<Record<AoaiField, string>>;

export interface AoaiInstanceFacts {
  /** Paths of the instance's other APIs (not the one this import writes). */
  readonly existingPaths?: readonly string[];
  readonly products?: readonly string[];
  readonly backends?: readonly string[];
  readonly embeddingsBackends?: readonly string[];
  /** The deployment names of an account, by ARM id, when known (the pool's members must serve the same ones). */
  readonly deploymentsOf?: (accountId: string) => PoolAccountDeployments | undefined;
}

const ACCOUNT_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+$/i;

export function validateAoaiForm(form: AoaiForm, facts: AoaiInstanceFacts = {}, fileText?: string): AoaiFieldErrors {
  const errors: AoaiFieldErrors = {};
  const set = (field: AoaiField, message: string | undefined): void => {
    if (message !== undefined) errors[field] = message;
  };
  if (!ACCOUNT_ID.test(form.accountId)) set('accountId', 'Choose an Azure OpenAI resource from the list.');
  set('displayName', validateDisplayName(form.displayName));
  set('description', validateDescription(form.description));
  const basePath = checkCompatBasePath(form.basePath, compatibilityOf(form));
  set('basePath', basePath.valid ? validateApiPath(basePath.path, facts.existingPaths) : basePath.message);
  set('products', validateProducts(form.products, facts.products));
  if (form.mode === 'resource' && form.auth === 'none') {
    set('auth', 'An import from the resource authenticates to it. Choose managed identity or "Use an API key instead".');
  }
  if (form.mode === 'resource' && form.spec.kind === 'file') {
    set('spec', 'An import from the resource uses a bundled API version. Choose a version, or switch to "From the OpenAPI spec".');
  }
  if (form.spec.kind === 'file') {
    const parsed = fileText === undefined ? undefined : parseOpenApiText(fileText, form.spec.fileName);
    if (!parsed) set('spec', `The file ${form.spec.fileName} could not be read. Choose it again.`);
    else if (!parsed.ok) set('spec', parsed.error);
    else if (form.mode === 'spec' && specCompatibility(parsed.document) !== compatibilityOf(form)) {
      const names = COMPATIBILITY_NAMES;
      set(
        'spec',
        `The file ${form.spec.fileName} describes the ${names[specCompatibility(parsed.document)]} API, not ${names[compatibilityOf(form)]}. Choose the file again.`,
      );
    }
  } else if (form.mode === 'spec' && form.compatibility !== undefined && form.compatibility !== 'azureOpenAi') {
    set('compatibility', SPEC_COMPATIBILITY_NOTE);
  }
  const p = form.policies;
  if (form.auth === 'none' && (p.tokenLimit || p.tokenMetrics || p.semanticCache || p.contentSafety || p.llmLogging)) {
    set(
      'policies.tokenLimit',
      'AI policies need the API to route to the resource. Choose managed identity or an API key, or turn the policies off.',
    );
  }
  if (p.tokenLimit) Object.assign(errors, validateTokenLimit(p.tokenLimit));
  if (p.tokenMetrics) Object.assign(errors, validateTokenMetrics(p.tokenMetrics));
  if (p.semanticCache) Object.assign(errors, validateSemanticCache(p.semanticCache, facts.embeddingsBackends));
  if (p.contentSafety) Object.assign(errors, validateContentSafety(p.contentSafety, facts.backends));
  if (form.pool) Object.assign(errors, validateAoaiPool(form, facts));
  return errors;
}

/** The pool's members: the form's account first, then the extra accounts, each once and each a real account id. */
function validateAoaiPool(form: AoaiForm, facts: AoaiInstanceFacts): AoaiFieldErrors {
  const pool = form.pool!;
  if (form.auth === 'none') {
    return { 'pool.members.member': 'A pool routes to its backends. Choose managed identity or an API key, or remove the extra backends.' };
  }
  const name = (id: string): string => `"${id.slice(id.lastIndexOf('/') + 1)}"`;
  const primary = facts.deploymentsOf?.(form.accountId);
  const extras = pool.extra.map((m) => facts.deploymentsOf?.(m.accountId));
  const known = extras.filter((e): e is PoolAccountDeployments => e !== undefined);
  const deployments = primary && known.length === extras.length ? poolDeploymentErrors(primary, known) : {};
  const members = poolFormErrors(pool, [
    { label: name(form.accountId), identity: form.accountId.toLowerCase() },
    ...pool.extra.map((m, i) => ({
      label: name(m.accountId),
      identity: m.accountId.toLowerCase(),
      problem: ACCOUNT_ID.test(m.accountId) ? undefined : `Choose the Azure OpenAI resource of backend ${i + 2} from the list.`,
    })),
  ]);
  return { ...deployments, ...members };
}
