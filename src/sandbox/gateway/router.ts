/**
 * Routing like APIM's gateway: the service by name, the API by the longest matching path prefix, the operation by
 * method and URL template (`{param}` segments, a trailing `/*` wildcard). Pure functions over the store's resources.
 */
import type { ArmResource, ResourceStore } from '../store';
import { memo } from '../storeMemo';

export function findService(store: ResourceStore, name: string): ArmResource | undefined {
  const byName = memo(
    store,
    'gateway:services',
    () => new Map(store.ofType('Microsoft.ApiManagement/service').map((s) => [s.name.toLowerCase(), s])),
  );
  return byName.get(name.toLowerCase());
}

const trimSlashes = (p: string): string => p.replace(/^\/+|\/+$/g, '');

export interface ApiMatch {
  readonly api: ArmResource;
  /** What follows the API path, starting with `/` (or empty). */
  readonly operationPath: string;
}

/** A service's current API revisions by path, for longest-prefix lookups in as many steps as the path has segments. */
export class ApiTable {
  private readonly byPath = new Map<string, ArmResource>();

  constructor(apis: readonly ArmResource[]) {
    for (const api of apis) {
      if (api.properties.isCurrent === false || api.name.includes(';rev=')) continue;
      this.byPath.set(trimSlashes(typeof api.properties.path === 'string' ? api.properties.path : '').toLowerCase(), api);
    }
  }

  /** The API whose `path` is the longest prefix of `restPath` (segment-wise, case-insensitive). */
  match(restPath: string): ApiMatch | undefined {
    const rest = trimSlashes(restPath);
    const segments = rest === '' ? [] : rest.split('/');
    for (let n = segments.length; n >= 0; n--) {
      const api = this.byPath.get(segments.slice(0, n).join('/').toLowerCase());
      if (api) {
        const remainder = segments.slice(n).join('/');
        return { api, operationPath: remainder === '' ? '' : `/${remainder}` };
      }
    }
    return undefined;
  }
}

/** The API table of a service, rebuilt only after the store changed. */
export function apiTableOf(store: ResourceStore, service: ArmResource): ApiTable {
  return memo(store, `gateway:apis:${service.id.toLowerCase()}`, () => new ApiTable(store.children(service.id, 'apis')));
}

export function operationsOf(store: ResourceStore, api: ArmResource): readonly ArmResource[] {
  return memo(store, `gateway:operations:${api.id.toLowerCase()}`, () => store.children(api.id, 'operations'));
}

/**
 * Matches an operation-relative path against a URL template; returns the template parameters, or undefined.
 * The template's query part (`?api-version={v}`) does not take part in path matching.
 */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const tSegs = trimSlashes(template.split('?')[0])
    .split('/')
    .filter((s) => s !== '');
  const pSegs = trimSlashes(path)
    .split('/')
    .filter((s) => s !== '');
  const params: Record<string, string> = {};
  for (let i = 0; i < tSegs.length; i++) {
    const t = tSegs[i];
    if (t === '*' && i === tSegs.length - 1) return params;
    const p = pSegs[i];
    if (p === undefined) return undefined;
    const param = /^\{([^}]+)\}$/.exec(t);
    if (param) params[param[1].replace(/^\*/, '')] = decodeURIComponent(p);
    else if (t.toLowerCase() !== p.toLowerCase()) return undefined;
  }
  return pSegs.length === tSegs.length ? params : undefined;
}

export interface OperationMatch {
  readonly operation: ArmResource;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The operation for a method and path. When several templates match, the most specific wins: no wildcard before a
 * wildcard, then more literal segments, as a request for `/chat/completions` must not land on a passthrough `/*`.
 */
export function matchOperation(operations: readonly ArmResource[], method: string, path: string): OperationMatch | undefined {
  let best: { match: OperationMatch; score: number } | undefined;
  for (const operation of operations) {
    const opMethod = typeof operation.properties.method === 'string' ? operation.properties.method.toUpperCase() : '';
    if (opMethod !== method.toUpperCase() && opMethod !== '*') continue;
    const template = typeof operation.properties.urlTemplate === 'string' ? operation.properties.urlTemplate : '/';
    const params = matchTemplate(template, path);
    if (!params) continue;
    const score = templateSpecificity(template) + (opMethod === '*' ? 0 : 0.5);
    if (!best || score > best.score) best = { match: { operation, params }, score };
  }
  return best?.match;
}

function templateSpecificity(template: string): number {
  const segs = trimSlashes(template.split('?')[0])
    .split('/')
    .filter((s) => s !== '');
  const wildcard = segs[segs.length - 1] === '*';
  const literals = segs.filter((s) => s !== '*' && !/^\{.*\}$/.test(s)).length;
  return (wildcard ? 0 : 1000) + literals * 10 + segs.length;
}
