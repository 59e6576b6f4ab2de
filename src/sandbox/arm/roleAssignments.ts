/**
 * Role assignments at any scope (`{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}`): PUT, GET,
 * DELETE, and list at a scope with `$filter` (`atScope()`, `principalId eq '...'`, `assignedTo('...')`).
 * As in Azure, a list returns assignments at, above and below the scope (`atScope()`: at and above), the name must be
 * a GUID, and a second assignment of the same role to the same principal at the same scope is 409 RoleAssignmentExists.
 */
import type { ArmResource } from '../store';
import { ArmError } from './errors';
import { TYPES, roleAssignmentId } from './ids';
import { pageOf } from './paging';
import { bodyProperties, ok, type ArmRequest, type ArmRoute } from './request';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_DEFINITION = /^(\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i;
const PRINCIPAL_TYPES = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'];
const ITEM = '/{scope*}/providers/Microsoft.Authorization/roleAssignments/{name}';

export function roleAssignmentRoutes(): ArmRoute[] {
  return [
    { method: 'GET', pattern: '/{scope*}/providers/Microsoft.Authorization/roleAssignments', handler: list },
    { method: 'GET', pattern: '/providers/Microsoft.Authorization/roleAssignments', handler: list },
    {
      method: 'GET',
      pattern: ITEM,
      handler: (req) => {
        const ra = req.store.get(roleAssignmentId(scopeOf(req), req.params.name));
        if (!ra) throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${req.params.name}' is not found.`);
        return ok(render(ra));
      },
    },
    { method: 'PUT', pattern: ITEM, handler: create },
    {
      method: 'DELETE',
      pattern: ITEM,
      handler: (req) => {
        const id = roleAssignmentId(scopeOf(req), req.params.name);
        const ra = req.store.get(id);
        if (!ra) return { status: 204 };
        req.store.delete(id);
        return ok(render(ra));
      },
    },
  ];
}

function create(req: ArmRequest): ReturnType<typeof ok> {
  const scope = scopeOf(req);
  const name = req.params.name;
  if (!GUID.test(name)) {
    throw new ArmError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  checkScopeExists(req, scope);
  const p = bodyProperties(req);
  if (typeof p.roleDefinitionId !== 'string' || !ROLE_DEFINITION.test(p.roleDefinitionId)) {
    throw new ArmError(400, 'InvalidRoleDefinitionId', `The role definition ID '${String(p.roleDefinitionId)}' is not valid.`);
  }
  if (typeof p.principalId !== 'string' || !GUID.test(p.principalId)) {
    throw new ArmError(400, 'InvalidPrincipalId', 'A valid principal ID must be provided for role assignment.');
  }
  if (p.principalType !== undefined && (typeof p.principalType !== 'string' || !PRINCIPAL_TYPES.includes(p.principalType))) {
    throw new ArmError(400, 'InvalidPrincipalType', `The principal type '${JSON.stringify(p.principalType)}' is not valid.`);
  }
  const roleGuid = (id: unknown) => String(id).slice(-36).toLowerCase();
  const id = roleAssignmentId(scope, name);
  const existing = req.store.get(id);
  if (
    existing &&
    (roleGuid(existing.properties.roleDefinitionId) !== roleGuid(p.roleDefinitionId) || existing.properties.principalId !== p.principalId)
  ) {
    throw new ArmError(
      400,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  }
  const duplicate = req.store
    .ofType(TYPES.roleAssignment)
    .find(
      (ra) =>
        ra.id.toLowerCase() !== id.toLowerCase() &&
        sameScope(String(ra.properties.scope), scope) &&
        String(ra.properties.principalId).toLowerCase() === (p.principalId as string).toLowerCase() &&
        roleGuid(ra.properties.roleDefinitionId) === roleGuid(p.roleDefinitionId),
    );
  if (duplicate) throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  const now = new Date().toISOString();
  const stored = req.store.put({
    id,
    name,
    type: TYPES.roleAssignment,
    properties: {
      roleDefinitionId: p.roleDefinitionId,
      principalId: p.principalId,
      principalType: p.principalType ?? 'User',
      scope,
      condition: p.condition ?? null,
      conditionVersion: p.conditionVersion ?? null,
      description: p.description ?? null,
      createdOn: existing?.properties.createdOn ?? now,
      updatedOn: now,
      createdBy: existing?.properties.createdBy ?? null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
    },
  });
  return { status: existing ? 200 : 201, body: render(stored) };
}

function list(req: ArmRequest): ReturnType<typeof ok> {
  const scope = req.params.scope ? scopeOf(req) : '';
  if (scope) checkScopeExists(req, scope);
  const filter = parseRoleFilter(req.url.searchParams.get('$filter'));
  const items = req.store.ofType(TYPES.roleAssignment).filter((ra) => {
    const raScope = String(ra.properties.scope);
    const above = isWithin(scope, raScope);
    const below = isWithin(raScope, scope);
    if (!(above || (below && !filter.atScope))) return false;
    return filter.principalId === undefined || String(ra.properties.principalId).toLowerCase() === filter.principalId;
  });
  return pageOf(req, items, render);
}

function parseRoleFilter(text: string | null): { atScope: boolean; principalId?: string } {
  if (!text) return { atScope: false };
  let atScope = false;
  let principalId: string | undefined;
  for (const clause of text.split(/\s+and\s+/i)) {
    const c = clause.trim();
    const pid = /^(?:principalId\s+eq\s+'([^']+)'|assignedTo\('([^']+)'\))$/i.exec(c);
    if (/^atScope\(\)$/i.test(c)) atScope = true;
    else if (pid) principalId = (pid[1] ?? pid[2]).toLowerCase();
    else {
      throw new ArmError(
        400,
        'UnsupportedQuery',
        `The filter '${text}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`,
      );
    }
  }
  return { atScope, ...(principalId ? { principalId } : {}) };
}

/** The scope of a request with a leading slash (SDKs send `{scope}` with or without one). */
function scopeOf(req: ArmRequest): string {
  return `/${(req.params.scope ?? '').replace(/^\/+|\/+$/g, '')}`;
}

/** An assignment's scope must be a resource the sandbox knows (a subscription, resource group or resource). */
function checkScopeExists(req: ArmRequest, scope: string): void {
  if (scope === '/' || req.store.get(scope)) return;
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  if (!sub || !req.store.get(`/subscriptions/${sub}`)) {
    throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${sub ?? scope}' could not be found.`);
  }
  throw new ArmError(404, 'ResourceNotFound', `The resource at scope '${scope}' was not found.`);
}

/** Whether `inner` is `outer` or below it, segment by segment, ignoring case. */
function isWithin(inner: string, outer: string): boolean {
  const i = inner.toLowerCase().replace(/\/+$/, '');
  const o = outer.toLowerCase().replace(/\/+$/, '');
  return o === '' || i === o || i.startsWith(`${o}/`);
}

const sameScope = (a: string, b: string): boolean => a.toLowerCase().replace(/\/+$/, '') === b.toLowerCase().replace(/\/+$/, '');

function render(ra: ArmResource): Record<string, unknown> {
  return { id: ra.id, type: ra.type, name: ra.name, properties: { ...ra.properties } };
}
