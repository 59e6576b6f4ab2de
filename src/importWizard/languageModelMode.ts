/** The "Language Model API" mode of the import wizard: an OpenAI-compatible or passthrough API in front of a model URL. */
import { policyStepHandlers } from '../apim/policyStepHandlers';
import { resolvePrerequisites } from '../apim/prerequisites';
import type { PolicyPlanStep } from '../domain/policies/policyPlanStep';
import { validatePrerequisites } from '../domain/policies/validation';
import { LM_API_KEY_SECRET, buildLmApiPlan, lmExtraKeySecret } from '../domain/import/lmApiPlan';
import { findPreset } from '../domain/import/providers';
import { proposeFreePath } from '../domain/import/freePath';
import { lmApiResourceNames, type LmApiResourceNames } from '../domain/import/resourceNames';
import { lmApiEndpoint, sampleCurl } from '../domain/chat/sampleRequest';
import { normalizeApiPath, validateLmApiForm } from '../domain/import/validation';
import { pathsOfOtherApis } from '../protocol/importWizard';
import { type LanguageModelInput } from '../protocol/languageModelInput';
import type { WizardMode } from './wizardMode';

const namesOf = (input: LanguageModelInput): LmApiResourceNames => lmApiResourceNames(input.form.displayName, input.apiId);
const BACKEND_SUFFIX = '-backend';

export const languageModelMode: WizardMode<LanguageModelInput, PolicyPlanStep> = {
  mode: 'languageModel',
  validate(input, facts, keys) {
    const prerequisites = validatePrerequisites(input.form.policies, facts.prerequisites);
    const form = validateLmApiForm(
      input.form,
      {
        existingPaths: pathsOfOtherApis(facts, namesOf(input).apiId),
        products: facts.products.map((p) => p.id),
        backends: facts.backends,
        embeddingsBackends: facts.embeddingsBackends,
      },
      keys.key,
      keys.backendKeys,
    );
    return { ...form, ...prerequisites };
  },
  buildPlan: async (input, keys, ctx) =>
    buildLmApiPlan(input.form, {
      hasKey: keys.key !== '',
      extraHasKey: keys.backendKeys.map((k) => k !== ''),
      onExisting: input.onExisting,
      ...(input.apiId !== undefined ? { apiId: input.apiId } : {}),
      prerequisites: await resolvePrerequisites(ctx.clients, ctx.service, input.form.policies),
    }),
  handlers: policyStepHandlers,
  // One secret per member that has a key, under the name its named value step refers to.
  secrets: (_input, keys) =>
    new Map(
      [[LM_API_KEY_SECRET, keys.key] as const, ...keys.backendKeys.map((k, i) => [lmExtraKeySecret(i), k] as const)].filter(
        ([, k]) => k !== '',
      ),
    ),
  describe(input, service) {
    const endpoint = lmApiEndpoint(service.gatewayUrl, normalizeApiPath(input.form.path));
    const curl = sampleCurl({
      endpoint,
      subscriptionKeyHeader: input.form.subscriptionKeyHeader,
      model: findPreset(input.form.provider)?.suggestedModels[0],
    });
    return { endpoint, curl };
  },
  createdApi(input, service) {
    return {
      service,
      apiId: namesOf(input).apiId,
      displayName: input.form.displayName,
      path: normalizeApiPath(input.form.path),
      subscriptionKeyHeader: input.form.subscriptionKeyHeader,
      subscriptionRequired: true,
    };
  },
  proposeNewPath(input, facts) {
    // A backend "{id}-backend" that exists blocks the id too: the new import must not touch anything existing.
    const backendIds = facts.backends.filter((b) => b.endsWith(BACKEND_SUFFIX)).map((b) => b.slice(0, -BACKEND_SUFFIX.length));
    return proposeFreePath(
      { path: normalizeApiPath(input.form.path), apiId: namesOf(input).apiId },
      { paths: facts.existingApis.map((a) => a.path), ids: [...facts.existingApis.map((a) => a.apiId), ...backendIds] },
    );
  },
  withNewPath: (input, newPath) => ({
    ...input,
    form: { ...input.form, path: newPath.path },
    apiId: newPath.apiId,
    onExisting: 'conflict',
  }),
};
