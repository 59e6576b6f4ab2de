/** Tenants, subscriptions and resource groups (Microsoft.Resources): what account pickers list. */
import type { ArmResource } from '../store';
import { ArmError } from './errors';
import { TYPES } from './ids';
import { pageOf } from './paging';
import { ok, type ArmRequest, type ArmRoute } from './request';
import { RESOURCE_GROUP, SUBSCRIPTION, findResourceGroup } from './scopes';

function renderSubscription(req: ArmRequest, s: ArmResource): Record<string, unknown> {
  return {
    id: s.id,
    subscriptionId: s.name,
    tenantId: req.ctx.tenantId,
    displayName: s.properties.displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    tags: s.tags ?? {},
  };
}

function renderResourceGroup(rg: ArmResource): Record<string, unknown> {
  return {
    id: rg.id,
    name: rg.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: rg.location,
    properties: { provisioningState: 'Succeeded' },
  };
}

function findSubscription(req: ArmRequest): ArmResource {
  const s = req.store.get(`/subscriptions/${req.params.sub}`);
  if (!s) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${req.params.sub}' could not be found.`);
  return s;
}

export function tenantRoutes(): ArmRoute[] {
  return [
    {
      method: 'GET',
      pattern: '/tenants',
      handler: (req) =>
        ok({
          value: [
            {
              id: `/tenants/${req.ctx.tenantId}`,
              tenantId: req.ctx.tenantId,
              tenantCategory: 'Home',
              displayName: 'Contoso (sandbox)',
              defaultDomain: 'contoso.onmicrosoft.com',
              domains: ['contoso.onmicrosoft.com'],
              countryCode: 'US',
              tenantType: 'AAD',
            },
          ],
        }),
    },
    {
      method: 'GET',
      pattern: '/subscriptions',
      handler: (req) => pageOf(req, req.store.ofType(TYPES.subscription), (s) => renderSubscription(req, s)),
    },
    { method: 'GET', pattern: SUBSCRIPTION, handler: (req) => ok(renderSubscription(req, findSubscription(req))) },
    {
      method: 'GET',
      pattern: `${SUBSCRIPTION}/resourcegroups`,
      handler: (req) => pageOf(req, req.store.children(findSubscription(req).id, 'resourceGroups'), renderResourceGroup),
    },
    { method: 'GET', pattern: RESOURCE_GROUP, handler: (req) => ok(renderResourceGroup(findResourceGroup(req))) },
  ];
}
