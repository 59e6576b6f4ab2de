/**
 * "Copy Code for API…" without UI: what the API is (OpenAI-compatible or Azure OpenAI, its chat path, its models or
 * deployments, read as the test console reads them), turned into the one client description every language renders.
 */
import type { ApiRef } from '../apim/refs';
import type { AzureClients } from '../azure/clients';
import { describeClient, keyVariableFor, type ClientDescription } from '../domain/snippets/clientDescription';
import type { Logger } from '../log';
import { loadConsoleTarget, type ConsoleTarget } from '../testConsole/consoleTarget';

export interface SnippetApi {
  readonly target: ConsoleTarget;
  /** Deployments (Azure OpenAI) or the provider's usual models, best first; may be empty (the user types one). */
  readonly models: readonly string[];
}

export async function loadSnippetApi(
  clients: AzureClients,
  api: ApiRef & { readonly serviceUrl?: string },
  log: Logger,
): Promise<SnippetApi> {
  const target = await loadConsoleTarget(clients, api, log);
  const models = target.kind === 'azureOpenAi' ? target.deployments : target.suggestedModels;
  return { target, models };
}

export function snippetDescription(
  api: SnippetApi,
  subscription: { readonly name: string; readonly displayName: string },
  model: string,
): ClientDescription {
  const { target } = api;
  return describeClient({
    flavour: target.kind === 'azureOpenAi' ? 'azureOpenAi' : 'openai',
    endpoint: target.endpoint,
    chatPath: target.chatPath,
    keyHeader: target.api.subscriptionKeyHeader,
    keyVariable: keyVariableFor(subscription.name),
    model,
    title: `${target.api.displayName} through ${target.api.service.name}, with the key of the subscription "${subscription.displayName}"`,
  });
}
