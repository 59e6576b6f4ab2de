/**
 * The API policy of an Azure OpenAI import: authenticate with the managed identity (unless a key is used), route to the
 * backend, and the optional AI policies (token limit, token metrics and semantic caching in their Azure OpenAI flavour;
 * content safety is the same policy for every model). The attributes are those of
 * the Language Model policies (same semantics), so they are built there and renamed to the `azure-openai-*` policies.
 */
import { lmApiPolicySections } from '../lmApiPolicy';
import type { PolicyElement, PolicySections } from '../policyXml';
import type { AoaiAuth, AoaiPolicies } from './form';

/** The audience of tokens for Azure OpenAI / AI Services. */
export const COGNITIVE_SERVICES_AUDIENCE = 'https://cognitiveservices.azure.com';

const AZURE_OPENAI_FLAVOUR: Readonly<Record<string, string>> = {
  'llm-token-limit': 'azure-openai-token-limit',
  'llm-emit-token-metric': 'azure-openai-emit-token-metric',
  'llm-semantic-cache-lookup': 'azure-openai-semantic-cache-lookup',
  'llm-semantic-cache-store': 'azure-openai-semantic-cache-store',
};

export function aoaiPolicySections(backendId: string, auth: Exclude<AoaiAuth, 'none'>, policies: AoaiPolicies): PolicySections {
  const common = lmApiPolicySections(backendId, policies);
  const flavoured = (e: PolicyElement): PolicyElement => ({ ...e, name: AZURE_OPENAI_FLAVOUR[e.name] ?? e.name });
  const inbound: PolicyElement[] = (common.inbound ?? []).map(flavoured);
  if (auth === 'managedIdentity') {
    inbound.unshift({ name: 'authentication-managed-identity', attributes: [['resource', COGNITIVE_SERVICES_AUDIENCE]] });
  }
  return { inbound, outbound: (common.outbound ?? []).map(flavoured) };
}
