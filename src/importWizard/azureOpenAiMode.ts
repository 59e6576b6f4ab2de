/**
 * The "Azure OpenAI" mode of the import wizard: from the resource (managed identity, or an API key) or from the OpenAPI
 * spec. Plans from what Azure says (the account and its endpoint, the instance's identity), never from what the webview
 * says about them, and answers the wizard's question for the accounts to choose from.
 */
import { prepareAoaiPlan } from '../apim/azureOpenAiImport';
import { aoaiStepHandlers } from '../apim/azureOpenAiStepHandlers';
import { listOpenAiAccounts } from '../azure/cognitiveAccounts';
import { RoleAssignmentNotPermittedError } from '../azure/cognitiveRoleAssignment';
import { explainError } from '../apim/errors';
import { aoaiResourceNames } from '../domain/import/azureOpenAi/names';
import type { AoaiStep } from '../domain/import/azureOpenAi/steps';
import { validateAoaiForm } from '../domain/import/azureOpenAi/validation';
import { checkCompatBasePath, clientSettingsSentence, MODEL_INFERENCE_API_VERSION } from '../domain/import/azureOpenAi/compatibility';
import { compatibilityOf } from '../domain/import/azureOpenAi/form';
import { toCurl } from '../domain/chat/curl';
import { LATEST_INFERENCE_API_VERSION } from '../domain/import/azureOpenAi/inferenceVersions';
import { lmApiEndpoint } from '../domain/chat/sampleRequest';
import { parseAoaiModeRequest, type AccountView, type AoaiModeReply, type AzureOpenAiInput } from '../protocol/azureOpenAiInput';
import { pathsOfOtherApis } from '../protocol/importWizard';
import type { WizardMode } from './wizardMode';
import { validatePrerequisites } from '../domain/policies/validation';

const pathOf = (input: AzureOpenAiInput): string => checkCompatBasePath(input.form.basePath, compatibilityOf(input.form)).path;

export const azureOpenAiMode: WizardMode<AzureOpenAiInput, AoaiStep> = {
  mode: 'azureOpenAi',
  validate(input, facts) {
    const form = validateAoaiForm(
      input.form,
      {
        existingPaths: pathsOfOtherApis(facts, aoaiResourceNames(input.form.displayName).apiId),
        products: facts.products.map((p) => p.id),
        backends: facts.backends,
        embeddingsBackends: facts.embeddingsBackends,
      },
      input.fileText,
    );
    return { ...form, ...validatePrerequisites(input.form.policies, facts.prerequisites) };
  },
  buildPlan: (input, _key, ctx) =>
    prepareAoaiPlan(ctx.clients, ctx.service, {
      form: input.form,
      ...(input.fileText !== undefined ? { fileText: input.fileText } : {}),
      onExisting: input.onExisting,
    }),
  handlers: aoaiStepHandlers,
  // No secret crosses the wizard: the API-key variant reads the account key in its step handler.
  secrets: () => new Map(),
  describe(input, service) {
    const endpoint = lmApiEndpoint(service.gatewayUrl, pathOf(input));
    const compatibility = compatibilityOf(input.form);
    const clientSettings = clientSettingsSentence(compatibility, service.gatewayUrl ?? '', pathOf(input), input.form.subscriptionKeyHeader);
    if (compatibility !== 'azureOpenAi') {
      const v1 = compatibility === 'v1';
      const curl = toCurl({
        method: 'POST',
        url: v1 ? `${endpoint}/responses` : `${endpoint}/chat/completions?api-version=${MODEL_INFERENCE_API_VERSION}`,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(
          v1
            ? { model: 'your-deployment', input: 'Say hello', max_output_tokens: 50 }
            : { model: 'your-deployment', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 50 },
        ),
        keyHeader: input.form.subscriptionKeyHeader,
      });
      return { endpoint, curl, clientSettings };
    }
    const apiVersion = input.form.spec.kind === 'bundled' ? input.form.spec.version : LATEST_INFERENCE_API_VERSION;
    const curl = toCurl({
      method: 'POST',
      url: `${endpoint}/deployments/your-deployment/chat/completions?api-version=${apiVersion}`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 50 }),
      keyHeader: input.form.subscriptionKeyHeader,
    });
    return { endpoint, curl, clientSettings };
  },
  createdApi(input, service) {
    return {
      service,
      apiId: aoaiResourceNames(input.form.displayName).apiId,
      displayName: input.form.displayName,
      path: pathOf(input),
      subscriptionKeyHeader: input.form.subscriptionKeyHeader,
      subscriptionRequired: true,
    };
  },
  // Without the right to assign roles nothing of this import can work: undo it and give the administrator's command.
  rollsBackOnFailure: (error) => error instanceof RoleAssignmentNotPermittedError,
  explainFailure: (error) =>
    error instanceof RoleAssignmentNotPermittedError
      ? error.message.replace('its identity. ', 'its identity. Nothing was imported. ')
      : undefined,
  async handleModeRequest(raw, ctx): Promise<AoaiModeReply> {
    const request = parseAoaiModeRequest(raw);
    if (!request.ok) {
      throw new Error(`The wizard asked for something this mode does not answer (${request.error}) Close the wizard and open it again.`);
    }
    // The selected subscriptions, and always the instance's own (a model next to the gateway is the common case).
    const selected = (await ctx.subscriptionIds?.()) ?? [];
    const listing = await listOpenAiAccounts(ctx.clients, [...new Set([ctx.service.subscriptionId, ...selected])]);
    const accounts: AccountView[] = listing.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      ...(a.location ? { location: a.location } : {}),
      subscriptionId: a.subscriptionId,
      endpoint: a.endpoint,
      deployments: a.deployments.map((d) => ({
        name: d.name,
        ...(d.model ? { model: d.model } : {}),
        ...(d.modelVersion ? { modelVersion: d.modelVersion } : {}),
        ...(d.capacity !== undefined ? { capacity: d.capacity } : {}),
      })),
    }));
    return {
      type: 'accounts',
      accounts,
      failures: listing.failures.map((f) => explainError(f.error, `list the Azure OpenAI resources of subscription ${f.subscriptionId}`)),
    };
  },
};
