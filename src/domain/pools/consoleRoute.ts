/**
 * What the test console can tell about the way a request went through a pool: the region that answered (Azure OpenAI
 * sends `x-ms-region`; APIM passes backend headers through and adds no header naming the backend), the member in that
 * region, and — in sandbox mode only — the attempts the gateway made, from the sandbox's count of calls to the members.
 * Also the fault that makes a sandbox member answer as a throttled Azure OpenAI deployment does.
 */

export interface RouteMember {
  readonly memberId: string;
  /** The member's account location (`swedencentral`), when known. */
  readonly location?: string;
  /** Lower-cased ARM id of the member backend (the sandbox counts calls per backend id). */
  readonly backendKey: string;
}

export interface Route {
  readonly region?: string;
  readonly member?: string;
  readonly attempts?: { readonly count: number; readonly basis: string };
}

/** "East US 2" and "eastus2" name the same region: Azure's names are the display names without spaces, lower-cased. */
export function sameRegion(displayOrName: string, location: string): boolean {
  const norm = (s: string): string => s.replace(/[\s-]/g, '').toLowerCase();
  return norm(displayOrName) === norm(location);
}

export const ATTEMPTS_BASIS = "counted by the sandbox: calls to the pool's members while this request ran";

/**
 * @param calls the sandbox's call counts per backend key before and after the request (sandbox mode only)
 */
export function routeOf(
  headers: Readonly<Record<string, string>>,
  members: readonly RouteMember[],
  calls?: { readonly before: ReadonlyMap<string, number>; readonly after: ReadonlyMap<string, number> },
): Route | undefined {
  const region = headers['x-ms-region']?.trim() || undefined;
  const inRegion = region ? members.filter((m) => m.location !== undefined && sameRegion(region, m.location)) : [];
  const count = calls
    ? members.reduce((n, m) => n + Math.max(0, (calls.after.get(m.backendKey) ?? 0) - (calls.before.get(m.backendKey) ?? 0)), 0)
    : undefined;
  const route: Route = {
    ...(region ? { region } : {}),
    ...(inRegion.length === 1 ? { member: inRegion[0].memberId } : {}),
    ...(count !== undefined && members.length > 0 ? { attempts: { count, basis: ATTEMPTS_BASIS } } : {}),
  };
  return Object.keys(route).length > 0 ? route : undefined;
}

/** Seconds a simulated throttle asks the gateway to wait (Retry-After), which a breaker with acceptRetryAfter trips for. */
export const THROTTLE_RETRY_AFTER_S = 10;
/** A simulated throttle lasts until turned off; the count only bounds it. */
const THROTTLE_TIMES = 100_000;

/** The path regex of a member's fault: its URL's path and below (e.g. `^/aoai/contoso-openai/openai(/|$)`). */
export function memberFaultPath(urlPath: string): string {
  const path = urlPath.replace(/\/+$/, '');
  return `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|$)`;
}

/** What a throttled Azure OpenAI deployment answers: 429, Retry-After, and its error body. */
export function throttleFault(urlPath: string): {
  method: string;
  path: string;
  times: number;
  status: number;
  retryAfter: number;
  body: unknown;
} {
  return {
    method: 'POST',
    path: memberFaultPath(urlPath),
    times: THROTTLE_TIMES,
    status: 429,
    retryAfter: THROTTLE_RETRY_AFTER_S,
    body: {
      error: {
        code: '429',
        message: `Requests to the deployment have exceeded the rate limit of your current pricing tier (simulated by the sandbox). Please retry after ${THROTTLE_RETRY_AFTER_S} seconds.`,
      },
    },
  };
}
