/**
 * The plan of a Language Model API import: named value (the key) → backend → API and operations → policy → product
 * links. Ids come from the display name, so the same form always targets the same resources.
 */
import type { ApiPolicyStep, ApiStep, ApimStep, BackendStep, NamedValueStep, OperationStep, ProductApiStep } from './apimSteps';
import type { ImportPlan, OnExisting } from './importPlan';
import type { LmApiForm, LmApiType } from './lmApiForm';
import { lmApiPolicySections } from './lmApiPolicy';
import { buildPolicyXml } from './policyXml';
import { findPreset } from './providers';
import { lmApiResourceNames } from './resourceNames';
import { normalizeApiPath } from './validation';

/** The name under which the executor finds the key in its in-memory secrets. */
export const LM_API_KEY_SECRET = 'apiKey';

export const PASSTHROUGH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export interface LmApiPlanOptions {
  /** False when the provider needs no key (e.g. a local Ollama) and the user left it empty: no named value, no header. */
  readonly hasKey: boolean;
  /** 'update' when the user chose to update an existing API of the same id (its policy merged); otherwise stop and ask. */
  readonly onExisting: Extract<OnExisting, 'conflict' | 'update'>;
}

export function buildLmApiPlan(form: LmApiForm, opts: LmApiPlanOptions): ImportPlan<ApimStep> {
  const names = lmApiResourceNames(form.displayName);
  const { apiId, backendId, namedValueId } = names;
  const url = form.url.trim().replace(/\/+$/, '');
  const onExisting = opts.onExisting;
  const steps: ApimStep[] = [];

  let namedValue: NamedValueStep | undefined;
  if (opts.hasKey) {
    namedValue = {
      id: `namedValue:${namedValueId}`,
      kind: 'namedValue',
      resourceType: 'Named value',
      resourceName: namedValueId,
      title: `Secret named value "${namedValueId}" holding the ${form.headerName} header value`,
      dependsOn: [],
      onExisting,
      payload: { namedValueId, displayName: namedValueId, value: { secretRef: LM_API_KEY_SECRET, format: form.headerValueFormat } },
    };
    steps.push(namedValue);
  }

  const backend: BackendStep = {
    id: `backend:${backendId}`,
    kind: 'backend',
    resourceType: 'Backend',
    resourceName: backendId,
    title: namedValue ? `Backend "${backendId}" → ${url}, sending ${form.headerName} from {{${namedValueId}}}` : `Backend "${backendId}" → ${url}`,
    dependsOn: namedValue ? [namedValue.id] : [],
    onExisting,
    payload: {
      backendId,
      url,
      description: `${findPreset(form.provider)?.label ?? 'Language model'} backend of ${form.displayName}`.slice(0, 2000),
      ...(namedValue ? { credentialsHeader: { name: form.headerName, namedValueId } } : {}),
    },
  };
  steps.push(backend);

  const path = normalizeApiPath(form.path);
  const api: ApiStep = {
    id: `api:${apiId}`,
    kind: 'api',
    resourceType: 'API',
    resourceName: apiId,
    title: `API "${form.displayName}" at /${path} (subscription key in ${form.subscriptionKeyHeader})`,
    dependsOn: [],
    onExisting,
    payload: { apiId, displayName: form.displayName, description: form.description, path, serviceUrl: url, subscriptionKeyHeader: form.subscriptionKeyHeader },
  };
  steps.push(api);

  for (const op of operationsFor(form.type)) {
    const step: OperationStep = {
      id: `operation:${apiId}/${op.operationId}`,
      kind: 'operation',
      resourceType: 'Operation',
      resourceName: op.operationId,
      title: `Operation ${op.method} ${op.urlTemplate}`,
      dependsOn: [api.id],
      onExisting,
      payload: { apiId, ...op },
    };
    steps.push(step);
  }

  const sections = lmApiPolicySections(backendId, form.policies);
  const xml = buildPolicyXml(sections);
  const policy: ApiPolicyStep = {
    id: `apiPolicy:${apiId}`,
    kind: 'apiPolicy',
    resourceType: 'API policy',
    resourceName: apiId,
    title: onExisting === 'update' ? `Policy of "${form.displayName}", merged into the existing one` : `Policy of "${form.displayName}"`,
    // APIM checks that the backend a policy names exists, so the policy waits for it.
    dependsOn: [api.id, backend.id],
    onExisting,
    payload: { apiId, sections, xml },
    preview: xml,
  };
  steps.push(policy);

  for (const productId of form.products) {
    const link: ProductApiStep = {
      id: `productApi:${productId}/${apiId}`,
      kind: 'productApi',
      resourceType: 'Product link',
      resourceName: `${productId}/${apiId}`,
      title: `Add the API to product "${productId}"`,
      dependsOn: [api.id],
      onExisting: 'reuse',
      payload: { productId, apiId },
    };
    steps.push(link);
  }

  return { title: `Import Language Model API "${form.displayName}"`, steps };
}

interface OperationSpec {
  readonly operationId: string;
  readonly displayName: string;
  readonly method: string;
  readonly urlTemplate: string;
}

export function operationsFor(type: LmApiType): OperationSpec[] {
  if (type === 'chat-completions') {
    return [{ operationId: 'chat-completions', displayName: 'Chat completions', method: 'POST', urlTemplate: '/chat/completions' }];
  }
  return PASSTHROUGH_METHODS.map((method) => ({
    operationId: `${method.toLowerCase()}-wildcard`,
    displayName: `${method} /*`,
    method,
    urlTemplate: '/*',
  }));
}
