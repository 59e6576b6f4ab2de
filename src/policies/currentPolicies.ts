/**
 * What "Configure AI Policies…" starts from: the API's policy (well-formed XML with its ETag, read as the policy step
 * reads it), its `applicationinsights` diagnostic (which logger token metrics go to) and its `azuremonitor` diagnostic
 * (LLM logging), read at the api-version that has `largeLanguageModel`.
 */
import { armGetOrUndefined } from '../azure/armRequest';
import type { AzureClients } from '../azure/clients';
import type { LmApiPolicies } from '../domain/import/lmApiForm';
import type { CurrentPolicies } from '../domain/policies/configurePlan';
import { readLlmLogging, readPolicySettings } from '../domain/policies/readPolicySettings';
import type { ApiRef } from '../apim/refs';
import type { StepContext } from '../apim/importExecutor';
import { DIAGNOSTICS_API_VERSION } from '../apim/steps/apiDiagnosticStep';
import { apiPolicyAccess } from '../apim/steps/apiPolicyStep';

export type ConfigureTarget = Pick<ApiRef, 'service' | 'apiId' | 'displayName'>;

interface RawDiagnostic {
  readonly properties?: Record<string, unknown>;
}

export interface CurrentState {
  readonly current: CurrentPolicies;
  readonly etag?: string;
}

export function stepContext(clients: AzureClients, api: ConfigureTarget, extra: Partial<StepContext> = {}): StepContext {
  return { clients, service: api.service, secrets: new Map(), ...extra };
}

/** The policy with its ETag, as the policy step reads it (undefined: the API has none). */
export async function readApiPolicy(clients: AzureClients, api: ConfigureTarget): Promise<{ xml: string; etag?: string } | undefined> {
  const ctx = stepContext(clients, api);
  return apiPolicyAccess.read(await clients.apim(api.service.subscriptionId), ctx, api.apiId);
}

export async function readCurrentPolicies(clients: AzureClients, api: ConfigureTarget): Promise<CurrentState> {
  const diagnostic = (id: string) =>
    armGetOrUndefined<RawDiagnostic>(
      clients,
      `${api.service.id}/apis/${encodeURIComponent(api.apiId)}/diagnostics/${id}`,
      DIAGNOSTICS_API_VERSION,
    ).then((d) => d?.body?.properties);
  const [policy, insights, monitor] = await Promise.all([
    readApiPolicy(clients, api),
    diagnostic('applicationinsights'),
    diagnostic('azuremonitor'),
  ]);
  const read = readPolicySettings(policy?.xml);
  const initial: { -readonly [K in keyof LmApiPolicies]: LmApiPolicies[K] } = { ...read.policies };
  const loggerId = typeof insights?.loggerId === 'string' ? insights.loggerId.split('/').pop() : undefined;
  if (initial.tokenMetrics && loggerId) initial.tokenMetrics = { ...initial.tokenMetrics, destination: { kind: 'logger', loggerId } };
  const logging = readLlmLogging(monitor);
  if (logging) initial.llmLogging = logging;
  return { current: { xml: policy?.xml, read, initial }, ...(policy?.etag ? { etag: policy.etag } : {}) };
}
