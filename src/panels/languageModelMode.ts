/** The "Language Model API" mode of the import wizard: an OpenAI-compatible or passthrough API in front of a model URL. */
import { apimStepHandlers } from '../apim/apimStepHandlers';
import type { ApimStep } from '../llm/apimSteps';
import { LM_API_KEY_SECRET, buildLmApiPlan } from '../llm/lmApiPlan';
import { findPreset } from '../llm/providers';
import { lmApiResourceNames } from '../llm/resourceNames';
import { lmApiEndpoint, sampleCurl } from '../llm/sampleRequest';
import { normalizeApiPath, validateLmApiForm } from '../llm/validation';
import { pathsOfOtherApis, type LanguageModelInput } from '../protocol/importWizard';
import type { WizardMode } from './wizardMode';

export const languageModelMode: WizardMode<LanguageModelInput, ApimStep> = {
  mode: 'languageModel',
  validate(input, facts, key) {
    return validateLmApiForm(
      input.form,
      {
        existingPaths: pathsOfOtherApis(facts, lmApiResourceNames(input.form.displayName).apiId),
        products: facts.products.map((p) => p.id),
        backends: facts.backends,
        embeddingsBackends: facts.embeddingsBackends,
      },
      key,
    );
  },
  buildPlan: (input, key) => buildLmApiPlan(input.form, { hasKey: key !== '', onExisting: input.onExisting }),
  handlers: apimStepHandlers,
  secrets: (_input, key) => new Map(key === '' ? [] : [[LM_API_KEY_SECRET, key]]),
  describe(input, service) {
    const endpoint = lmApiEndpoint(service.gatewayUrl, normalizeApiPath(input.form.path));
    const curl = sampleCurl({ endpoint, subscriptionKeyHeader: input.form.subscriptionKeyHeader, model: findPreset(input.form.provider)?.suggestedModels[0] });
    return { endpoint, curl };
  },
  createdApi(input, service) {
    return {
      service,
      apiId: lmApiResourceNames(input.form.displayName).apiId,
      displayName: input.form.displayName,
      path: normalizeApiPath(input.form.path),
      subscriptionKeyHeader: input.form.subscriptionKeyHeader,
      subscriptionRequired: true,
    };
  },
};
