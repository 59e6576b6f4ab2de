/**
 * Application Insights components (`Microsoft.Insights/components`, api-versions 2018-05-01-preview as
 * @azure/arm-appinsights 4 sends it, and 2020-02-02): list, get, create or replace, tags, delete. The
 * instrumentation key, app id and connection string are made at creation and never change, as in Azure.
 * `CustomMetricsOptedInType` ('WithDimensions' | 'NoDimensions') is the portal's "custom metrics with dimensions"
 * switch; Azure takes it as a component property although the REST spec does not list it, and without it custom
 * metrics arrive without their dimensions.
 */
import { randomUUID } from 'node:crypto';
import type { ArmResource } from '../store';
import { memo } from '../storeMemo';
import { ArmError } from './errors';
import { TYPES } from './ids';
import type { ArmRequest, ArmRoute } from './request';
import { trackedPutRoute, trackedRoutes, type TrackedSpec } from './tracked';

export const CUSTOM_METRICS_WITH_DIMENSIONS = 'WithDimensions';
const OPT_IN_VALUES = ['WithDimensions', 'NoDimensions'];
const APPLICATION_TYPES = ['web', 'other'];

/** Properties Azure computes; a PUT cannot set them. */
const COMPUTED = [
  'InstrumentationKey',
  'ConnectionString',
  'AppId',
  'ApplicationId',
  'CreationDate',
  'TenantId',
  'provisioningState',
  'Name',
];

/** The connection string Azure gives a component in a region. */
export function componentConnectionString(instrumentationKey: string, location: string, appId: string): string {
  return [
    `InstrumentationKey=${instrumentationKey}`,
    `IngestionEndpoint=https://${location}-0.in.applicationinsights.azure.com/`,
    `LiveEndpoint=https://${location}.livediagnostics.monitor.azure.com/`,
    `ApplicationId=${appId}`,
  ].join(';');
}

function render(_req: ArmRequest, c: ArmResource): Record<string, unknown> {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(c.id)?.[1] ?? '';
  const p = c.properties;
  return {
    id: c.id,
    name: c.name,
    // Azure answers with the lower-case type for components.
    type: 'microsoft.insights/components',
    location: c.location,
    tags: c.tags ?? {},
    kind: c.kind,
    etag: c.etag,
    properties: {
      ...p,
      ApplicationId: c.name,
      Name: c.name,
      TenantId: sub,
      ConnectionString: componentConnectionString(String(p.InstrumentationKey), c.location ?? '', String(p.AppId)),
      provisioningState: 'Succeeded',
    },
  };
}

const SPEC: TrackedSpec = { type: TYPES.component, param: 'component', render };

export function appInsightsRoutes(): ArmRoute[] {
  return [
    ...trackedRoutes(SPEC),
    trackedPutRoute(SPEC, (req, body, existing) => ({
      kind: kindOf(body.kind),
      properties: buildProperties(req, body.properties, existing),
    })),
  ];
}

function kindOf(kind: unknown): string {
  if (typeof kind !== 'string' || kind.trim() === '') {
    throw new ArmError(400, 'BadRequest', "The 'kind' of the component is required (for example 'web').");
  }
  return kind;
}

function buildProperties(req: ArmRequest, raw: unknown, existing: ArmResource | undefined): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ArmError(400, 'BadRequest', "The component needs 'properties' with 'Application_Type'.");
  }
  const p = { ...(raw as Record<string, unknown>) };
  for (const k of COMPUTED) delete p[k];
  if (typeof p.Application_Type !== 'string' || !APPLICATION_TYPES.includes(p.Application_Type)) {
    throw new ArmError(400, 'BadRequest', `'Application_Type' is required and must be one of: ${APPLICATION_TYPES.join(', ')}.`);
  }
  if (p.CustomMetricsOptedInType !== undefined && !OPT_IN_VALUES.includes(p.CustomMetricsOptedInType as string)) {
    throw new ArmError(400, 'BadRequest', `'CustomMetricsOptedInType' must be one of: ${OPT_IN_VALUES.join(', ')}.`);
  }
  if (p.WorkspaceResourceId !== undefined) {
    if (typeof p.WorkspaceResourceId !== 'string' || req.store.get(p.WorkspaceResourceId)?.type !== TYPES.workspace) {
      throw new ArmError(400, 'BadRequest', `The Log Analytics workspace '${JSON.stringify(p.WorkspaceResourceId)}' does not exist.`);
    }
  }
  const kept = existing?.properties;
  return {
    Flow_Type: 'Bluefield',
    Request_Source: 'rest',
    RetentionInDays: 90,
    IngestionMode: p.WorkspaceResourceId ? 'LogAnalytics' : 'ApplicationInsights',
    publicNetworkAccessForIngestion: 'Enabled',
    publicNetworkAccessForQuery: 'Enabled',
    ...p,
    InstrumentationKey: kept?.InstrumentationKey ?? randomUUID(),
    AppId: kept?.AppId ?? randomUUID(),
    CreationDate: kept?.CreationDate ?? new Date().toISOString(),
  };
}

/** The component an instrumentation key (or a connection string holding one) sends telemetry to. */
export function componentForKey(store: ArmRequest['store'], keyOrConnectionString: string): ArmResource | undefined {
  const key = /(?:^|;)\s*InstrumentationKey=([^;]+)/i.exec(keyOrConnectionString)?.[1] ?? keyOrConnectionString;
  const byKey = memo(
    store,
    'insights:componentsByKey',
    () => new Map(store.ofType(TYPES.component).map((c) => [String(c.properties.InstrumentationKey).toLowerCase(), c])),
  );
  return byKey.get(key.trim().toLowerCase());
}

export const customMetricsWithDimensions = (component: ArmResource): boolean =>
  component.properties.CustomMetricsOptedInType === CUSTOM_METRICS_WITH_DIMENSIONS;
