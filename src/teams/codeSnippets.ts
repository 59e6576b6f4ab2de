/**
 * "Copy Code for API…" without UI: what the API is (OpenAI-compatible or Azure OpenAI from its operations, where chat
 * completions are, which models or deployments are behind it), turned into the one client description that every
 * language renders. Reads run in parallel; the model list is a convenience and fails soft.
 */
import { listBackends } from '../apim/backends';
import { listOperations } from '../apim/operations';
import { getApiPolicy } from '../apim/policies';
import { apiEndpoint, type ApiRef } from '../apim/refs';
import type { AzureClients } from '../azure/clients';
import { listOpenAiAccounts } from '../azure/cognitiveAccounts';
import { detectChatApiKind, openAiChatPath } from '../domain/chat/chatRequest';
import { PROVIDER_PRESETS } from '../domain/import/providers';
import { backendIdsInPolicy, recognizeLlmApi } from '../domain/recognition';
import { describeClient, keyVariableFor, type ClientDescription, type ClientFlavour } from '../domain/snippets/clientDescription';
import type { Logger } from '../log';

export interface SnippetApi {
  readonly api: ApiRef;
  readonly endpoint: string;
  readonly flavour: ClientFlavour;
  readonly chatPath: string;
  /** Deployments (Azure OpenAI) or the provider's usual models, best first; may be empty (the user types one). */
  readonly models: readonly string[];
}

export async function loadSnippetApi(
  clients: AzureClients,
  api: ApiRef & { readonly serviceUrl?: string },
  log: Logger,
): Promise<SnippetApi> {
  const endpoint = apiEndpoint(api);
  if (!endpoint) throw new Error(`The instance "${api.service.name}" has no gateway URL. Use an instance with a managed gateway.`);
  const soft = (what: string) => (e: unknown) => {
    log.warn(`Copy Code: could not read ${what} of ${api.apiId}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  };
  const [operations, policy, backends] = await Promise.all([
    listOperations(clients, api),
    getApiPolicy(clients, api).catch(soft('the policy')),
    listBackends(clients, api.service).catch(soft('the backends')),
  ]);
  const flavour: ClientFlavour = detectChatApiKind(operations) === 'azureOpenAi' ? 'azureOpenAi' : 'openai';
  const routed = new Set(backendIdsInPolicy(policy?.xml ?? '').map((id) => id.toLowerCase()));
  const backendUrls = (backends ?? []).filter((b) => routed.has(b.name.toLowerCase())).map((b) => b.url);
  let models: readonly string[];
  if (flavour === 'azureOpenAi') {
    const urls = [...backendUrls, api.serviceUrl ?? ''].map((u) => u.toLowerCase()).filter((u) => u !== '');
    const listing = await listOpenAiAccounts(clients, [api.service.subscriptionId]).catch(soft('the Azure OpenAI deployments'));
    const account = listing?.accounts.find((a) => urls.some((u) => u.startsWith(a.endpoint.toLowerCase().replace(/\/+$/, ''))));
    models = (account?.deployments ?? []).map((d) => d.name).filter((name) => !/embedding/i.test(name));
  } else {
    const provider = recognizeLlmApi({ ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}), backendUrls, operations }).provider;
    models = PROVIDER_PRESETS.find((p) => p.label === provider)?.suggestedModels ?? [];
  }
  return { api, endpoint, flavour, chatPath: openAiChatPath(operations), models };
}

export function snippetDescription(
  api: SnippetApi,
  subscription: { readonly name: string; readonly displayName: string },
  model: string,
): ClientDescription {
  return describeClient({
    flavour: api.flavour,
    endpoint: api.endpoint,
    chatPath: api.chatPath,
    keyHeader: api.api.subscriptionKeyHeader,
    keyVariable: keyVariableFor(subscription.name),
    model,
    title: `${api.api.displayName} through ${api.api.service.name}, with the key of the subscription "${subscription.displayName}"`,
  });
}
