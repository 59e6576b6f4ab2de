/**
 * Routing like APIM's gateway: the service by name, the API by the longest matching path prefix, the operation by
 * method and URL template (`{param}` segments, a trailing `/*` wildcard). Pure functions over the store's resources.
 */
import type { ArmResource, ResourceStore } from '../store';

export function findService(store: ResourceStore, name: string): ArmResource | undefined {
  const wanted = name.toLowerCase();
  return store.ofType('Microsoft.ApiManagement/service').find((s) => s.name.toLowerCase() === wanted);
}

const trimSlashes = (p: string): string => p.replace(/^\/+|\/+$/g, '');

export interface ApiMatch {
  readonly api: ArmResource;
  /** What follows the API path, starting with `/` (or empty). */
  readonly operationPath: string;
}

/** The current revision of the API whose `path` is the longest prefix of `restPath` (segment-wise, case-insensitive). */
export function matchApi(apis: readonly ArmResource[], restPath: string): ApiMatch | undefined {
  const rest = trimSlashes(restPath);
  const restLower = rest.toLowerCase();
  let best: { api: ArmResource; length: number } | undefined;
  for (const api of apis) {
    if (api.properties.isCurrent === false || api.name.includes(';rev=')) continue;
    const path = trimSlashes(typeof api.properties.path === 'string' ? api.properties.path : '').toLowerCase();
    const matches = path === '' || restLower === path || restLower.startsWith(`${path}/`);
    if (matches && (!best || path.length > best.length)) best = { api, length: path.length };
  }
  if (!best) return undefined;
  const remainder = rest.slice(best.length).replace(/^\/+/, '');
  return { api: best.api, operationPath: remainder === '' ? '' : `/${remainder}` };
}

/**
 * Matches an operation-relative path against a URL template; returns the template parameters, or undefined.
 * The template's query part (`?api-version={v}`) does not take part in path matching.
 */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const tSegs = trimSlashes(template.split('?')[0]).split('/').filter((s) => s !== '');
  const pSegs = trimSlashes(path).split('/').filter((s) => s !== '');
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
  const segs = trimSlashes(template.split('?')[0]).split('/').filter((s) => s !== '');
  const wildcard = segs[segs.length - 1] === '*';
  const literals = segs.filter((s) => s !== '*' && !/^\{.*\}$/.test(s)).length;
  return (wildcard ? 0 : 1000) + literals * 10 + segs.length;
}
