/**
 * Finds the subscription key the console sends: among the instance's active subscriptions, those whose scope covers
 * the API (the API itself, one of its products, all APIs), the narrowest first; the user chooses when several fit.
 * The chosen key is cached in SecretStorage only (an interface here, so this module stays free of 'vscode').
 */
import type { ApiRef } from '../apim/refs';
import { listApiProductNames } from '../apim/products';
import { listApimSubscriptions, listSubscriptionKeys, scopeCoversApi, type ApimSubscriptionSummary } from '../apim/subscriptions';
import type { AzureClients } from '../azure/clients';

/** The part of VS Code's SecretStorage this needs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface ResolvedKey {
  readonly subscriptionName: string;
  readonly subscriptionDisplayName: string;
  readonly header: string;
  readonly value: string;
}

/** Lets the user pick one of several subscriptions; undefined when they cancel. */
export type ChooseSubscription = (
  candidates: readonly ApimSubscriptionSummary[],
  api: ApiRef,
) => Promise<ApimSubscriptionSummary | undefined>;

/** Narrowest scope first: an API-scoped key says most about who may call what. */
function scopeRank(scope: string): number {
  const s = scope.toLowerCase();
  return s.startsWith('/apis/') ? 0 : s.startsWith('/products/') ? 1 : 2;
}

export async function findCoveringSubscriptions(clients: AzureClients, api: ApiRef): Promise<ApimSubscriptionSummary[]> {
  const [subscriptions, products] = await Promise.all([
    listApimSubscriptions(clients, api.service),
    listApiProductNames(clients, api.service, api.apiId),
  ]);
  return subscriptions
    .filter((s) => s.state.toLowerCase() === 'active' && scopeCoversApi(s.scope, api.apiId, products))
    .sort((a, b) => scopeRank(a.scope) - scopeRank(b.scope) || a.displayName.localeCompare(b.displayName));
}

export function secretKeyFor(api: ApiRef): string {
  return `aiGateway.testConsole.key:${api.service.id.toLowerCase()}/apis/${api.apiId.toLowerCase()}`;
}

interface CachedKey {
  readonly subscriptionName: string;
  readonly subscriptionDisplayName: string;
  readonly value: string;
}

export class SubscriptionKeyResolver {
  constructor(
    private readonly clients: () => AzureClients,
    private readonly secrets: SecretStore,
    private readonly choose: ChooseSubscription,
  ) {}

  /**
   * The key for `api`: the cached one, else found and read with listSecrets (asking the user when several fit).
   * `rechoose` forgets the cache and asks again. Undefined when no subscription covers the API or the user cancelled.
   */
  async resolve(api: ApiRef, options: { readonly rechoose?: boolean } = {}): Promise<ResolvedKey | undefined> {
    const secretKey = secretKeyFor(api);
    if (!options.rechoose) {
      const cached = parseCached(await this.secrets.get(secretKey));
      if (cached) return { ...cached, header: api.subscriptionKeyHeader };
    }
    const clients = this.clients();
    const candidates = await findCoveringSubscriptions(clients, api);
    if (candidates.length === 0) return undefined;
    const chosen = candidates.length === 1 && !options.rechoose ? candidates[0] : await this.choose(candidates, api);
    if (!chosen) return undefined;
    const keys = await listSubscriptionKeys(clients, api.service, chosen.name);
    const cached: CachedKey = { subscriptionName: chosen.name, subscriptionDisplayName: chosen.displayName, value: keys.primaryKey };
    await this.secrets.store(secretKey, JSON.stringify(cached));
    return { ...cached, header: api.subscriptionKeyHeader };
  }

  /**
   * Makes `subscription` the console's key for `api` ("Open in Test Console with this subscription"): its key goes to
   * the same SecretStorage entry that `resolve` reads first, so the console needs no other way in.
   */
  async preselect(api: ApiRef, subscription: Pick<ApimSubscriptionSummary, 'name' | 'displayName'>): Promise<void> {
    const keys = await listSubscriptionKeys(this.clients(), api.service, subscription.name);
    const cached: CachedKey = {
      subscriptionName: subscription.name,
      subscriptionDisplayName: subscription.displayName,
      value: keys.primaryKey,
    };
    await this.secrets.store(secretKeyFor(api), JSON.stringify(cached));
  }

  /** Drops the cached key, e.g. after the gateway refused it (regenerated or the subscription suspended). */
  async forget(api: ApiRef): Promise<void> {
    await this.secrets.delete(secretKeyFor(api));
  }
}

function parseCached(text: string | undefined): CachedKey | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<CachedKey>;
    return typeof v.subscriptionName === 'string' && typeof v.value === 'string' && v.value
      ? { subscriptionName: v.subscriptionName, subscriptionDisplayName: v.subscriptionDisplayName ?? v.subscriptionName, value: v.value }
      : undefined;
  } catch {
    return undefined;
  }
}
