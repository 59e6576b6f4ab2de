/**
 * "Add Backend to Pool…": which backend (one that exists, a new URL with its key, or an Azure OpenAI / AI Services
 * deployment), its priority, weight and breaker, then the plan in a modal Review and the run with rollback. An API with
 * a single backend becomes a pooled one. Nothing is written before Apply; the key is typed in a password box and
 * kept only in the executor's memory.
 */
import * as vscode from 'vscode';
import type { ApiSummary } from '../apim/apis';
import { readServiceIdentity } from '../apim/azureOpenAiIdentity';
import { readPoolEditFacts } from '../apim/poolFacts';
import type { AzureAccount } from '../azure/AzureAccount';
import { listOpenAiAccounts } from '../azure/cognitiveAccounts';
import { planAddMember, POOL_MEMBER_KEY_SECRET, type NewMember } from '../domain/pools/addMemberPlan';
import { DEFAULT_BREAKER } from '../domain/pools/breakerRule';
import { apiRouting, type PoolEditFacts } from '../domain/pools/poolFacts';
import { validateBackendUrl } from '../domain/import/validation';
import { askMemberSettings } from './poolPrompts';
import { ask, choose, type Choice } from '../ui/quickInput';
import { reviewAndRun } from './poolReview';

const TITLE = 'Add Backend to Pool';

export async function addBackendToPool(account: AzureAccount, api: ApiSummary, log: vscode.LogOutputChannel): Promise<boolean> {
  const clients = account.requireClients();
  const facts = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading the backends and API policies of ${api.service.name}…` },
    () => readPoolEditFacts(clients, api.service, api.apiId),
  );
  const routing = apiRouting(facts);
  if (routing.kind === 'none') throw new Error(routing.message);
  const members = routing.kind === 'pool' ? routing.pool.members.map((m) => m.backendId) : [routing.backend.id];

  const kind = await choose(TITLE, `Backend to add to ${api.displayName}`, [
    { label: 'Existing backend', description: 'one the instance has', value: 'existing' as const },
    { label: 'New URL (Language Model)', description: 'an OpenAI-compatible endpoint with its own key', value: 'url' as const },
    { label: 'Azure OpenAI / AI Services deployment', description: 'with the instance’s managed identity', value: 'azureOpenAi' as const },
  ]);
  const secrets = new Map<string, string>();
  let member: NewMember;
  let label: string;
  if (kind === 'existing') {
    const items: Choice<string>[] = facts.backends.map((b) => ({
      label: b.id,
      description: [
        b.type === 'Pool' ? 'pool' : b.url,
        members.some((m) => m.toLowerCase() === b.id.toLowerCase()) ? 'already in the pool' : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
      value: b.id,
    }));
    if (items.length === 0) throw new Error(`${api.service.name} has no backends. Add a new URL or an Azure OpenAI deployment instead.`);
    const backendId = await choose(TITLE, 'Backend', items);
    member = { kind: 'existing', backendId };
    label = `"${backendId}"`;
  } else if (kind === 'url') {
    const url = (
      await ask(TITLE, 'Base URL of the model endpoint (without /chat/completions)', {
        validate: validateBackendUrl,
        placeHolder: 'https://api.openai.com/v1',
      })
    ).trim();
    const keyHeader = await askKeyHeader(facts, members);
    if (keyHeader) {
      const key = await ask(TITLE, `Key for ${url} (kept in its own secret named value; never shown or logged)`, {
        validate: (v) => (v.trim() === '' ? 'Enter the key, or go back and choose "No key".' : undefined),
        password: true,
      });
      secrets.set(POOL_MEMBER_KEY_SECRET, key.trim());
    }
    member = { kind: 'url', url, ...(keyHeader ? { keyHeader } : {}) };
    label = url;
  } else {
    member = await askDeployment(account, api, facts, members[0]);
    label = `${member.account.name} (${member.deployment})`;
  }

  const settings = await askMemberSettings(TITLE, label, { priority: 1, weight: 1, breaker: DEFAULT_BREAKER });
  const outcome = planAddMember(facts, { member, ...settings });
  return reviewAndRun(outcome, { clients, service: api.service, secrets }, log, TITLE);
}

/** The header the new member sends its key in: the scheme the pool's first member uses comes first. */
async function askKeyHeader(facts: PoolEditFacts, members: readonly string[]): Promise<{ name: string; valueFormat: string } | undefined> {
  const first = facts.backends.find((b) => b.id.toLowerCase() === members[0]?.toLowerCase())?.keyHeader;
  const schemes: Choice<{ name: string; valueFormat: string } | undefined>[] = [
    ...(first ? [{ label: `${first.name}: ${first.valueFormat}`, description: `as "${members[0]}" sends it`, value: first }] : []),
    { label: 'api-key: {key}', description: 'Azure OpenAI, Azure AI', value: { name: 'api-key', valueFormat: '{key}' } },
    {
      label: 'Authorization: Bearer {key}',
      description: 'OpenAI, Mistral, most OpenAI-compatible servers',
      value: { name: 'Authorization', valueFormat: 'Bearer {key}' },
    },
    { label: 'No key', description: 'the endpoint accepts any request (e.g. a local Ollama)', value: undefined },
  ];
  const seen = new Set<string>();
  const unique = schemes.filter((s) => !seen.has(s.label) && seen.add(s.label));
  return choose(TITLE, 'How the new backend sends its key', unique);
}

async function askDeployment(
  account: AzureAccount,
  api: ApiSummary,
  facts: PoolEditFacts,
  firstMember: string | undefined,
): Promise<Extract<NewMember, { kind: 'azureOpenAi' }>> {
  const clients = account.requireClients();
  const [listing, identity] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Reading Azure OpenAI and AI Services accounts…' },
    async () =>
      Promise.all([
        listOpenAiAccounts(
          clients,
          (await account.selectedSubscriptions()).map((s) => s.subscriptionId),
        ),
        readServiceIdentity(clients, api.service),
      ]),
  );
  const items = listing.accounts.flatMap((a) =>
    a.deployments.map((d) => ({
      label: d.name,
      description: `${a.name}${a.location ? ` · ${a.location}` : ''}`,
      detail: [d.model && `${d.model}${d.modelVersion ? ` ${d.modelVersion}` : ''}`, d.skuName, a.kind].filter(Boolean).join(' · '),
      value: { a, d },
    })),
  );
  if (items.length === 0) {
    throw new Error('No Azure OpenAI or AI Services deployment was found in the selected subscriptions. Deploy a model first.');
  }
  // The account the pool's first member points at (its URL is the account's endpoint plus a suffix), when it is listed.
  const firstUrl = (facts.backends.find((b) => b.id.toLowerCase() === firstMember?.toLowerCase())?.url ?? '').toLowerCase();
  const firstAccount = listing.accounts.find((x) => firstUrl.startsWith(x.endpoint.replace(/\/+$/, '').toLowerCase()));
  const { a, d } = await choose(TITLE, 'Deployment (the account joins the pool; clients keep calling the deployment by name)', items);
  return {
    kind: 'azureOpenAi',
    account: { id: a.id, name: a.name, subscriptionId: a.subscriptionId, endpoint: a.endpoint },
    deployment: d.name,
    ...(firstAccount ? { poolDeployments: { account: firstAccount.name, names: firstAccount.deployments.map((x) => x.name) } } : {}),
    service: {
      name: api.service.name,
      identityType: identity.type,
      userAssignedIdentities: identity.userAssigned,
      ...(identity.principalId ? { principalId: identity.principalId } : {}),
    },
  };
}
