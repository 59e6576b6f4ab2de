/**
 * Named values: PUT and PATCH are LROs; a secret's value is never returned by GET or list, only by
 * `POST .../listValue`. Key Vault references are stored but not resolved (the sandbox has no Key Vault).
 */
import type { ArmResource } from '../store';
import { entityNotFound, validationError } from './errors';
import { entityRoutes } from './entities';
import { etagHeaders } from './etag';
import { TYPES } from './ids';
import { ok, type ArmRoute } from './request';
import { SERVICE, findService } from './scopes';

const PATTERN = `${SERVICE}/namedValues/{namedValueId}`;

export function namedValueRoutes(): ArmRoute[] {
  return [
    ...entityRoutes({
      pattern: PATTERN,
      collection: 'namedValues',
      idParam: 'namedValueId',
      type: TYPES.namedValue,
      label: 'NamedValue',
      parent: findService,
      lro: { put: true, patch: true },
      build: ({ properties: p }) => {
        if (typeof p.displayName !== 'string' || !/^[A-Za-z0-9._-]+$/.test(p.displayName)) {
          throw validationError('displayName', "'displayName' is required and may contain only letters, digits, '.', '-' and '_'.");
        }
        if (p.keyVault === undefined && (typeof p.value !== 'string' || p.value === '')) {
          throw validationError('value', "'value' is required unless 'keyVault' is given.");
        }
        if (typeof p.value === 'string' && p.value.length > 4096) {
          throw validationError('value', "'value' may have at most 4096 characters.");
        }
        const { provisioningState: _p, ...props } = p;
        return { ...props, secret: p.secret === true, tags: Array.isArray(p.tags) ? p.tags : [] };
      },
      render: renderNamedValue,
    }),
    {
      method: 'POST',
      pattern: `${PATTERN}/listValue`,
      handler: (req) => {
        const nv = req.store.get(`${findService(req).id}/namedValues/${req.params.namedValueId}`);
        if (!nv) throw entityNotFound('NamedValue');
        return ok({ value: nv.properties.value }, etagHeaders(nv));
      },
    },
  ];
}

function renderNamedValue(nv: ArmResource): Record<string, unknown> {
  if (nv.properties.secret !== true) return { ...nv.properties };
  const { value: _secret, ...visible } = nv.properties;
  return visible;
}
