/**
 * APIM external caches (`service/caches/{cacheId}`): a Redis connection string (`host:port,password=…,ssl=True`) used
 * from a location (`default` or a region), the cache's `resourceId` and a description. As APIM does, the connection
 * string is moved into a secret named value and the cache keeps only its `{{…}}` reference, so no GET ever shows
 * the password; deleting the cache deletes that named value.
 */
import { randomBytes } from 'node:crypto';
import type { ArmResource } from '../store';
import { validationError } from './errors';
import { entityRoutes, type BuildInput } from './entities';
import { TYPES } from './ids';
import type { ArmRoute } from './request';
import { SERVICE, findService } from './scopes';

const REFERENCE = /^\{\{([^{}]+)\}\}$/;

export function cacheRoutes(): ArmRoute[] {
  return entityRoutes({
    pattern: `${SERVICE}/caches/{cacheId}`,
    collection: 'caches',
    idParam: 'cacheId',
    type: TYPES.cache,
    label: 'Cache',
    parent: findService,
    build: buildCache,
    render: (c: ArmResource) => ({ ...c.properties }),
    beforeDelete: (req, cache) => {
      const own = ownNamedValue(cache);
      if (own) req.store.delete(`${findService(req).id}/namedValues/${own}`);
    },
  });
}

function buildCache({ req, parent, name, properties: p, existing }: BuildInput): Record<string, unknown> {
  // The cache id names where it is used from: 'default' or an Azure region such as 'westeurope'.
  if (!/^[a-z0-9]{1,80}$/.test(name)) {
    throw validationError('cacheId', "The cache id must be 'default' or an Azure region name such as 'westeurope'.");
  }
  if (typeof p.connectionString !== 'string' || p.connectionString.trim() === '' || p.connectionString.length > 300) {
    throw validationError(
      'connectionString',
      "'connectionString' is required (at most 300 characters), e.g. 'host:10000,password=…,ssl=True'.",
    );
  }
  if (typeof p.useFromLocation !== 'string' || p.useFromLocation.trim() === '' || p.useFromLocation.length > 256) {
    throw validationError('useFromLocation', "'useFromLocation' is required: 'default' or the region whose gateway uses the cache.");
  }
  if (p.description !== undefined && p.description !== null && (typeof p.description !== 'string' || p.description.length > 2000)) {
    throw validationError('description', "'description' must be a string of at most 2000 characters.");
  }
  if (p.resourceId !== undefined && p.resourceId !== null && (typeof p.resourceId !== 'string' || p.resourceId.length > 2000)) {
    throw validationError('resourceId', "'resourceId' must be the id of the cache resource.");
  }
  const out: Record<string, unknown> = {
    useFromLocation: p.useFromLocation,
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    ...(typeof p.resourceId === 'string' ? { resourceId: p.resourceId } : {}),
  };
  const ref = REFERENCE.exec(p.connectionString.trim());
  if (ref) {
    const known = req.store
      .children(parent.id, 'namedValues')
      .some(
        (nv) => nv.name.toLowerCase() === ref[1].toLowerCase() || String(nv.properties.displayName).toLowerCase() === ref[1].toLowerCase(),
      );
    if (!known) throw validationError('connectionString', `Named value '${ref[1]}' referenced by 'connectionString' does not exist.`);
    return { ...out, connectionString: p.connectionString.trim() };
  }
  const nvName = (existing && ownNamedValue(existing)) ?? randomBytes(12).toString('hex');
  req.store.put({
    id: `${parent.id}/namedValues/${nvName}`,
    name: nvName,
    type: TYPES.namedValue,
    properties: { displayName: nvName, value: p.connectionString, secret: true, tags: [] },
  });
  return { ...out, connectionString: `{{${nvName}}}` };
}

/** The named value a cache made for its connection string (a 24-hex name), if any. */
function ownNamedValue(cache: ArmResource): string | undefined {
  const name = REFERENCE.exec((cache.properties.connectionString as string | undefined) ?? '')?.[1];
  return name && /^[0-9a-f]{24}$/.test(name) ? name : undefined;
}
