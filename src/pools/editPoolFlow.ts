/**
 * "Edit Pool…" and "Remove from Pool": the API's pool read just before, each member's priority, weight and breaker
 * changed one member at a time (or one member taken out, offering to turn the API back to a single backend when one
 * would be left), then the plan in a modal Review and the run with rollback.
 */
import * as vscode from 'vscode';
import type { ApiSummary } from '../apim/apis';
import { readPoolEditFacts } from '../apim/poolFacts';
import type { AzureClients } from '../azure/clients';
import { breakerRule, describeBreaker, DEFAULT_BREAKER } from '../domain/pools/breakerRule';
import { planEditPool, planRemoveMember, poolOf, type MemberEdit } from '../domain/pools/editPoolPlan';
import { currentBreaker } from '../domain/pools/poolEditCommon';
import { findBackend, type BackendFact, type PoolEditFacts } from '../domain/pools/poolFacts';
import { askMemberSettings } from './poolPrompts';
import { choose } from '../ui/quickInput';
import { reviewAndRun } from './poolReview';

async function readPool(clients: AzureClients, api: ApiSummary): Promise<{ facts: PoolEditFacts; pool: BackendFact }> {
  const facts = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading the pool of ${api.displayName}…` },
    () => readPoolEditFacts(clients, api.service, api.apiId),
  );
  const pool = poolOf(facts);
  if (typeof pool === 'string') throw new Error(pool);
  return { facts, pool };
}

const describeMember = (m: MemberEdit): string =>
  `priority ${m.priority} · weight ${m.weight} · ${describeBreaker(breakerRule(m.breaker))}`;

/** `memberId`: the member node the command ran from; its settings are asked first. */
export async function editPool(clients: AzureClients, api: ApiSummary, log: vscode.LogOutputChannel, memberId?: string): Promise<boolean> {
  const title = 'Edit Pool';
  const { facts, pool } = await readPool(clients, api);
  const members: MemberEdit[] = pool.members.map((m) => ({
    ...m,
    breaker: currentBreaker(findBackend(facts, m.backendId)) ?? DEFAULT_BREAKER,
  }));
  const first = members.findIndex((m) => m.backendId.toLowerCase() === memberId?.toLowerCase());
  if (first >= 0) {
    members[first] = { ...members[first], ...(await askMemberSettings(title, `"${members[first].backendId}"`, members[first])) };
  }
  // Bounded: one round per member change, and Review ends it.
  for (let round = 0; round < 100; round++) {
    const choice = await choose<number>(title, `Members of "${pool.id}": choose one to change, then Review`, [
      { label: 'Review the changes', description: 'lists every write before anything is written', value: -1 },
      ...members.map((m, i) => ({ label: m.backendId, description: describeMember(m), value: i })),
    ]);
    if (choice < 0) break;
    const m = members[choice];
    members[choice] = { ...m, ...(await askMemberSettings(title, `"${m.backendId}"`, m)) };
  }
  return reviewAndRun(planEditPool(facts, members), { clients, service: api.service, secrets: new Map() }, log, title);
}

/** `backendId`: the member node the command ran from, when it did. */
export async function removeFromPool(
  clients: AzureClients,
  api: ApiSummary,
  log: vscode.LogOutputChannel,
  backendId?: string,
): Promise<boolean> {
  const title = 'Remove from Pool';
  const { facts, pool } = await readPool(clients, api);
  const chosen =
    backendId ??
    (await choose(
      title,
      `Member of "${pool.id}" to remove (the backend itself stays)`,
      pool.members.map((m) => ({ label: m.backendId, description: `priority ${m.priority} · weight ${m.weight}`, value: m.backendId })),
    ));
  let toSingle = false;
  if (pool.members.length === 2) {
    const single = pool.members.find((m) => m.backendId.toLowerCase() !== chosen.toLowerCase())?.backendId ?? '';
    toSingle = await choose(title, `One member would be left in "${pool.id}"`, [
      { label: `Back to the single backend "${single}"`, description: 'the API routes to it; the pool and its retry go', value: true },
      { label: 'Keep the pool with one member', description: 'add another backend later', value: false },
    ]);
  }
  return reviewAndRun(
    planRemoveMember(facts, { backendId: chosen, toSingle }),
    { clients, service: api.service, secrets: new Map() },
    log,
    title,
  );
}
