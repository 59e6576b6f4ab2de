/**
 * The Azure OpenAI resources a user can import: Cognitive Services accounts of kind `OpenAI` or `AIServices` across
 * subscriptions, each with its model deployments. Subscriptions and accounts are read in parallel; a subscription that
 * fails does not hide the others (its error is returned beside the accounts).
 */
import type { Account, Deployment } from '@azure/arm-cognitiveservices';
import type { AzureClients } from './clients';

export const OPENAI_ACCOUNT_KINDS = ['OpenAI', 'AIServices'] as const;
export type OpenAiAccountKind = (typeof OPENAI_ACCOUNT_KINDS)[number];

export interface OpenAiDeployment {
  readonly name: string;
  readonly model?: string;
  readonly modelVersion?: string;
  /** Thousands of tokens per minute for Standard SKUs. */
  readonly capacity?: number;
  readonly skuName?: string;
}

export interface OpenAiAccount {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly kind: OpenAiAccountKind;
  readonly location?: string;
  /** The account's Azure OpenAI endpoint (for AIServices, its "OpenAI Language Model Instance API" endpoint). */
  readonly endpoint: string;
  readonly deployments: readonly OpenAiDeployment[];
}

export interface AccountListing {
  readonly accounts: OpenAiAccount[];
  readonly failures: { readonly subscriptionId: string; readonly error: unknown }[];
}

/** AIServices accounts expose several endpoints; this is the one the Azure OpenAI inference API lives under. */
const OPENAI_ENDPOINT_KEY = 'OpenAI Language Model Instance API';

export async function listOpenAiAccounts(clients: AzureClients, subscriptionIds: readonly string[]): Promise<AccountListing> {
  const results = await Promise.allSettled(subscriptionIds.map((s) => listInSubscription(clients, s)));
  const accounts: OpenAiAccount[] = [];
  const failures: AccountListing['failures'][number][] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') accounts.push(...r.value);
    else failures.push({ subscriptionId: subscriptionIds[i], error: r.reason });
  });
  accounts.sort((a, b) => a.name.localeCompare(b.name));
  return { accounts, failures };
}

/** One account by its ARM id, with its deployments. */
export async function getOpenAiAccount(clients: AzureClients, accountId: string): Promise<OpenAiAccount> {
  const { subscriptionId, resourceGroup, name } = parseAccountId(accountId);
  const client = await clients.cognitiveServices(subscriptionId);
  const account = await client.accounts.get(resourceGroup, name);
  const summary = toAccount(account, subscriptionId);
  if (!summary) {
    throw new Error(`The resource ${name} is not an Azure OpenAI or AI Services account. Choose an account of kind OpenAI or AIServices.`);
  }
  return { ...summary, deployments: await listDeployments(clients, summary) };
}

async function listInSubscription(clients: AzureClients, subscriptionId: string): Promise<OpenAiAccount[]> {
  const client = await clients.cognitiveServices(subscriptionId);
  const found: Omit<OpenAiAccount, 'deployments'>[] = [];
  for await (const account of client.accounts.list()) {
    const summary = toAccount(account, subscriptionId);
    if (summary) found.push(summary);
  }
  return Promise.all(found.map(async (a) => ({ ...a, deployments: await listDeployments(clients, a) })));
}

async function listDeployments(clients: AzureClients, account: Omit<OpenAiAccount, 'deployments'>): Promise<OpenAiDeployment[]> {
  const client = await clients.cognitiveServices(account.subscriptionId);
  const out: OpenAiDeployment[] = [];
  for await (const d of client.deployments.list(account.resourceGroup, account.name)) out.push(toDeployment(d));
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function toAccount(account: Account, subscriptionId: string): Omit<OpenAiAccount, 'deployments'> | undefined {
  const kind = OPENAI_ACCOUNT_KINDS.find((k) => k.toLowerCase() === account.kind?.toLowerCase());
  const endpoint = account.properties?.endpoints?.[OPENAI_ENDPOINT_KEY] ?? account.properties?.endpoint;
  if (!kind || !account.id || !account.name || !endpoint) return undefined;
  const { resourceGroup } = parseAccountId(account.id);
  return { id: account.id, subscriptionId, resourceGroup, name: account.name, kind, location: account.location, endpoint };
}

function toDeployment(d: Deployment): OpenAiDeployment {
  return {
    name: d.name ?? '',
    model: d.properties?.model?.name,
    modelVersion: d.properties?.model?.version,
    capacity: d.sku?.capacity,
    skuName: d.sku?.name,
  };
}

export function parseAccountId(id: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)$/i.exec(
    id.replace(/\/+$/, ''),
  );
  if (!m) throw new Error(`Not a Cognitive Services account id: ${id}`);
  return { subscriptionId: m[1], resourceGroup: m[2], name: m[3] };
}
