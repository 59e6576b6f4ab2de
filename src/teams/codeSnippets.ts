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
import { accountServing, queryApiVersion, servedApiVersion } from '../domain/snippets/apiShape';
import { describeClient, keyVariableFor, type ClientDescription, type ClientFlavour } from '../domain/snippets/clientDescription';
import type { Logger } from '../log';

export interface SnippetApi {
  readonly api: ApiRef;
  readonly endpoint: string;
  readonly flavour: ClientFlavour;
  readonly chatPath: string;
  /** The api-version every call carries: Azure AI model inference's query (Azure OpenAI's is the description's default). */
  readonly apiVersion?: string;
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
  const urls = [...backendUrls, api.serviceUrl ?? ''].filter((u) => u !== '');
  const provider = recognizeLlmApi({
    ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}),
    ...(policy ? { policyXml: policy.xml } : {}),
    backendUrls,
    operations,
  }).provider;
  // Azure OpenAI, and Foundry's v1 and model inference APIs (OpenAI-compatible, the deployment named in the body), are
  // served by an account: its deployments are the models to choose from.
  const azure = flavour === 'azureOpenAi' || provider === 'Azure OpenAI' || provider === 'Azure AI Foundry';
  const listing = azure
    ? await listOpenAiAccounts(clients, [api.service.subscriptionId]).catch(soft('the Azure OpenAI deployments'))
    : undefined;
  const served = listing ? accountServing(urls, listing.accounts) : undefined;
  const models = served
    ? served.account.deployments.map((d) => d.name).filter((name) => !/embedding/i.test(name))
    : azure
      ? []
      : (PROVIDER_PRESETS.find((p) => p.label === provider)?.suggestedModels ?? []);
  const apiVersion = flavour === 'openai' ? (queryApiVersion(operations) ?? servedApiVersion(served?.path ?? '')) : undefined;
  return { api, endpoint, flavour, chatPath: openAiChatPath(operations), ...(apiVersion ? { apiVersion } : {}), models };
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
    ...(api.apiVersion ? { apiVersion: api.apiVersion } : {}),
    keyHeader: api.api.subscriptionKeyHeader,
    keyVariable: keyVariableFor(subscription.name),
    model,
    title: `${api.api.displayName} through ${api.api.service.name}, with the key of the subscription "${subscription.displayName}"`,
  });
}
