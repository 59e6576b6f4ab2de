/**
 * Policies at the four scopes APIM has: global (service), product, API and operation, each at
 * `{scope}/policies/policy`. PUT takes `{ format: 'xml' | 'rawxml', value }` and refuses XML that is not well formed
 * (400 ValidationError). The stored value is returned as written, in the format the GET asks for (`?format=`).
 */
import type { ArmResource } from '../store';
import { ArmError, entityNotFound, validationError } from './errors';
import { checkIfMatch, conditionalDelete, etagHeaders } from './etag';
import { TYPES, policyId } from './ids';
import { envelope } from './entities';
import { checkPolicyXml } from './policyXml';
import { bodyProperties, ok, type ArmRequest, type ArmRoute } from './request';
import { API, OPERATION, PRODUCT, SERVICE, findApi, findOperation, findProduct, findService } from './scopes';

const FORMATS = ['xml', 'rawxml'];

interface PolicyScope {
  readonly pattern: string;
  readonly type: string;
  readonly find: (req: ArmRequest) => ArmResource;
}

const SCOPES: readonly PolicyScope[] = [
  { pattern: SERVICE, type: TYPES.policy, find: findService },
  { pattern: API, type: TYPES.apiPolicy, find: findApi },
  { pattern: OPERATION, type: TYPES.operationPolicy, find: findOperation },
  { pattern: PRODUCT, type: TYPES.productPolicy, find: findProduct },
];

export function policyRoutes(): ArmRoute[] {
  return SCOPES.flatMap((scope) => scopeRoutes(scope));
}

function scopeRoutes(scope: PolicyScope): ArmRoute[] {
  const find = (req: ArmRequest): { owner: ArmResource; existing: ArmResource | undefined } => {
    const owner = scope.find(req);
    if (req.params.policyId !== undefined && req.params.policyId.toLowerCase() !== 'policy') {
      throw validationError('policyId', `The policy identifier must be 'policy', not '${req.params.policyId}'.`);
    }
    return { owner, existing: req.store.get(policyId(owner.id)) };
  };
  const show = (req: ArmRequest, r: ArmResource) => {
    const format = req.url.searchParams.get('format') ?? 'xml';
    if (!FORMATS.includes(format)) throw validationError('format', `'format' must be one of ${FORMATS.join(', ')}.`);
    return envelope(r, { ...r.properties, format });
  };
  const item = `${scope.pattern}/policies/{policyId}`;
  return [
    {
      method: 'GET',
      pattern: `${scope.pattern}/policies`,
      handler: (req) => {
        const { existing } = find(req);
        return ok({ value: existing ? [show(req, existing)] : [], count: existing ? 1 : 0 });
      },
    },
    {
      method: 'GET',
      pattern: item,
      handler: (req) => {
        const { existing } = find(req);
        if (!existing) throw entityNotFound('Policy');
        return ok(show(req, existing), etagHeaders(existing));
      },
    },
    {
      method: 'PUT',
      pattern: item,
      handler: (req) => {
        const { owner, existing } = find(req);
        checkIfMatch(req, existing, false);
        const props = bodyProperties(req);
        const format = props.format ?? 'xml';
        if (typeof format !== 'string' || !FORMATS.includes(format)) {
          throw new ArmError(
            400,
            'ValidationError',
            `Policy format '${JSON.stringify(format)}' is not supported by the sandbox; use 'xml' or 'rawxml' (link formats need network access).`,
          );
        }
        if (typeof props.value !== 'string' || props.value.trim() === '') throw validationError('value', "'value' is required.");
        checkPolicyXml(props.value);
        const stored = req.store.put({
          id: policyId(owner.id),
          name: 'policy',
          type: scope.type,
          properties: { format, value: props.value },
        });
        return { status: existing ? 200 : 201, body: envelope(stored, { ...stored.properties }), headers: etagHeaders(stored) };
      },
    },
    {
      method: 'DELETE',
      pattern: item,
      handler: (req) => conditionalDelete(req, find(req).existing),
    },
  ];
}
