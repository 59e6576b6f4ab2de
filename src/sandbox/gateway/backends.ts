/**
 * Where a call goes: the backend chosen by set-backend-service (Single: its URL and credential headers; Pool: the
 * members by priority, smooth weighted round-robin within a priority, skipping members whose breaker is open), or the
 * API's serviceUrl.
 */
import type { ArmResource } from '../store';
import { GatewayError } from './apimErrors';
import type { GatewayCall } from './call';
import { type BreakerRule, parseBreakerRules } from './circuitBreaker';

export interface BackendTarget {
  /** Backend entity id (lower-cased) for circuit-breaker bookkeeping; undefined for a plain URL. */
  readonly breakerKey: string | undefined;
  readonly url: string;
  /** Credential headers with named values resolved. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rules: readonly BreakerRule[];
}

/** The target to call, or a GatewayError (no backend, unknown backend, every breaker open). */
export function resolveTarget(call: GatewayCall): BackendTarget {
  if (call.backendId !== undefined) {
    const backend = findBackend(call, call.backendId);
    if (!backend) throw new GatewayError(500, `Backend with id '${call.backendId}' could not be found.`);
    return backend.properties.type === 'Pool' ? pickPoolMember(call, backend) : singleTarget(call, backend);
  }
  const url = call.baseUrl ?? (typeof call.api.properties.serviceUrl === 'string' ? call.api.properties.serviceUrl : '');
  if (url === '') throw new GatewayError(500, 'Backend service URL is not defined.');
  return { breakerKey: undefined, url, headers: {}, rules: [] };
}

export function findBackend(call: GatewayCall, id: string): ArmResource | undefined {
  return call.ctx.store.get(`${call.service.id}/backends/${id.split('/').pop()!}`);
}

function singleTarget(call: GatewayCall, backend: ArmResource): BackendTarget {
  const key = backend.id.toLowerCase();
  if (call.state.breakers.isOpen(key)) throw new GatewayError(503, 'Service Unavailable', { 'retry-after': '10' });
  const url = typeof backend.properties.url === 'string' ? backend.properties.url : '';
  if (url === '') throw new GatewayError(500, `Backend '${backend.name}' has no URL.`);
  return { breakerKey: key, url, headers: credentialHeaders(call, backend), rules: parseBreakerRules(backend.properties.circuitBreaker) };
}

export function credentialHeaders(call: GatewayCall, backend: ArmResource): Record<string, string> {
  const creds = backend.properties.credentials as { header?: Record<string, unknown> } | undefined;
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(creds?.header ?? {})) {
    const list = (Array.isArray(values) ? values : [values]).filter((v): v is string => typeof v === 'string');
    out[name.toLowerCase()] = list.map((v) => call.value(v) ?? '').join(',');
  }
  return out;
}

interface PoolMember {
  readonly backend: ArmResource;
  readonly priority: number;
  readonly weight: number;
}

function pickPoolMember(call: GatewayCall, pool: ArmResource): BackendTarget {
  const services = ((pool.properties.pool as { services?: unknown } | undefined)?.services ?? []) as Array<Record<string, unknown>>;
  const members: PoolMember[] = [];
  for (const s of services) {
    const backend = typeof s.id === 'string' ? findBackend(call, s.id) : undefined;
    if (!backend || call.state.breakers.isOpen(backend.id.toLowerCase())) continue;
    members.push({
      backend,
      priority: typeof s.priority === 'number' ? s.priority : 1,
      weight: typeof s.weight === 'number' && s.weight > 0 ? s.weight : 1,
    });
  }
  if (members.length === 0) throw new GatewayError(503, 'Service Unavailable', { 'retry-after': '10' });
  const top = Math.min(...members.map((m) => m.priority));
  const chosen = smoothWeightedPick(
    call.state.poolWeights,
    pool.id.toLowerCase(),
    members.filter((m) => m.priority === top),
  );
  return singleTarget(call, chosen.backend);
}

/** nginx's smooth weighted round-robin: deterministic, and spreads picks evenly in proportion to the weights. */
function smoothWeightedPick(state: Map<string, Map<string, number>>, poolKey: string, members: readonly PoolMember[]): PoolMember {
  let current = state.get(poolKey);
  if (!current) state.set(poolKey, (current = new Map<string, number>()));
  const total = members.reduce((n, m) => n + m.weight, 0);
  let best: PoolMember | undefined;
  for (const m of members) {
    const k = m.backend.id.toLowerCase();
    const w = (current.get(k) ?? 0) + m.weight;
    current.set(k, w);
    if (!best || w > (current.get(best.backend.id.toLowerCase()) ?? 0)) best = m;
  }
  const bestKey = best!.backend.id.toLowerCase();
  current.set(bestKey, (current.get(bestKey) ?? 0) - total);
  return best!;
}
