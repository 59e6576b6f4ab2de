/** Reads what the onboarding validates against from the instance: products, APIs (LLM ones marked), users, subscriptions. */
import { listAllApis } from '../apim/apis';
import { listProducts } from '../apim/products';
import type { ServiceRef } from '../apim/refs';
import { listApimSubscriptions } from '../apim/subscriptions';
import { listUsers } from '../apim/users';
import type { AzureClients } from '../azure/clients';
import { recognizeLlmApi } from '../domain/recognition';
import type { TeamFacts } from '../domain/teams/teamFacts';

export async function loadTeamFacts(clients: AzureClients, service: ServiceRef, abortSignal?: AbortSignal): Promise<TeamFacts> {
  const [products, apis, users, subscriptions] = await Promise.all([
    listProducts(clients, service, abortSignal),
    listAllApis(clients, service, { ...(abortSignal ? { abortSignal } : {}) }),
    listUsers(clients, service, abortSignal),
    listApimSubscriptions(clients, service, abortSignal),
  ]);
  return {
    products: products.map((p) => ({
      id: p.name,
      displayName: p.displayName,
      ...(p.subscriptionsLimit !== undefined ? { subscriptionsLimit: p.subscriptionsLimit } : {}),
      ...(p.approvalRequired !== undefined ? { approvalRequired: p.approvalRequired } : {}),
    })),
    apis: apis
      .map((a) => ({
        id: a.apiId,
        displayName: a.displayName,
        llm: recognizeLlmApi(a.serviceUrl ? { serviceUrl: a.serviceUrl } : {}).isLlm,
      }))
      .sort((a, b) => Number(b.llm) - Number(a.llm) || a.displayName.localeCompare(b.displayName)),
    users: users.map((u) => ({ id: u.name, label: u.label })),
    subscriptions: subscriptions.map((s) => ({
      id: s.name,
      scope: s.scope,
      state: s.state,
      ...(s.ownerUserId ? { ownerUserId: s.ownerUserId } : {}),
    })),
  };
}
