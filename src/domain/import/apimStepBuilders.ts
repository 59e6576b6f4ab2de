/**
 * Builders of the plan steps every import writes the same way (backend, API policy, product links), so the Language
 * Model API and Azure OpenAI plans word, key and order them alike.
 */
import { type BreakerRulePayload, describeBreaker } from '../pools/breakerRule';
import type { ApiPolicyStep, BackendStep, ProductApiStep } from './apimSteps';
import type { OnExisting } from './importPlan';
import type { PolicySections } from './policyXml';
import { buildPolicyXml } from './policyXml';

export interface BackendStepInputs {
  readonly backendId: string;
  readonly url: string;
  readonly description: string;
  /** When the backend sends a key: the header and the named value step that holds it (the backend waits for it). */
  readonly credentials?: { readonly header: string; readonly namedValueId: string; readonly namedValueStepId: string };
  /** What the backend waits for when it sends no key. */
  readonly dependsOn: readonly string[];
  readonly onExisting: OnExisting;
  /** A pool member's circuit-breaker rule. */
  readonly circuitBreaker?: BreakerRulePayload;
}

export function backendStep(inputs: BackendStepInputs): BackendStep {
  const { backendId, url, credentials, circuitBreaker } = inputs;
  const title = credentials
    ? `Backend "${backendId}" → ${url}, sending ${credentials.header} from {{${credentials.namedValueId}}}`
    : `Backend "${backendId}" → ${url}`;
  return {
    id: `backend:${backendId}`,
    kind: 'backend',
    resourceType: 'Backend',
    resourceName: backendId,
    title: circuitBreaker ? `${title}; circuit breaker ${describeBreaker(circuitBreaker)}` : title,
    dependsOn: credentials ? [credentials.namedValueStepId] : inputs.dependsOn,
    onExisting: inputs.onExisting,
    payload: {
      backendId,
      url,
      description: inputs.description.slice(0, 2000),
      ...(credentials ? { credentialsHeader: { name: credentials.header, namedValueId: credentials.namedValueId } } : {}),
      ...(circuitBreaker ? { circuitBreaker } : {}),
    },
  };
}

export interface ApiPolicyStepInputs {
  readonly apiId: string;
  readonly displayName: string;
  readonly sections: PolicySections;
  readonly apiStepId: string;
  readonly backendStepId: string;
  readonly onExisting: OnExisting;
}

export function apiPolicyStep(inputs: ApiPolicyStepInputs): ApiPolicyStep {
  const { apiId, displayName, sections, onExisting } = inputs;
  const xml = buildPolicyXml(sections);
  return {
    id: `apiPolicy:${apiId}`,
    kind: 'apiPolicy',
    resourceType: 'API policy',
    resourceName: apiId,
    title: onExisting === 'update' ? `Policy of "${displayName}", merged into the existing one` : `Policy of "${displayName}"`,
    // APIM checks that the backend a policy names exists, so the policy waits for it.
    dependsOn: [inputs.apiStepId, inputs.backendStepId],
    onExisting,
    payload: { apiId, sections, xml },
    preview: xml,
  };
}

/** A link is kept when it already exists: adding an API to a product it is in changes nothing. */
export function productApiSteps(products: readonly string[], apiId: string, apiStepId: string): ProductApiStep[] {
  return products.map((productId) => ({
    id: `productApi:${productId}/${apiId}`,
    kind: 'productApi',
    resourceType: 'Product link',
    resourceName: `${productId}/${apiId}`,
    title: `Add the API to product "${productId}"`,
    dependsOn: [apiStepId],
    onExisting: 'reuse',
    payload: { productId, apiId },
  }));
}
