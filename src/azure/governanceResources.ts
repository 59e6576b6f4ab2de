/**
 * The resources the AI policies' prerequisites can use, across subscriptions: Application Insights components (with
 * their "custom metrics with dimensions" switch), Azure Managed Redis databases with their modules, Azure AI Content
 * Safety accounts, embeddings deployments and Log Analytics workspaces. Subscriptions are read in parallel; a failed
 * read does not hide the others (its sentence is returned beside them). Never reads a key.
 */
import type {
  ComponentFact,
  ContentSafetyAccountFact,
  EmbeddingsDeploymentFact,
  RedisDatabaseFact,
  WorkspaceFact,
} from '../domain/policies/prerequisiteFacts';
import { armRequest } from './armRequest';
import type { AzureClients } from './clients';
import { listOpenAiAccounts, parseAccountId } from './cognitiveAccounts';

export interface GovernanceResources {
  readonly components: ComponentFact[];
  readonly redisDatabases: RedisDatabaseFact[];
  readonly contentSafetyAccounts: ContentSafetyAccountFact[];
  readonly embeddingsDeployments: EmbeddingsDeploymentFact[];
  readonly workspaces: WorkspaceFact[];
  readonly failures: { readonly what: string; readonly subscriptionId: string; readonly error: unknown }[];
}

const WORKSPACES_API_VERSION = '2022-10-01';

export async function listGovernanceResources(clients: AzureClients, subscriptionIds: readonly string[]): Promise<GovernanceResources> {
  const out: GovernanceResources = {
    components: [],
    redisDatabases: [],
    contentSafetyAccounts: [],
    embeddingsDeployments: [],
    workspaces: [],
    failures: [],
  };
  const read = async <T>(what: string, subscriptionId: string, list: () => Promise<T[]>, into: T[]): Promise<void> => {
    try {
      into.push(...(await list()));
    } catch (error) {
      out.failures.push({ what, subscriptionId, error });
    }
  };
  const openAi = listOpenAiAccounts(clients, subscriptionIds).then((listing) => {
    for (const a of listing.accounts) {
      for (const d of a.deployments) {
        if (/embedding/i.test(d.model ?? d.name)) {
          out.embeddingsDeployments.push({
            accountId: a.id,
            accountName: a.name,
            deployment: d.name,
            ...(d.model ? { model: d.model } : {}),
          });
        }
      }
    }
    for (const f of listing.failures) {
      out.failures.push({ what: 'the Azure OpenAI resources', subscriptionId: f.subscriptionId, error: f.error });
    }
  });
  await Promise.all([
    openAi,
    ...subscriptionIds.flatMap((s) => [
      read('the Application Insights resources', s, () => listComponents(clients, s), out.components),
      read('the Azure Managed Redis databases', s, () => listRedisDatabases(clients, s), out.redisDatabases),
      read('the Azure AI Content Safety accounts', s, () => listContentSafetyAccounts(clients, s), out.contentSafetyAccounts),
      read('the Log Analytics workspaces', s, () => listWorkspaces(clients, s), out.workspaces),
    ]),
  ]);
  for (const list of [out.components, out.redisDatabases, out.contentSafetyAccounts, out.workspaces] as { id: string }[][]) {
    list.sort((a, b) => a.id.localeCompare(b.id));
  }
  return out;
}

interface RawComponent {
  readonly id?: string;
  readonly name?: string;
  readonly location?: string;
  readonly properties?: { readonly CustomMetricsOptedInType?: string };
}

async function listComponents(clients: AzureClients, subscriptionId: string): Promise<ComponentFact[]> {
  const client = await clients.appInsights(subscriptionId);
  const out: ComponentFact[] = [];
  let page = await client.components.list();
  for (let pages = 0; pages < 100; pages++) {
    // The switch is not in the SDK's model (nor the REST spec), so it is read from the answer as sent.
    const raw = (page._response.parsedBody as { value?: RawComponent[] } | undefined)?.value ?? [];
    for (const c of raw) {
      if (c.id && c.name) {
        out.push({
          id: c.id,
          name: c.name,
          ...(c.location ? { location: c.location } : {}),
          withDimensions: c.properties?.CustomMetricsOptedInType === 'WithDimensions',
        });
      }
    }
    if (!page.nextLink) break;
    page = await client.components.listNext(page.nextLink);
  }
  return out;
}

async function listRedisDatabases(clients: AzureClients, subscriptionId: string): Promise<RedisDatabaseFact[]> {
  const client = await clients.redisEnterprise(subscriptionId);
  const clusters: { id: string; name: string; resourceGroup: string; location?: string }[] = [];
  for await (const c of client.redisEnterprise.list()) {
    const rg = /\/resourceGroups\/([^/]+)/i.exec(c.id ?? '')?.[1];
    if (c.id && c.name && rg) clusters.push({ id: c.id, name: c.name, resourceGroup: rg, ...(c.location ? { location: c.location } : {}) });
  }
  const perCluster = await Promise.all(
    clusters.map(async (c) => {
      const dbs: RedisDatabaseFact[] = [];
      for await (const d of client.databases.listByCluster(c.resourceGroup, c.name)) {
        if (!d.id || !d.name) continue;
        dbs.push({
          id: d.id,
          clusterName: c.name,
          name: d.name,
          ...(c.location ? { location: c.location } : {}),
          modules: (d.modules ?? []).map((m) => m.name),
        });
      }
      return dbs;
    }),
  );
  return perCluster.flat();
}

async function listContentSafetyAccounts(clients: AzureClients, subscriptionId: string): Promise<ContentSafetyAccountFact[]> {
  const client = await clients.cognitiveServices(subscriptionId);
  const out: ContentSafetyAccountFact[] = [];
  for await (const a of client.accounts.list()) {
    if (a.kind?.toLowerCase() !== 'contentsafety' || !a.id || !a.name) continue;
    const endpoint = a.properties?.endpoint ?? `https://${a.name}.cognitiveservices.azure.com/`;
    out.push({ id: a.id, name: a.name, endpoint, ...(a.location ? { location: a.location } : {}) });
  }
  return out;
}

type ArmPage = { readonly body?: { value?: { id?: string; name?: string; location?: string }[]; nextLink?: string } };

/** There is no Log Analytics SDK among our dependencies; two reads do not justify one (ARM through the SDK pipeline). */
async function listWorkspaces(clients: AzureClients, subscriptionId: string): Promise<WorkspaceFact[]> {
  const out: WorkspaceFact[] = [];
  let path: string | undefined = `/subscriptions/${subscriptionId}/providers/Microsoft.OperationalInsights/workspaces`;
  for (let pages = 0; path && pages < 100; pages++) {
    const page: ArmPage = await armRequest<ArmPage['body']>(clients, {
      method: 'GET',
      path,
      apiVersion: WORKSPACES_API_VERSION,
    });
    for (const w of page.body?.value ?? []) {
      if (w.id && w.name) out.push({ id: w.id, name: w.name, ...(w.location ? { location: w.location } : {}) });
    }
    if (page.body?.nextLink) {
      const next = new URL(page.body.nextLink);
      next.searchParams.delete('api-version');
      path = `${next.pathname}${next.search}`;
    } else path = undefined;
  }
  return out;
}

/** An Azure AI Content Safety account as the plan needs it; a refusal to read it becomes one sentence. */
export async function getContentSafetyAccount(clients: AzureClients, accountId: string): Promise<ContentSafetyAccountFact> {
  const { subscriptionId, resourceGroup, name } = parseAccountId(accountId);
  const client = await clients.cognitiveServices(subscriptionId);
  let account;
  try {
    account = await client.accounts.get(resourceGroup, name);
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 403 || status === 401) {
      throw new Error(
        `You may not read the Azure AI Content Safety account ${name}. Ask for the Reader role on it, or choose another account.`,
        {
          cause: e,
        },
      );
    }
    throw e;
  }
  if (account.kind?.toLowerCase() !== 'contentsafety') {
    throw new Error(`The resource ${name} is not an Azure AI Content Safety account. Choose an account of kind ContentSafety.`);
  }
  return {
    id: account.id ?? accountId,
    name,
    endpoint: account.properties?.endpoint ?? `https://${name}.cognitiveservices.azure.com/`,
    ...(account.location ? { location: account.location } : {}),
  };
}
