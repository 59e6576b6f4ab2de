/**
 * Backends: `Single` (url + protocol, optional credentials headers and circuit-breaker rules) and `Pool` (a list of
 * other backends of the same service with priority and weight), validated like APIM.
 */
import type { ArmResource } from '../store';
import { validationError } from './errors';
import { checkMaxLength } from './limits';
import { entityRoutes, type BuildInput } from './entities';
import { TYPES } from './ids';
import type { ArmRoute } from './request';
import { SERVICE, findService } from './scopes';

export function backendRoutes(): ArmRoute[] {
  return entityRoutes({
    pattern: `${SERVICE}/backends/{backendId}`,
    collection: 'backends',
    idParam: 'backendId',
    maxNameLength: 80,
    type: TYPES.backend,
    label: 'Backend',
    parent: findService,
    build: buildBackend,
    render: renderBackend,
  });
}

/** A pool answers with `title`, `url` and `protocol` as null, as in the 2024-05-01 examples. */
function renderBackend(b: ArmResource): Record<string, unknown> {
  if (b.properties.type !== 'Pool') return { ...b.properties };
  return { title: null, url: null, protocol: null, ...b.properties };
}

function buildBackend({ req, parent, properties: p }: BuildInput): Record<string, unknown> {
  const type = p.type ?? 'Single';
  if (type !== 'Single' && type !== 'Pool') throw validationError('type', "'type' must be 'Single' or 'Pool'.");
  if (type === 'Pool') {
    const pool = p.pool as { services?: unknown } | undefined;
    if (!Array.isArray(pool?.services) || pool.services.length === 0) {
      throw validationError('pool', 'A pool backend needs at least one service in pool.services.');
    }
    for (const s of pool.services as unknown[]) {
      const id = (s as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') throw validationError('pool.services', "Each pool service needs an 'id' (a backend resource id).");
      const member = poolMember(req, parent, id);
      if (!member || member.type !== TYPES.backend) {
        throw validationError('pool.services', `Backend '${id}' does not exist in this service.`);
      }
      // APIM: "you can only include single backends in a backend pool".
      if (member.properties.type === 'Pool') {
        throw validationError('pool.services', `Backend '${member.name}' is a pool; a pool can only contain Single backends.`);
      }
      // The 2024-05-01 spec bounds both to 0..100 (the SDK checks the same before sending).
      for (const field of ['priority', 'weight'] as const) {
        const v = (s as Record<string, unknown>)[field];
        if (v !== undefined && v !== null && (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 100)) {
          throw validationError(`pool.services.${field}`, `'${field}' must be an integer between 0 and 100.`);
        }
      }
    }
  } else {
    const fabric = (p.properties as { serviceFabricCluster?: unknown } | undefined)?.serviceFabricCluster;
    const urlPattern = fabric === undefined ? /^https?:\/\//i : /^fabric:\//i;
    if (typeof p.url !== 'string' || !urlPattern.test(p.url)) {
      throw validationError(
        'url',
        fabric === undefined
          ? "'url' is required and must be an absolute http(s) URL."
          : "'url' of a Service Fabric backend must be a 'fabric:/' service address.",
      );
    }
    if (p.protocol !== 'http' && p.protocol !== 'soap') throw validationError('protocol', "'protocol' must be 'http' or 'soap'.");
    if (fabric !== undefined) checkServiceFabric(fabric);
  }
  checkMaxLength(p, 'url', 2000);
  checkMaxLength(p, 'title', 300);
  checkMaxLength(p, 'description', 2000);
  checkCredentials(p.credentials);
  checkCircuitBreaker(p.circuitBreaker);
  // The nulls a pool is answered with (renderBackend) are not stored when a client sends them back.
  const stored = Object.fromEntries(Object.entries(p).filter(([k, v]) => !(v === null && ['title', 'url', 'protocol'].includes(k))));
  return { ...stored, type };
}

/**
 * A pool member is named by the backend's full resource id in this service or by `/backends/{id}` relative to the
 * service (the form the Azure-Samples AI-Gateway labs write). Anything else names no backend of this service.
 */
function poolMember(req: BuildInput['req'], service: ArmResource, id: string): ArmResource | undefined {
  const relative = /^\/backends\/([^/]+)$/i.exec(id);
  if (relative) return req.store.get(`${service.id}/backends/${relative[1]}`);
  const prefix = `${service.id}/backends/`.toLowerCase();
  if (!id.toLowerCase().startsWith(prefix) || id.slice(prefix.length).includes('/')) return undefined;
  return req.store.get(id);
}

function checkServiceFabric(fabric: unknown): void {
  const f = fabric as Record<string, unknown> | null;
  if (typeof f !== 'object' || f === null) {
    throw validationError('properties.serviceFabricCluster', "'serviceFabricCluster' must be an object.");
  }
  if (
    !Array.isArray(f.managementEndpoints) ||
    f.managementEndpoints.length === 0 ||
    f.managementEndpoints.some((e) => typeof e !== 'string')
  ) {
    throw validationError(
      'properties.serviceFabricCluster.managementEndpoints',
      "'managementEndpoints' is required: the cluster's management URLs.",
    );
  }
}

function checkCredentials(credentials: unknown): void {
  if (credentials === undefined || credentials === null) return;
  const header = (credentials as { header?: unknown }).header;
  if (header === undefined) return;
  if (typeof header !== 'object' || header === null) {
    throw validationError('credentials.header', "'credentials.header' must map header names to lists of values.");
  }
  for (const [name, values] of Object.entries(header)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      throw validationError('credentials.header', `Header '${name}' must have a list of string values.`);
    }
  }
}

function checkCircuitBreaker(cb: unknown): void {
  if (cb === undefined || cb === null) return;
  const rules = (cb as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) throw validationError('circuitBreaker.rules', "'circuitBreaker.rules' must be a list.");
  for (const rule of rules as Array<Record<string, unknown> | null>) {
    const fc = rule?.failureCondition as Record<string, unknown> | undefined;
    if (!rule || typeof rule.name !== 'string' || !fc) {
      throw validationError('circuitBreaker.rules', "Each rule needs a 'name' and a 'failureCondition'.");
    }
    if (typeof rule.tripDuration !== 'string') {
      throw validationError('circuitBreaker.rules.tripDuration', "'tripDuration' is required (an ISO 8601 duration such as 'PT1M').");
    }
    if (fc.count === undefined && fc.percentage === undefined) {
      throw validationError('circuitBreaker.rules.failureCondition', "'failureCondition' needs 'count' or 'percentage'.");
    }
    if (typeof fc.interval !== 'string') {
      throw validationError('circuitBreaker.rules.failureCondition.interval', "'interval' is required (an ISO 8601 duration).");
    }
    checkStatusRanges(fc.statusCodeRanges);
  }
}

/** `statusCodeRanges`: at most 10, each `min`..`max` within 200–599 (the spec's bounds). */
function checkStatusRanges(ranges: unknown): void {
  if (ranges === undefined || ranges === null) return;
  const target = 'circuitBreaker.rules.failureCondition.statusCodeRanges';
  if (!Array.isArray(ranges) || ranges.length > 10) {
    throw validationError(target, "'statusCodeRanges' must be a list of at most 10 ranges.");
  }
  for (const r of ranges as Array<Record<string, unknown> | null>) {
    const { min, max } = r ?? {};
    const valid = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 200 && (v as number) <= 599;
    if (!valid(min) || !valid(max) || (min as number) > (max as number)) {
      throw validationError(target, "Each status code range needs integers 'min' <= 'max' between 200 and 599.");
    }
  }
}
