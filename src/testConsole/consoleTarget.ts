/**
 * What the console needs to know about an API before the first send: which request shape it takes (from its
 * operations: chat completions, the Responses API), its provider and likely models (from the backend its policy routes
 * to), and for an Azure OpenAI or AIServices account behind it the deployments (in the path for Azure OpenAI, the
 * names "model" may take for v1 and model inference). Reads run in parallel; the optional ones fail soft.
 */
import { listBackends } from '../apim/backends';
import { listOperations, type OperationSummary } from '../apim/operations';
import { getApiPolicy } from '../apim/policies';
import { apiEndpoint, type ApiRef } from '../apim/refs';
import { listOpenAiAccounts } from '../azure/cognitiveAccounts';
import type { AzureClients } from '../azure/clients';
import {
  detectChatApiKind,
  hasChatOperation,
  openAiChatPath,
  responsesPathOf,
  type ChatApiKind,
  type ChatOperation,
} from '../domain/chat/chatRequest';
import { MODEL_INFERENCE_API_VERSION } from '../domain/import/azureOpenAi/compatibility';
import { PROVIDER_PRESETS } from '../domain/import/providers';
import { backendIdsInPolicy, recognizeLlmApi } from '../domain/recognition';
import type { Logger } from '../log';

export interface ConsoleTarget {
  readonly api: ApiRef;
  readonly endpoint: string;
  readonly kind: ChatApiKind;
  /** Chat path of an OpenAI-compatible API, e.g. `/chat/completions` (model inference: with its `api-version`). */
  readonly chatPath: string;
  /** The Responses API path, when the API has that operation. */
  readonly responsesPath?: string;
  /** The model APIs the form can call: chat completions and/or the Responses API. */
  readonly chatOperations: readonly ChatOperation[];
  readonly operations: readonly OperationSummary[];
  readonly provider?: string;
  readonly suggestedModels: readonly string[];
  readonly deployments: readonly string[];
}

export async function loadConsoleTarget(
  clients: AzureClients,
  api: ApiRef & { readonly serviceUrl?: string },
  log: Logger,
): Promise<ConsoleTarget> {
  const endpoint = apiEndpoint(api);
  if (!endpoint) throw new Error(`The instance "${api.service.name}" has no gateway URL. Use an instance with a managed gateway.`);
  const soft =
    <T>(what: string, fallback: T) =>
    (e: unknown): T => {
      log.warn(`Test console: could not read ${what} of ${api.apiId}: ${e instanceof Error ? e.message : String(e)}`);
      return fallback;
    };
  const [operations, policy, backends] = await Promise.all([
    listOperations(clients, api),
    getApiPolicy(clients, api).catch(soft('the policy', undefined)),
    listBackends(clients, api.service).catch(soft('the backends', [])),
  ]);
  const kind = detectChatApiKind(operations);
  const routed = backendIdsInPolicy(policy?.xml ?? '').map((id) => id.toLowerCase());
  const routedBackends = backends.filter((b) => routed.includes(b.name.toLowerCase()));
  const backendUrls = routedBackends.map((b) => b.url);
  // A pool has no URL of its own: its members' URLs say where calls go.
  const memberUrls = routedBackends
    .filter((b) => b.type === 'Pool')
    .flatMap((p) => p.poolMembers)
    .map((m) => backends.find((b) => b.name.toLowerCase() === m.toLowerCase())?.url ?? '')
    .filter((u) => u !== '');
  const recognition = recognizeLlmApi({
    ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}),
    backendUrls,
    operations,
    ...(policy ? { policyXml: policy.xml } : {}),
  });
  const preset = PROVIDER_PRESETS.find((p) => p.label === recognition.provider);
  const urls = [...backendUrls, api.serviceUrl ?? ''];
  // Any API may route to an Azure account (v1 and model inference name the deployment in the body): its deployments
  // are the models the form offers and checks.
  const deployments =
    kind === 'passthrough'
      ? []
      : await deploymentsBehind(clients, api, urls, kind === 'openai', memberUrls).catch(soft('the deployments', []));
  const responsesPath = kind === 'openai' ? responsesPathOf(operations) : undefined;
  const chatOperations: ChatOperation[] = [
    ...(hasChatOperation(operations) ? ['chat' as const] : []),
    ...(responsesPath ? ['responses' as const] : []),
  ];
  // Azure AI model inference (`{base}/models`) takes an api-version on every call; its operations are the same paths.
  const modelInference = kind === 'openai' && urls.some((u) => /\/models\/?$/i.test(u.split('?')[0] ?? ''));
  return {
    api,
    endpoint,
    kind,
    chatPath: `${openAiChatPath(operations)}${modelInference ? `?api-version=${MODEL_INFERENCE_API_VERSION}` : ''}`,
    ...(responsesPath ? { responsesPath } : {}),
    chatOperations,
    operations,
    ...(recognition.provider ? { provider: recognition.provider } : {}),
    suggestedModels: preset?.suggestedModels ?? [],
    deployments,
  };
}

/**
 * The deployments of the Azure OpenAI account one of the API's backend URLs points at. `underEndpoint`: only an
 * account whose endpoint the URL starts with counts (an OpenAI-compatible API is not an account's because it shares
 * its host), as for the model-in-the-body surfaces (`{endpoint}/openai/v1`, `{endpoint}/models`). Behind a pool
 * (`memberUrls`), those every member's account serves: the ones a request can fail over with.
 */
async function deploymentsBehind(
  clients: AzureClients,
  api: ApiRef,
  urls: readonly string[],
  underEndpoint: boolean,
  memberUrls: readonly string[],
): Promise<string[]> {
  const hosts = [...urls, ...memberUrls].map(hostOf).filter((h): h is string => h !== undefined);
  if (hosts.length === 0) return [];
  const { accounts } = await listOpenAiAccounts(clients, [api.service.subscriptionId]);
  const under = (u: string, endpoint: string): boolean =>
    `${u.toLowerCase().replace(/\/+$/, '')}/`.startsWith(`${endpoint.toLowerCase().replace(/\/+$/, '')}/`);
  const members = memberUrls.map((u) => accounts.find((a) => under(u, a.endpoint))).filter((a) => a !== undefined);
  if (members.length > 0) {
    const served = members.map((a) => new Set(a.deployments.map((d) => d.name)));
    return members[0].deployments.map((d) => d.name).filter((name) => served.every((s) => s.has(name)));
  }
  // The sandbox serves every account from one host, so match the endpoint's path too when hosts are shared.
  const account =
    accounts.find((a) => urls.some((u) => under(u, a.endpoint))) ??
    (underEndpoint ? undefined : accounts.find((a) => hosts.includes(hostOf(a.endpoint) ?? '')));
  return account ? account.deployments.map((d) => d.name) : [];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}
