/**
 * Which APIs use a backend, from the API policies the tree has already read (to recognise LLM APIs, or because an API
 * was expanded): no ARM call per API. An API whose policy was not read yet is counted as such, and named when its id
 * makes it a likely user (imports name the backend after the API), so that the tree never claims more than it knows.
 */
import type { ApiSummary } from '../apim/apis';
import { backendIdsInPolicy, likelyBackendOf } from '../domain/recognition';

const key = (id: string): string => id.toLowerCase();

export class BackendRoutes {
  /** API id → the backends its policy's set-backend-service names (lower-cased); [] for an API without a policy. */
  private readonly routes = new Map<string, readonly string[]>();

  /** `policyXml` '' when the API has no policy. */
  record(apiId: string, policyXml: string): void {
    this.routes.set(key(apiId), backendIdsInPolicy(policyXml).map(key));
  }

  /** undefined: the API's policy has not been read. */
  of(apiId: string): readonly string[] | undefined {
    return this.routes.get(key(apiId));
  }

  clear(): void {
    this.routes.clear();
  }
}

export interface UsingApi {
  readonly api: ApiSummary;
  /** The pool through which it reaches the backend, when not directly. */
  readonly via?: string;
}

export interface BackendUsers {
  /** APIs whose policy routes to the backend (directly or through a pool holding it). */
  readonly using: readonly UsingApi[];
  /** APIs whose policy was not read and whose id suggests they use it. */
  readonly likely: readonly ApiSummary[];
  /** APIs listed whose policy was not read (the likely ones included). */
  readonly unread: number;
}

/**
 * @param backendName the backend's name
 * @param pools names of the pools that hold it as a member (an API routing to one of them uses it too)
 */
export function backendUsers(
  backendName: string,
  pools: readonly string[],
  apis: Iterable<ApiSummary>,
  routes: BackendRoutes,
): BackendUsers {
  const target = key(backendName);
  const using: UsingApi[] = [];
  const likely: ApiSummary[] = [];
  let unread = 0;
  for (const api of apis) {
    const routed = routes.of(api.apiId);
    if (routed === undefined) {
      unread++;
      if (likelyBackendOf(api.apiId, backendName) || pools.some((p) => likelyBackendOf(api.apiId, p))) likely.push(api);
      continue;
    }
    if (routed.includes(target)) using.push({ api });
    else {
      const pool = pools.find((p) => routed.includes(key(p)));
      if (pool !== undefined) using.push({ api, via: pool });
    }
  }
  const byName = (a: ApiSummary, b: ApiSummary): number => a.displayName.localeCompare(b.displayName);
  return { using: using.sort((a, b) => byName(a.api, b.api)), likely: likely.sort(byName), unread };
}
