/**
 * APIM service instances: list by subscription and by resource group, get, and PATCH (tags, identity) as an LRO.
 * `gatewayUrl` is computed at render time from the sandbox origin, so persisted state survives a port change.
 */
import { randomUUID } from 'node:crypto';
import { gatewayUrlFor } from '../context';
import type { ArmResource } from '../store';
import { ArmError } from './errors';
import { checkIfMatch, etagHeaders } from './etag';
import { TYPES } from './ids';
import { pageOf } from './paging';
import { bodyObject, ok, type ArmRequest, type ArmRoute } from './request';
import { RESOURCE_GROUP, ofTypeInSubscription, SERVICE, SUBSCRIPTION, findResourceGroup, findService } from './scopes';

/**
 * The TLS and protocol settings a new instance reports in `customProperties` (all off), unless PATCH set them.
 * Azure's exact default set per tier is unverified; these are the eight keys of ApiManagementServiceGetService.
 */
const DEFAULT_CUSTOM_PROPERTIES: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'Security.Ciphers.TripleDes168',
    'Security.Protocols.Tls11',
    'Security.Protocols.Tls10',
    'Security.Protocols.Ssl30',
    'Security.Backend.Protocols.Tls11',
    'Security.Backend.Protocols.Tls10',
    'Security.Backend.Protocols.Ssl30',
    'Protocols.Server.Http2',
  ].map((k) => [`Microsoft.WindowsAzure.ApiManagement.Gateway.${k}`, 'False']),
);

/**
 * The URLs of an instance besides its gateway. Classic tiers (Developer, Basic, Standard, Premium) have the legacy
 * publisher portal, developer portal, direct management and Git (scm) endpoints and a regional gateway URL; v2 tiers
 * only a developer portal; Consumption none. The sandbox serves only the gateway: the regional URL is the gateway's,
 * the others are the host names Azure gives them and are not served.
 */
function instanceUrls(name: string, sku: string, gatewayUrl: string): Record<string, string | null> {
  const host = name.toLowerCase();
  const classic = ['developer', 'basic', 'standard', 'premium'].includes(sku.toLowerCase());
  const v2 = /v2$/i.test(sku);
  return {
    gatewayRegionalUrl: classic ? gatewayUrl : null,
    portalUrl: classic ? `https://${host}.portal.azure-api.net` : null,
    developerPortalUrl: classic || v2 ? `https://${host}.developer.azure-api.net` : null,
    managementApiUrl: classic ? `https://${host}.management.azure-api.net` : null,
    scmUrl: classic ? `https://${host}.scm.azure-api.net` : null,
  };
}

export function renderService(req: Pick<ArmRequest, 'ctx'>, r: ArmResource): Record<string, unknown> {
  const gatewayUrl = gatewayUrlFor(req.ctx, r.name);
  const created = typeof r.properties.createdAtUtc === 'string' ? r.properties.createdAtUtc : '2025-01-15T09:30:00Z';
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    location: r.location,
    etag: r.etag,
    tags: r.tags ?? {},
    sku: r.sku,
    ...(r.identity ? { identity: r.identity } : {}),
    systemData: {
      createdBy: 'apim-admins@contoso.com',
      createdByType: 'User',
      createdAt: created,
      lastModifiedBy: 'apim-admins@contoso.com',
      lastModifiedByType: 'User',
      lastModifiedAt: created,
    },
    properties: {
      customProperties: DEFAULT_CUSTOM_PROPERTIES,
      disableGateway: false,
      certificates: [],
      apiVersionConstraint: { minApiVersion: null },
      ...instanceUrls(r.name, typeof r.sku?.name === 'string' ? r.sku.name : '', gatewayUrl),
      ...r.properties,
      provisioningState: 'Succeeded',
      targetProvisioningState: '',
      gatewayUrl,
      hostnameConfigurations: [
        {
          type: 'Proxy',
          hostName: new URL(gatewayUrl).host,
          negotiateClientCertificate: false,
          defaultSslBinding: true,
          certificateSource: 'BuiltIn',
        },
      ],
      publicIPAddresses: [],
      virtualNetworkType: 'None',
      publicNetworkAccess: 'Enabled',
      platformVersion: 'stv2',
    },
  };
}

export function serviceRoutes(): ArmRoute[] {
  const list = (req: ArmRequest, items: ArmResource[]) => pageOf(req, items, (r) => renderService(req, r));
  return [
    {
      method: 'GET',
      pattern: `${SUBSCRIPTION}/providers/Microsoft.ApiManagement/service`,
      handler: (req) => list(req, ofTypeInSubscription(req, TYPES.service)),
    },
    {
      method: 'GET',
      pattern: `${RESOURCE_GROUP}/providers/Microsoft.ApiManagement/service`,
      handler: (req) => list(req, req.store.children(findResourceGroup(req).id, 'providers/Microsoft.ApiManagement/service')),
    },
    {
      method: 'GET',
      pattern: SERVICE,
      handler: (req) => {
        const svc = findService(req);
        return ok(renderService(req, svc), etagHeaders(svc));
      },
    },
    {
      method: 'PATCH',
      pattern: SERVICE,
      handler: (req) => {
        const svc = findService(req);
        checkIfMatch(req, svc, false);
        const body = bodyObject(req);
        const next: ArmResource = structuredClone(svc);
        if (body.tags !== undefined) next.tags = asStringMap(body.tags, 'tags');
        if (body.identity !== undefined) next.identity = patchIdentity(req, svc.identity, body.identity);
        if (body.properties !== undefined) {
          if (typeof body.properties !== 'object' || body.properties === null) throw badField('properties');
          next.properties = { ...svc.properties, ...stripComputed(body.properties as Record<string, unknown>) };
        }
        const stored = req.store.put(next);
        return req.lro.accepted(req, stored.id, () => renderService(req, req.store.get(stored.id) ?? stored));
      },
    },
  ];
}

/**
 * Azure's identity semantics: the requested `type` replaces the old one. A system-assigned identity keeps its
 * principal while it stays on, and gets a new principal when turned on; user-assigned identities not named in the
 * request are kept when the type still includes UserAssigned (PATCH merges the map).
 */
function patchIdentity(req: ArmRequest, current: Record<string, unknown> | undefined, requested: unknown): Record<string, unknown> {
  if (typeof requested !== 'object' || requested === null) throw badField('identity');
  const r = requested as Record<string, unknown>;
  const type = typeof r.type === 'string' ? r.type : '';
  const parts = new Set(
    type
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean),
  );
  const known = ['systemassigned', 'userassigned', 'none'];
  if (parts.size === 0 || [...parts].some((p) => !known.includes(p)) || (parts.has('none') && parts.size > 1)) {
    throw new ArmError(
      400,
      'InvalidIdentityType',
      `The identity type '${type}' is not valid. Use 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned' or 'None'.`,
    );
  }
  if (parts.has('none')) return { type: 'None' };
  const currentType = typeof current?.type === 'string' ? current.type.toLowerCase() : '';
  const out: Record<string, unknown> = {};
  if (parts.has('systemassigned')) {
    out.principalId = currentType.includes('systemassigned') && current?.principalId ? current.principalId : randomUUID();
    out.tenantId = req.ctx.tenantId;
  }
  if (parts.has('userassigned')) {
    const kept = (current?.userAssignedIdentities ?? {}) as Record<string, unknown>;
    if (
      r.userAssignedIdentities !== undefined &&
      (typeof r.userAssignedIdentities !== 'object' || r.userAssignedIdentities === null || Array.isArray(r.userAssignedIdentities))
    ) {
      throw badField('identity.userAssignedIdentities');
    }
    const added = (r.userAssignedIdentities ?? {}) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...kept };
    for (const [id, value] of Object.entries(added)) {
      if (value === null) delete merged[id];
      else merged[id] = kept[id] ?? { principalId: randomUUID(), clientId: randomUUID() };
    }
    if (Object.keys(merged).length === 0) {
      throw new ArmError(400, 'BadRequest', "The identity type includes 'UserAssigned' but no user-assigned identity is given.");
    }
    out.userAssignedIdentities = merged;
  }
  out.type =
    parts.has('systemassigned') && parts.has('userassigned')
      ? 'SystemAssigned, UserAssigned'
      : parts.has('systemassigned')
        ? 'SystemAssigned'
        : 'UserAssigned';
  return out;
}

function stripComputed(props: Record<string, unknown>): Record<string, unknown> {
  const {
    gatewayUrl: _g,
    provisioningState: _p,
    hostnameConfigurations: _h,
    gatewayRegionalUrl: _r,
    portalUrl: _pu,
    developerPortalUrl: _d,
    managementApiUrl: _m,
    scmUrl: _s,
    ...rest
  } = props;
  return rest;
}

function asStringMap(value: unknown, field: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badField(field);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw badField(field);
    out[k] = v;
  }
  return out;
}

const badField = (field: string): ArmError =>
  new ArmError(
    400,
    'InvalidRequestContent',
    `The request content was invalid and could not be deserialized: '${field}' has the wrong type.`,
  );
