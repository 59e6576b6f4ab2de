/**
 * The external cache a gateway's semantic cache runs on: the instance's cache for its region, else its `default`
 * one, whose connection string must reach a Redis Enterprise database (host, port, a current access key) that has
 * the RediSearch module. APIM has no built-in vector store, so without such a cache the lookup serves nothing.
 */
import { hasRediSearch } from '../arm/redisEnterprise';
import { TYPES } from '../arm/ids';
import type { ArmResource } from '../store';
import { memo } from '../storeMemo';
import type { GatewayCall } from './call';

/** The Redis database the semantic cache uses (its id partitions the entries), or why there is none. */
export function semanticCacheDatabase(call: GatewayCall): ArmResource | string {
  const caches = call.ctx.store.children(call.service.id, 'caches');
  const region = (call.service.location ?? '').toLowerCase().replace(/\s+/g, '');
  const cache =
    caches.find((c) => String(c.properties.useFromLocation).toLowerCase() === region) ??
    caches.find((c) => String(c.properties.useFromLocation).toLowerCase() === 'default');
  if (!cache) return `service ${call.service.name} has no external cache`;
  const { value, missing } = call.namedValues.substitute((cache.properties.connectionString as string | undefined) ?? '');
  if (missing.length > 0) return `the connection string of cache ${cache.name} names a missing named value`;
  const [endpoint, ...options] = value.split(',').map((s) => s.trim());
  const [host, port] = endpoint.split(':');
  const password = options.find((o) => /^password=/i.test(o))?.slice('password='.length);
  const cluster = clustersByHost(call).get((host ?? '').toLowerCase());
  const db = cluster ? call.ctx.store.get(`${cluster.id}/databases/default`) : undefined;
  if (!cluster || !db) return `cache ${cache.name} does not reach an Azure Managed Redis database (${host ?? ''})`;
  if (String(db.properties.port) !== port) {
    return `cache ${cache.name} uses port ${port ?? '?'}, the database listens on ${String(db.properties.port)}`;
  }
  if (!password || (password !== db.secrets?.primaryKey && password !== db.secrets?.secondaryKey)) {
    return `cache ${cache.name} has no current access key of ${cluster.name}`;
  }
  if (!hasRediSearch(db)) return `the database of ${cluster.name} has no RediSearch module`;
  return db;
}

function clustersByHost(call: GatewayCall): Map<string, ArmResource> {
  const store = call.ctx.store;
  return memo(
    store,
    'gateway:redisByHost',
    () => new Map(store.ofType(TYPES.redisEnterprise).map((c) => [String(c.properties.hostName).toLowerCase(), c])),
  );
}
