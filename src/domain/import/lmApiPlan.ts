/**
 * The plan of a Language Model API import: named value (the key) → backend → API and operations → policy → product
 * links. Ids come from the display name, so the same form always targets the same resources.
 */
import { apiPolicyStep, backendStep, productApiSteps } from './apimStepBuilders';
import type { ApiStep, ApimStep, NamedValueStep, OperationStep } from './apimSteps';
import type { ImportPlan, OnExisting } from './importPlan';
import type { LmApiForm, LmApiType } from './lmApiForm';
import { lmApiPolicySections } from './lmApiPolicy';
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
  /** The API id to use instead of the one made from the display name (a free one, when that one is taken). */
  readonly apiId?: string;
}

export function buildLmApiPlan(form: LmApiForm, opts: LmApiPlanOptions): ImportPlan<ApimStep> {
  const names = lmApiResourceNames(form.displayName, opts.apiId);
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

  const backend = backendStep({
    backendId,
    url,
    description: `${findPreset(form.provider)?.label ?? 'Language model'} backend of ${form.displayName}`,
    credentials: namedValue ? { header: form.headerName, namedValueId, namedValueStepId: namedValue.id } : undefined,
    dependsOn: [],
    onExisting,
  });
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
    payload: {
      apiId,
      displayName: form.displayName,
      description: form.description,
      path,
      serviceUrl: url,
      subscriptionKeyHeader: form.subscriptionKeyHeader,
    },
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
  steps.push(apiPolicyStep({ apiId, displayName: form.displayName, sections, apiStepId: api.id, backendStepId: backend.id, onExisting }));
  steps.push(...productApiSteps(form.products, apiId, api.id));

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
