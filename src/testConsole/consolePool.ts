/**
 * The console's view of the pool behind its API: the Pool backend its policy routes to, each member with its account's
 * region (read once, in the background after the console opened), which member answered a request and — in sandbox
 * mode — the gateway's attempts and "Simulate throttling" through the sandbox's fault hooks.
 */
import { listBackends, type BackendSummary } from '../apim/backends';
import { getApiPolicy } from '../apim/policies';
import type { ApiRef } from '../apim/refs';
import { listOpenAiAccounts } from '../azure/cognitiveAccounts';
import type { AzureClients } from '../azure/clients';
import type { SandboxHooks } from '../azure/sandboxHooks';
import { memberFaultPath, routeOf, throttleFault, type RouteMember } from '../domain/pools/consoleRoute';
import { memberNameOf, membersInOrder, type ReadPoolService } from '../domain/pools/poolView';
import { backendIdsInPolicy } from '../domain/recognition';
import type { Logger } from '../log';
import type { PoolMemberView, PoolView, RouteView } from '../protocol/testConsolePool';

export interface ConsolePoolHost {
  clients(): AzureClients;
  /** The sandbox's hooks in sandbox mode; undefined against Azure. */
  sandboxHooks?(): SandboxHooks | undefined;
  readonly log: Logger;
}

interface Member extends RouteMember, ReadPoolService {
  readonly url: string;
}

interface PoolFacts {
  readonly poolId: string;
  readonly members: readonly Member[];
}

/** Call counts per backend key, taken before a send. */
export type CallsBefore = ReadonlyMap<string, number> | undefined;

export class ConsolePool {
  private facts: Promise<PoolFacts | undefined> | undefined;

  constructor(
    private readonly api: ApiRef,
    private readonly host: ConsolePoolHost,
  ) {}

  /** The pool as the console shows it; undefined when the API's policy routes to no pool. */
  async view(): Promise<PoolView | undefined> {
    const facts = await this.load();
    if (!facts) return undefined;
    const hooks = this.host.sandboxHooks?.();
    const [faults, breakers] = hooks ? await Promise.all([hooks.faults(), hooks.breakers()]) : [[], []];
    const members = facts.members.map((m): PoolMemberView => {
      const local = hooks ? sandboxPath(hooks, m.url) : undefined;
      const open = breakers.find((b) => b.backendKey === m.backendKey && b.open);
      return {
        memberId: m.memberId,
        ...(m.priority !== undefined ? { priority: m.priority } : {}),
        ...(m.weight !== undefined ? { weight: m.weight } : {}),
        ...(m.location ? { region: m.location } : {}),
        throttled: local !== undefined && faults.some((f) => f.path === memberFaultPath(local)),
        ...(open?.openUntil ? { openUntil: open.openUntil } : {}),
        ...(hooks && local === undefined ? { cannotSimulate: 'Its URL is not one of the sandbox’s accounts.' } : {}),
      };
    });
    return { poolId: facts.poolId, members, sandbox: hooks !== undefined };
  }

  /** Sandbox mode: the members' call counts, to tell the attempts of the request about to be sent. */
  async beforeSend(): Promise<CallsBefore> {
    const hooks = this.host.sandboxHooks?.();
    if (!hooks || !(await this.load().catch(() => undefined))) return undefined;
    return this.calls(hooks).catch(() => undefined);
  }

  /** Who answered, from the response headers (and the sandbox's counts when taken before the send). */
  async route(headers: Readonly<Record<string, string>>, before: CallsBefore): Promise<RouteView | undefined> {
    const facts = await this.load().catch(() => undefined);
    const hooks = this.host.sandboxHooks?.();
    const after = before && hooks ? await this.calls(hooks).catch(() => undefined) : undefined;
    return routeOf(headers, facts?.members ?? [], before && after ? { before, after } : undefined);
  }

  /**
   * Sandbox mode: the member answers 429 with Retry-After (on) or as its account does (off). Returns the pool as it is
   * then, or the sentence that says why nothing was done.
   */
  async simulateThrottling(memberId: string, on: boolean): Promise<PoolView | string> {
    const hooks = this.host.sandboxHooks?.();
    if (!hooks) return 'Throttling can be simulated in the local sandbox only. Switch to the sandbox to try failover.';
    const member = (await this.load())?.members.find((m) => m.memberId.toLowerCase() === memberId.toLowerCase());
    const local = member ? sandboxPath(hooks, member.url) : undefined;
    if (!member || local === undefined) return `"${memberId}" is not a member of this API's pool in the sandbox.`;
    const path = memberFaultPath(local);
    const existing = (await hooks.faults()).filter((f) => f.path === path);
    if (on && existing.length === 0) await hooks.addFault(throttleFault(local));
    if (!on) await Promise.all(existing.map((f) => hooks.removeFault(f.id)));
    this.host.log.info(`Test console: ${on ? 'simulating' : 'stopped simulating'} throttling of pool member ${member.memberId}`);
    return (await this.view()) ?? 'This API routes to no pool any more.';
  }

  private async calls(hooks: SandboxHooks): Promise<ReadonlyMap<string, number>> {
    return new Map((await hooks.breakers()).map((b) => [b.backendKey, b.calls]));
  }

  private load(): Promise<PoolFacts | undefined> {
    this.facts ??= loadPoolFacts(this.host.clients(), this.api, this.host.log);
    this.facts.catch(() => (this.facts = undefined));
    return this.facts;
  }
}

async function loadPoolFacts(clients: AzureClients, api: ApiRef, log: Logger): Promise<PoolFacts | undefined> {
  const [policy, backends] = await Promise.all([getApiPolicy(clients, api), listBackends(clients, api.service)]);
  const routed = backendIdsInPolicy(policy?.xml ?? '').map((id) => id.toLowerCase());
  const pool = backends.find((b) => b.type === 'Pool' && routed.includes(b.name.toLowerCase()));
  if (!pool) return undefined;
  const accounts = await listOpenAiAccounts(clients, [api.service.subscriptionId]).then(
    (l) => l.accounts,
    (e: unknown) => {
      log.warn(`Test console: could not read the accounts behind the pool ${pool.name}: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    },
  );
  const byName = new Map(backends.map((b) => [b.name.toLowerCase(), b] as const));
  const members = membersInOrder(pool.poolServices ?? []).map((s): Member => {
    const memberId = memberNameOf(s.id);
    const backend: BackendSummary | undefined = byName.get(memberId.toLowerCase());
    const url = backend?.url ?? '';
    const account = accounts.find((a) => url !== '' && url.toLowerCase().startsWith(a.endpoint.toLowerCase().replace(/\/+$/, '')));
    return {
      ...s,
      memberId,
      url,
      backendKey: (backend?.id ?? `${api.service.id}/backends/${memberId}`).toLowerCase(),
      ...(account?.location ? { location: account.location } : {}),
    };
  });
  return { poolId: pool.name, members };
}

/** The path of a member's URL on the sandbox, or undefined when it points elsewhere. */
function sandboxPath(hooks: SandboxHooks, url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.origin === hooks.origin ? u.pathname : undefined;
  } catch {
    return undefined;
  }
}
