/**
 * Diagnostic settings (`{resource}/providers/Microsoft.Insights/diagnosticSettings/{name}`, 2021-05-01-preview as
 * @azure/arm-monitor sends it): create or replace, get, list, delete. As in Azure: a setting needs a destination,
 * a Log Analytics destination must exist, a resource has at most 5 settings, and an APIM instance's log categories
 * are its own (`GatewayLogs`, `WebSocketConnectionLogs`, `DeveloperPortalAuditLogs`, `GatewayLlmLogs`; groups
 * `allLogs`, `audit`). `GatewayLlmLogs` sent to a workspace is what makes APIM log LLM messages.
 */
import type { ArmResource } from '../store';
import { ArmError } from './errors';
import { TYPES, diagnosticSettingId } from './ids';
import { bodyProperties, ok, type ArmRequest, type ArmResponse, type ArmRoute } from './request';

const COLLECTION = 'providers/Microsoft.Insights/diagnosticSettings';
const MAX_PER_RESOURCE = 5;
const APIM_CATEGORIES = ['GatewayLogs', 'WebSocketConnectionLogs', 'DeveloperPortalAuditLogs', 'GatewayLlmLogs'];
const APIM_GROUPS = ['allLogs', 'audit'];
const DESTINATIONS = ['workspaceId', 'storageAccountId', 'eventHubAuthorizationRuleId', 'marketplacePartnerId'];

export function diagnosticSettingRoutes(): ArmRoute[] {
  const item = '/{scope*}/providers/Microsoft.Insights/diagnosticSettings/{name}';
  return [
    {
      method: 'GET',
      pattern: '/{scope*}/providers/Microsoft.Insights/diagnosticSettings',
      // Not paged in Azure either: one `value` array.
      handler: (req) => ok({ value: req.store.children(scopeOf(req).id, COLLECTION).map(render) }),
    },
    {
      method: 'GET',
      pattern: item,
      handler: (req) => {
        const setting = req.store.get(diagnosticSettingId(scopeOf(req).id, req.params.name));
        if (!setting) throw new ArmError(404, 'ResourceNotFound', `The diagnostic setting '${req.params.name}' doesn't exist.`);
        return ok(render(setting));
      },
    },
    { method: 'PUT', pattern: item, handler: put },
    {
      method: 'DELETE',
      pattern: item,
      handler: (req) => ({ status: req.store.delete(diagnosticSettingId(scopeOf(req).id, req.params.name)) ? 200 : 204 }),
    },
  ];
}

function put(req: ArmRequest): ArmResponse {
  const scope = scopeOf(req);
  const id = diagnosticSettingId(scope.id, req.params.name);
  const existing = req.store.get(id);
  if (!existing && req.store.children(scope.id, COLLECTION).length >= MAX_PER_RESOURCE) {
    throw badRequest(`A resource can have at most ${MAX_PER_RESOURCE} diagnostic settings.`);
  }
  const p = bodyProperties(req);
  if (!DESTINATIONS.some((d) => typeof p[d] === 'string' && p[d] !== '')) {
    throw badRequest(
      'A diagnostic setting needs a destination: a Log Analytics workspace, a storage account, an event hub or a partner solution.',
    );
  }
  if (p.workspaceId !== undefined && p.workspaceId !== null) {
    if (typeof p.workspaceId !== 'string' || req.store.get(p.workspaceId)?.type !== TYPES.workspace) {
      throw badRequest(`The Log Analytics workspace '${JSON.stringify(p.workspaceId)}' does not exist.`);
    }
  }
  if (
    p.logAnalyticsDestinationType !== undefined &&
    p.logAnalyticsDestinationType !== null &&
    p.logAnalyticsDestinationType !== 'Dedicated'
  ) {
    throw badRequest("'logAnalyticsDestinationType' must be 'Dedicated' (resource-specific tables) or null (AzureDiagnostics).");
  }
  const logs = checkLogs(scope, p.logs);
  const metrics = Array.isArray(p.metrics) ? p.metrics : [];
  const stored = req.store.put({
    id,
    name: existing?.name ?? req.params.name,
    type: TYPES.diagnosticSetting,
    properties: { ...p, logs, metrics, logAnalyticsDestinationType: p.logAnalyticsDestinationType ?? null },
  });
  return { status: 200, body: render(stored) };
}

function checkLogs(scope: ArmResource, raw: unknown): Array<Record<string, unknown>> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest("'logs' must be a list.");
  const apim = scope.type === TYPES.service;
  return (raw as Array<Record<string, unknown> | null>).map((entry) => {
    if (typeof entry !== 'object' || entry === null || typeof entry.enabled !== 'boolean') {
      throw badRequest("Each entry of 'logs' needs 'enabled' and a 'category' or a 'categoryGroup'.");
    }
    const { category, categoryGroup } = entry;
    if ((typeof category === 'string') === (typeof categoryGroup === 'string')) {
      throw badRequest("Each entry of 'logs' needs exactly one of 'category' and 'categoryGroup'.");
    }
    if (apim && typeof category === 'string' && !APIM_CATEGORIES.includes(category)) {
      throw badRequest(`Category '${category}' is not supported. API Management has: ${APIM_CATEGORIES.join(', ')}.`);
    }
    if (apim && typeof categoryGroup === 'string' && !APIM_GROUPS.includes(categoryGroup)) {
      throw badRequest(`Category group '${categoryGroup}' is not supported. API Management has: ${APIM_GROUPS.join(', ')}.`);
    }
    return {
      category: category ?? null,
      categoryGroup: categoryGroup ?? null,
      enabled: entry.enabled,
      retentionPolicy: entry.retentionPolicy ?? { enabled: false, days: 0 },
    };
  });
}

/** The resource a setting belongs to: it must exist. */
function scopeOf(req: ArmRequest): ArmResource {
  const id = `/${(req.params.scope ?? '').replace(/^\/+|\/+$/g, '')}`;
  const scope = req.store.get(id);
  if (!scope) throw new ArmError(404, 'ResourceNotFound', `The resource '${id}' was not found.`);
  return scope;
}

function render(s: ArmResource): Record<string, unknown> {
  return { id: s.id, type: 'Microsoft.Insights/diagnosticSettings', name: s.name, properties: { ...s.properties } };
}

const badRequest = (message: string): ArmError => new ArmError(400, 'BadRequest', message);

/** Whether a diagnostic setting on `serviceId` sends `category` to a Log Analytics workspace: the workspaces it sends to. */
export function workspacesReceiving(
  store: ArmRequest['store'],
  serviceId: string,
  category: string,
): Array<{ workspaceId: string; dedicated: boolean }> {
  const out: Array<{ workspaceId: string; dedicated: boolean }> = [];
  for (const s of store.children(serviceId, COLLECTION)) {
    const p = s.properties;
    if (typeof p.workspaceId !== 'string' || !store.get(p.workspaceId)) continue;
    const logs = (Array.isArray(p.logs) ? p.logs : []) as Array<Record<string, unknown>>;
    const on = logs.some((l) => l.enabled === true && (l.category === category || l.categoryGroup === 'allLogs'));
    if (on) out.push({ workspaceId: p.workspaceId, dedicated: p.logAnalyticsDestinationType === 'Dedicated' });
  }
  return out;
}
