/** The handlers of the AI policies' prerequisite steps (src/domain/policies/steps.ts), for every import's registry. */
import { apiDiagnosticHandler } from './steps/apiDiagnosticStep';
import { appInsightsLoggerHandler } from './steps/appInsightsLoggerStep';
import { customMetricsHandler } from './steps/customMetricsStep';
import { diagnosticSettingHandler } from './steps/diagnosticSettingStep';
import { externalCacheHandler } from './steps/externalCacheStep';
import { managedIdentityBackendHandler } from './steps/managedIdentityBackendStep';

export const prerequisiteStepHandlers = {
  appInsightsLogger: appInsightsLoggerHandler,
  customMetricsDimensions: customMetricsHandler,
  apiDiagnostic: apiDiagnosticHandler,
  externalCache: externalCacheHandler,
  managedIdentityBackend: managedIdentityBackendHandler,
  diagnosticSetting: diagnosticSettingHandler,
} as const;
