/**
 * Plan steps that put the AI policies' prerequisites in place, beside the ordinary APIM steps: an Application Insights
 * logger, "custom metrics with dimensions" on a component, the API's diagnostics, an external cache, a backend that
 * authenticates with the instance's managed identity, and a diagnostic setting of the instance. None holds a secret:
 * the instrumentation key and the Redis access key are read from Azure inside the step (src/policies/stepHandlers.ts).
 */
import type { PlanStep } from '../import/importPlan';

export type AppInsightsLoggerStep = PlanStep<
  'appInsightsLogger',
  { readonly loggerId: string; readonly componentId: string; readonly componentName: string }
>;

export type CustomMetricsStep = PlanStep<'customMetricsDimensions', { readonly componentId: string; readonly componentName: string }>;

/** What `largeLanguageModel` of an `azuremonitor` diagnostic holds (api-version 2024-10-01-preview and later). */
export interface LlmMessageLogging {
  readonly promptBytes: number;
  readonly completionBytes: number;
}

export type ApiDiagnosticStep = PlanStep<
  'apiDiagnostic',
  {
    readonly apiId: string;
    readonly diagnosticId: 'applicationinsights' | 'azuremonitor';
    /** `/loggers/{id}`, as APIM's examples write it. */
    readonly loggerId: string;
    /** `applicationinsights`: what `llm-emit-token-metric` needs. */
    readonly metrics?: boolean;
    /** `azuremonitor`: prompts and completions to the gateway's LLM log. */
    readonly llmMessages?: LlmMessageLogging;
    /** `azuremonitor`: "Configure AI Policies…" turned LLM logging off (`largeLanguageModel.logs: disabled`). */
    readonly llmLogsOff?: true;
  }
>;

export type ExternalCacheStep = PlanStep<
  'externalCache',
  { readonly cacheId: string; readonly databaseId: string; readonly clusterName: string; readonly useFromLocation: string }
>;

export type ManagedIdentityBackendStep = PlanStep<
  'managedIdentityBackend',
  { readonly backendId: string; readonly url: string; readonly description: string; readonly resource: string }
>;

export type DiagnosticSettingStep = PlanStep<
  'diagnosticSetting',
  { readonly name: string; readonly workspaceId: string; readonly categories: readonly string[] }
>;

export type PrerequisiteStep =
  AppInsightsLoggerStep | CustomMetricsStep | ApiDiagnosticStep | ExternalCacheStep | ManagedIdentityBackendStep | DiagnosticSettingStep;
