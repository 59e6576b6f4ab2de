/**
 * Log Analytics workspaces (`Microsoft.OperationalInsights/workspaces`): list, get, create or replace, tags, delete.
 * Diagnostic settings and workspace-based Application Insights components point at them by id.
 */
import { randomUUID } from 'node:crypto';
import type { ArmResource } from '../store';
import { ArmError } from './errors';
import { TYPES } from './ids';
import type { ArmRequest, ArmRoute } from './request';
import { trackedPutRoute, trackedRoutes, type TrackedSpec } from './tracked';

const SKUS = ['Free', 'PerNode', 'Premium', 'Standard', 'Standalone', 'Unlimited', 'CapacityReservation', 'PerGB2018', 'LACluster'];

function render(_req: ArmRequest, w: ArmResource): Record<string, unknown> {
  return {
    id: w.id,
    name: w.name,
    type: w.type,
    location: w.location,
    tags: w.tags ?? {},
    etag: w.etag,
    properties: {
      ...w.properties,
      provisioningState: 'Succeeded',
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
    },
  };
}

const SPEC: TrackedSpec = { type: TYPES.workspace, param: 'workspace', render };

export function logAnalyticsRoutes(): ArmRoute[] {
  return [
    ...trackedRoutes(SPEC),
    trackedPutRoute(SPEC, (_req, body, existing) => {
      const p = (typeof body.properties === 'object' && body.properties !== null ? body.properties : {}) as Record<string, unknown>;
      const sku = (p.sku as { name?: unknown } | undefined)?.name ?? 'PerGB2018';
      if (typeof sku !== 'string' || !SKUS.includes(sku)) {
        throw new ArmError(400, 'InvalidParameter', `The workspace SKU '${JSON.stringify(sku)}' is not valid.`);
      }
      const retention = p.retentionInDays ?? 30;
      if (!Number.isInteger(retention) || (retention as number) < 30 || (retention as number) > 730) {
        throw new ArmError(400, 'InvalidParameter', "'retentionInDays' must be an integer from 30 to 730.");
      }
      return {
        properties: { customerId: existing?.properties.customerId ?? randomUUID(), sku: { name: sku }, retentionInDays: retention },
      };
    }),
  ];
}
