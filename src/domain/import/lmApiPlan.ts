/**
 * The plan of a Language Model API import: named value (the key) → backend → API and operations → policy → product
 * links. Ids come from the display name, so the same form always targets the same resources.
 */
import { backendRouting, extraMembers, routedPolicySteps } from '../pools/poolRouting';
import { productApiSteps, type BackendStepInputs } from './apimStepBuilders';
import type { ApiStep, ApimStep, NamedValueStep, OperationStep } from './apimSteps';
import type { PrerequisiteContext } from '../policies/prerequisitePlan';
import type { PolicyPlanStep } from '../policies/policyPlanStep';
import type { ImportPlan, OnExisting } from './importPlan';
import type { LmApiForm, LmApiType } from './lmApiForm';
import { lmApiPolicySections } from './lmApiPolicy';
import { findPreset } from './providers';
import { lmApiResourceNames } from './resourceNames';
import { normalizeApiPath } from './validation';

/** The name under which the executor finds the key in its in-memory secrets. */
export const LM_API_KEY_SECRET = 'apiKey';

/** The secret name of the key of the pool's extra backend `index` (0-based). */
export const lmExtraKeySecret = (index: number): string => `${LM_API_KEY_SECRET}:${index + 2}`;

export const PASSTHROUGH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export interface LmApiPlanOptions {
  /** False when the provider needs no key (e.g. a local Ollama) and the user left it empty: no named value, no header. */
  readonly hasKey: boolean;
  /** The same per extra backend of the pool, in the order of `form.pool.extra` (absent: as `hasKey`). */
  readonly extraHasKey?: readonly boolean[];
  /** 'update' when the user chose to update an existing API of the same id (its policy merged); otherwise stop and ask. */
  readonly onExisting: Extract<OnExisting, 'conflict' | 'update'>;
  /** The API id to use instead of the one made from the display name (a free one, when that one is taken). */
  readonly apiId?: string;
  /** What the host read for the policies' prerequisites; absent: the policy alone is written (tests of the policy XML). */
  readonly prerequisites?: PrerequisiteContext;
}

/** Without prerequisites the plan holds ordinary APIM steps only, which the plain APIM handlers run. */
export function buildLmApiPlan(form: LmApiForm, opts: LmApiPlanOptions & { readonly prerequisites?: undefined }): ImportPlan<ApimStep>;
export function buildLmApiPlan(form: LmApiForm, opts: LmApiPlanOptions): ImportPlan<PolicyPlanStep>;
export function buildLmApiPlan(form: LmApiForm, opts: LmApiPlanOptions): ImportPlan<PolicyPlanStep> {
  const names = lmApiResourceNames(form.displayName, opts.apiId);
  const { apiId, backendId, namedValueId } = names;
  const url = form.url.trim().replace(/\/+$/, '');
  const onExisting = opts.onExisting;
  const steps: PolicyPlanStep[] = [];

  const keyStep = (id: string, secretRef: string, what: string): NamedValueStep => ({
    id: `namedValue:${id}`,
    kind: 'namedValue',
    resourceType: 'Named value',
    resourceName: id,
    title: `Secret named value "${id}" holding the ${form.headerName} header value${what}`,
    dependsOn: [],
    onExisting,
    payload: { namedValueId: id, displayName: id, value: { secretRef, format: form.headerValueFormat } },
  });
  const namedValue = opts.hasKey ? keyStep(namedValueId, LM_API_KEY_SECRET, '') : undefined;
  if (namedValue) steps.push(namedValue);

  const providerLabel = findPreset(form.provider)?.label ?? 'Language model';
  const primary: BackendStepInputs = {
    backendId,
    url,
    description: `${providerLabel} backend of ${form.displayName}`,
    credentials: namedValue ? { header: form.headerName, namedValueId, namedValueStepId: namedValue.id } : undefined,
    dependsOn: [],
    onExisting,
  };
  // Each extra URL sends its own key, from its own named value, in the same header as the first.
  const extra = extraMembers(form.pool?.extra ?? [], backendId, (m, id, n, i) => {
    const nv =
      (opts.extraHasKey?.[i] ?? opts.hasKey) ? keyStep(`${namedValueId}-${n}`, lmExtraKeySecret(i), ` of backend ${n}`) : undefined;
    if (nv) steps.push(nv);
    return {
      backendId: id,
      url: m.url.trim().replace(/\/+$/, ''),
      description: `${providerLabel} backend ${n} of ${form.displayName}`,
      credentials: nv ? { header: form.headerName, namedValueId: nv.payload.namedValueId, namedValueStepId: nv.id } : undefined,
      dependsOn: [],
    };
  });
  const { steps: backendSteps, routing } = backendRouting({
    displayName: form.displayName,
    poolId: names.poolId,
    primary,
    ...(form.pool ? { pool: { primary: form.pool.primary, extra } } : {}),
    onExisting,
  });
  steps.push(...backendSteps);

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

  steps.push(
    ...routedPolicySteps({
      apiId,
      displayName: form.displayName,
      sections: lmApiPolicySections(backendId, form.policies),
      apiStepId: api.id,
      routing,
      onExisting,
      policies: form.policies,
      ...(opts.prerequisites ? { prerequisites: opts.prerequisites } : {}),
    }),
  );
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
