/** The ARM emulator: every resource family's routes behind one router. */
import type { SandboxContext } from '../context';
import { apimSubscriptionRoutes } from './apimSubscriptions';
import { apiVersionSetRoutes } from './apiVersionSets';
import { apiRoutes } from './apis';
import { appInsightsRoutes } from './appInsights';
import { cacheRoutes } from './caches';
import { backendRoutes } from './backends';
import { cognitiveServicesRoutes } from './cognitiveServices';
import { diagnosticSettingRoutes } from './diagnosticSettings';
import { diagnosticRoutes } from './diagnostics';
import { logAnalyticsRoutes } from './logAnalytics';
import { loggerRoutes } from './loggers';
import { LroTracker } from './lro';
import { metricsRoutes } from './metrics';
import { namedValueRoutes } from './namedValues';
import { operationRoutes } from './operations';
import { policyRoutes } from './policies';
import { productRoutes } from './products';
import { redisEnterpriseRoutes } from './redisEnterprise';
import { roleAssignmentRoutes } from './roleAssignments';
import { ArmRouter } from './router';
import { serviceRoutes } from './services';
import { tenantRoutes } from './tenants';
import { userRoutes } from './users';

export interface ArmEmulator {
  readonly router: ArmRouter;
  readonly lro: LroTracker;
}

export function createArmEmulator(ctx: SandboxContext): ArmEmulator {
  const lro = new LroTracker();
  const router = new ArmRouter(ctx, lro, [
    ...lro.routes,
    ...tenantRoutes(),
    ...serviceRoutes(),
    ...apiRoutes(),
    ...apiVersionSetRoutes(),
    ...operationRoutes(),
    ...policyRoutes(),
    ...backendRoutes(),
    ...namedValueRoutes(),
    ...productRoutes(),
    ...apimSubscriptionRoutes(),
    ...userRoutes(),
    ...cognitiveServicesRoutes(),
    ...roleAssignmentRoutes(),
    ...loggerRoutes(),
    ...diagnosticRoutes(),
    ...appInsightsRoutes(),
    ...metricsRoutes(),
    ...logAnalyticsRoutes(),
    ...diagnosticSettingRoutes(),
    ...cacheRoutes(),
    ...redisEnterpriseRoutes(),
  ]);
  return { router, lro };
}
