/**
 * A pooled LLM API over the two seeded Azure OpenAI accounts (Sweden Central, East US 2), imported through the real
 * plan, executor and SDK clients with each account's key in its own named value: what the pool tests and the failover
 * benchmark share. Throttling a member is a fault on its account's path of the mock model.
 */
import { apimStepHandlers } from '../../../src/apim/apimStepHandlers';
import { executePlan } from '../../../src/apim/importExecutor';
import type { ServiceRef } from '../../../src/apim/refs';
import type { LmApiForm, LmExtraBackend, PoolMemberSettings } from '../../../src/domain/import/lmApiForm';
import { buildLmApiPlan, LM_API_KEY_SECRET, lmExtraKeySecret } from '../../../src/domain/import/lmApiPlan';
import { DEFAULT_BREAKER } from '../../../src/domain/pools/breakerRule';
import { formFor, sandboxClients } from './lmImport';
import { DEMO_NAMES, type HttpResult, type SandboxHarness } from './sandbox';

export const ACCOUNTS = [DEMO_NAMES.models.openai, DEMO_NAMES.models.aiServices] as const;

export const accountBaseUrl = (sb: SandboxHarness, account: string): string => `${sb.sandbox.context.origin}/aoai/${account}/openai`;

/** The fault path of an account's deployments on the mock model. */
export const accountPath = (account: string): string => `^/aoai/${account}/openai/`;

export async function accountKey(sb: SandboxHarness, account: string): Promise<string> {
  return (await sb.cognitive().accounts.listKeys(DEMO_NAMES.models.resourceGroup, account)).key1!;
}

/** Failover: the first account first, the second when the first is open. */
export const FAILOVER: PoolImport['members'] = [
  { priority: 1, weight: 1 },
  { priority: 2, weight: 1 },
];

/** The key of the seeded gateway's all-access subscription. */
export async function masterKey(sb: SandboxHarness): Promise<string> {
  const { resourceGroup, service } = DEMO_NAMES.aiGateway;
  return (await sb.apim().subscription.listSecrets(resourceGroup, service, 'master')).primaryKey!;
}

export interface PoolImport {
  readonly displayName: string;
  readonly path: string;
  /** Priority and weight of the first account, then of the second; a single backend when undefined. */
  readonly members?: readonly [Omit<PoolMemberSettings, 'breaker'>, Omit<PoolMemberSettings, 'breaker'>];
}

/** A passthrough API over the accounts (the first only, or both as a pool), each account's key sent in `api-key`. */
export function formOverAccounts(sb: SandboxHarness, spec: PoolImport): LmApiForm {
  const extra: LmExtraBackend[] = spec.members
    ? [{ ...spec.members[1], breaker: DEFAULT_BREAKER, url: accountBaseUrl(sb, ACCOUNTS[1]) }]
    : [];
  return formFor('custom', sb, {
    displayName: spec.displayName,
    path: spec.path,
    url: accountBaseUrl(sb, ACCOUNTS[0]),
    type: 'passthrough',
    headerName: 'api-key',
    headerValueFormat: '{key}',
    subscriptionKeyHeader: 'Ocp-Apim-Subscription-Key',
    ...(spec.members ? { pool: { primary: { ...spec.members[0], breaker: DEFAULT_BREAKER }, extra } } : {}),
  });
}

/** Imports a passthrough API over the accounts (the first only, or both as a pool). Throws unless it succeeds. */
export async function importOverAccounts(sb: SandboxHarness, service: ServiceRef, spec: PoolImport): Promise<void> {
  const [first, second] = await Promise.all(ACCOUNTS.map((a) => accountKey(sb, a)));
  const form = formOverAccounts(sb, spec);
  const result = await executePlan(buildLmApiPlan(form, { hasKey: true, onExisting: 'conflict' }), apimStepHandlers, {
    clients: sandboxClients(sb),
    service,
    secrets: new Map([
      [LM_API_KEY_SECRET, first],
      [lmExtraKeySecret(0), second],
    ]),
    pollIntervalMs: 10,
  });
  if (result.status !== 'succeeded') throw new Error(`The import failed: ${JSON.stringify(result)}`);
}

export function chatThrough(sb: SandboxHarness, service: ServiceRef, path: string, subscriptionKey: string): Promise<HttpResult> {
  return sb.http(`${service.gatewayUrl}/${path}/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'Ocp-Apim-Subscription-Key': subscriptionKey },
    body: { messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 5 },
  });
}
