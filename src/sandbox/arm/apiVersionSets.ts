/**
 * API version sets: `displayName` and `versioningScheme` (Segment, Query or Header) required, as in APIM's spec. An
 * API names its set by `apiVersionSetId` (refused when the service has no such set), and is answered with the set
 * expanded (`apiVersionSet`), as ApiManagementCreateApiNewVersionUsingExistingApi shows.
 */
import type { ArmResource } from '../store';
import { validationError } from './errors';
import { entityRoutes } from './entities';
import { TYPES } from './ids';
import type { ArmRequest, ArmRoute } from './request';
import { SERVICE, findService } from './scopes';

const SCHEMES = ['Segment', 'Query', 'Header'];

export function apiVersionSetRoutes(): ArmRoute[] {
  return entityRoutes({
    pattern: `${SERVICE}/apiVersionSets/{versionSetId}`,
    collection: 'apiVersionSets',
    idParam: 'versionSetId',
    type: TYPES.apiVersionSet,
    label: 'ApiVersionSet',
    parent: findService,
    build: ({ properties: p }) => {
      if (typeof p.displayName !== 'string' || p.displayName === '') throw validationError('displayName', "'displayName' is required.");
      if (typeof p.versioningScheme !== 'string' || !SCHEMES.includes(p.versioningScheme)) {
        throw validationError('versioningScheme', `'versioningScheme' is required: one of ${SCHEMES.join(', ')}.`);
      }
      return { ...p };
    },
    render: (set) => ({ ...set.properties }),
  });
}

/** The version set an API names (full id or `/apiVersionSets/{id}`), or a 400 when the service has no such set. */
export function versionSetOf(req: ArmRequest, service: ArmResource, apiVersionSetId: string): ArmResource {
  const id = apiVersionSetId.startsWith('/apiVersionSets/') ? `${service.id}${apiVersionSetId}` : apiVersionSetId;
  const set = id.toLowerCase().startsWith(`${service.id.toLowerCase()}/apiversionsets/`) ? req.store.get(id) : undefined;
  if (!set || set.type !== TYPES.apiVersionSet) {
    throw validationError('apiVersionSetId', `API version set '${apiVersionSetId}' does not exist in this service.`);
  }
  return set;
}

/** The expanded `apiVersionSet` an API is answered with. */
export function expandedVersionSet(set: ArmResource): Record<string, unknown> {
  const p = set.properties;
  return {
    id: set.id,
    name: p.displayName,
    versioningScheme: p.versioningScheme,
    ...(p.description === undefined ? {} : { description: p.description }),
    ...(p.versionQueryName === undefined ? {} : { versionQueryName: p.versionQueryName }),
    ...(p.versionHeaderName === undefined ? {} : { versionHeaderName: p.versionHeaderName }),
  };
}
