/**
 * What the console needs to know about an API before the first send: which request shape it takes (from its
 * operations), its provider and likely models (from the backend its policy routes to), and for Azure OpenAI the
 * deployments of the resource behind it. Reads run in parallel; the optional ones fail soft.
 */
import { listBackends } from '../apim/backends';
import { listOperations, type OperationSummary } from '../apim/operations';
import { getApiPolicy } from '../apim/policies';
import { apiEndpoint, type ApiRef } from '../apim/refs';
import { listOpenAiAccounts } from '../azure/cognitiveAccounts';
import type { AzureClients } from '../azure/clients';
import { detectChatApiKind, openAiChatPath, type ChatApiKind } from '../domain/chat/chatRequest';
import { PROVIDER_PRESETS } from '../domain/import/providers';
import { backendIdsInPolicy, recognizeLlmApi } from '../domain/recognition';
import type { Logger } from '../log';

export interface ConsoleTarget {
  readonly api: ApiRef;
  readonly endpoint: string;
  readonly kind: ChatApiKind;
  /** Chat path of an OpenAI-compatible API, e.g. `/chat/completions`. */
  readonly chatPath: string;
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
  const backendUrls = backends.filter((b) => routed.includes(b.name.toLowerCase())).map((b) => b.url);
  const recognition = recognizeLlmApi({
    ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}),
    backendUrls,
    operations,
    ...(policy ? { policyXml: policy.xml } : {}),
  });
  const preset = PROVIDER_PRESETS.find((p) => p.label === recognition.provider);
  const deployments =
    kind === 'azureOpenAi'
      ? await deploymentsBehind(clients, api, [...backendUrls, api.serviceUrl ?? '']).catch(soft('the deployments', []))
      : [];
  return {
    api,
    endpoint,
    kind,
    chatPath: openAiChatPath(operations),
    operations,
    ...(recognition.provider ? { provider: recognition.provider } : {}),
    suggestedModels: preset?.suggestedModels ?? [],
    deployments,
  };
}

/** The deployments of the Azure OpenAI account whose endpoint host one of the API's backend URLs points at. */
async function deploymentsBehind(clients: AzureClients, api: ApiRef, urls: readonly string[]): Promise<string[]> {
  const hosts = urls.map(hostOf).filter((h): h is string => h !== undefined);
  if (hosts.length === 0) return [];
  const { accounts } = await listOpenAiAccounts(clients, [api.service.subscriptionId]);
  // The sandbox serves every account from one host, so match the endpoint's path too when hosts are shared.
  const account =
    accounts.find((a) => urls.some((u) => u.toLowerCase().startsWith(a.endpoint.toLowerCase().replace(/\/+$/, '')))) ??
    accounts.find((a) => hosts.includes(hostOf(a.endpoint) ?? ''));
  return account ? account.deployments.map((d) => d.name) : [];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}
