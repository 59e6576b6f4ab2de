/**
 * Azure Managed Redis / Redis Enterprise (`Microsoft.Cache/redisEnterprise`, api-version 2022-01-01 as
 * @azure/arm-redisenterprisecache 2.2.0 speaks it): clusters (list, get, tags, delete) and their one database,
 * `default` (list, get, create as an LRO, listKeys). A database's modules (RediSearch, RedisJSON, …) are chosen
 * when it is created and cannot change afterwards; RediSearch needs the Enterprise clustering policy and no
 * eviction. The keys are returned by listKeys only.
 */
import { randomBytes } from 'node:crypto';
import type { ArmResource } from '../store';
import { ArmError } from './errors';
import { etagHeaders } from './etag';
import { TYPES } from './ids';
import { pageOf } from './paging';
import { bodyProperties, ok, type ArmRequest, type ArmRoute } from './request';
import { findTracked, trackedPattern, trackedRoutes, type TrackedSpec } from './tracked';

const MODULES = ['RediSearch', 'RedisBloom', 'RedisTimeSeries', 'RedisJSON'];

function renderCluster(_req: ArmRequest, c: ArmResource): Record<string, unknown> {
  return { id: c.id, name: c.name, type: c.type, location: c.location, tags: c.tags ?? {}, sku: c.sku, properties: { ...c.properties } };
}

function renderDatabase(d: ArmResource): Record<string, unknown> {
  return { id: d.id, name: d.name, type: d.type, properties: { ...d.properties } };
}

const SPEC: TrackedSpec = { type: TYPES.redisEnterprise, param: 'cluster', render: renderCluster };
const DATABASE = `${trackedPattern(SPEC)}/databases/{database}`;

function findDatabase(req: ArmRequest): ArmResource {
  const db = req.store.get(`${findTracked(req, SPEC).id}/databases/${req.params.database}`);
  if (!db) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Cache/redisEnterprise/${req.params.cluster}/databases/${req.params.database}' was not found.`,
    );
  }
  return db;
}

export function redisEnterpriseRoutes(): ArmRoute[] {
  return [
    ...trackedRoutes(SPEC),
    {
      method: 'GET',
      pattern: `${trackedPattern(SPEC)}/databases`,
      handler: (req) => pageOf(req, req.store.children(findTracked(req, SPEC).id, 'databases'), renderDatabase),
    },
    { method: 'GET', pattern: DATABASE, handler: (req) => ok(renderDatabase(findDatabase(req)), etagHeaders(findDatabase(req))) },
    {
      method: 'POST',
      pattern: `${DATABASE}/listKeys`,
      handler: (req) => {
        const db = findDatabase(req);
        return ok({ primaryKey: db.secrets?.primaryKey, secondaryKey: db.secrets?.secondaryKey });
      },
    },
    { method: 'PUT', pattern: DATABASE, handler: createDatabase },
  ];
}

function createDatabase(req: ArmRequest): ReturnType<ArmRoute['handler']> {
  const cluster = findTracked(req, SPEC);
  if (req.params.database !== 'default') {
    throw new ArmError(400, 'InvalidRequestBody', "A Redis Enterprise cluster has one database, and it must be named 'default'.");
  }
  const id = `${cluster.id}/databases/default`;
  const existing = req.store.get(id);
  const p = bodyProperties(req);
  const modules = checkModules(p.modules);
  const clusteringPolicy = p.clusteringPolicy ?? existing?.properties.clusteringPolicy ?? 'OSSCluster';
  const evictionPolicy = p.evictionPolicy ?? existing?.properties.evictionPolicy ?? 'VolatileLRU';
  if (existing && JSON.stringify((existing.properties.modules as unknown[]) ?? []) !== JSON.stringify(modules)) {
    throw new ArmError(
      400,
      'InvalidRequestBody',
      'The modules of a database are chosen when it is created and cannot be changed. Create a new database.',
    );
  }
  if (modules.some((m) => m.name === 'RediSearch') && (clusteringPolicy !== 'EnterpriseCluster' || evictionPolicy !== 'NoEviction')) {
    throw new ArmError(400, 'InvalidRequestBody', "RediSearch needs clusteringPolicy 'EnterpriseCluster' and evictionPolicy 'NoEviction'.");
  }
  const stored = req.store.put({
    id,
    name: 'default',
    type: TYPES.redisDatabase,
    properties: {
      clientProtocol: p.clientProtocol ?? 'Encrypted',
      port: p.port ?? 10000,
      clusteringPolicy,
      evictionPolicy,
      persistence: p.persistence ?? { aofEnabled: false, rdbEnabled: false },
      modules,
      provisioningState: 'Succeeded',
      resourceState: 'Running',
    },
    secrets: existing?.secrets ?? { primaryKey: randomBytes(32).toString('base64'), secondaryKey: randomBytes(32).toString('base64') },
  });
  return req.lro.accepted(req, stored.id, () => renderDatabase(req.store.get(stored.id) ?? stored));
}

function checkModules(raw: unknown): Array<{ name: string; args: string; version: string }> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ArmError(400, 'InvalidRequestBody', "'modules' must be a list.");
  return (raw as Array<Record<string, unknown> | null>).map((m) => {
    const name = m?.name;
    if (typeof name !== 'string' || !MODULES.includes(name)) {
      throw new ArmError(400, 'InvalidRequestBody', `Unknown module '${JSON.stringify(name)}'. Modules: ${MODULES.join(', ')}.`);
    }
    return { name, args: typeof m?.args === 'string' ? m.args : '', version: name === 'RediSearch' ? '2.8.4' : '2.6.6' };
  });
}

/** Whether a database has the RediSearch module (what the semantic cache needs). */
export const hasRediSearch = (db: ArmResource): boolean =>
  ((db.properties.modules ?? []) as Array<{ name?: unknown }>).some((m) => m.name === 'RediSearch');
