/**
 * The plan of an Azure OpenAI import. With managed identity: system-assigned identity on the APIM instance (user-assigned
 * ones kept) → "Cognitive Services OpenAI User" on the account → backend to `{endpoint}/openai` and the API imported
 * from the OpenAPI document → policy (managed identity, backend, optional token policies) → product links. Backend and
 * API wait for the role, so a user who may not assign roles stops the import before anything else is written.
 * With an API key: secret named value (the account key) → backend sending `api-key` → API → policy → product links.
 */
import { backendRouting, extraMembers, routedPolicySteps, type BackendRouting } from '../../pools/poolRouting';
import { productApiSteps, type BackendStepInputs } from '../apimStepBuilders';
import type { ImportPlan, OnExisting } from '../importPlan';
import { aoaiResourceNames } from './names';
import type { AoaiAccountFacts, AoaiForm, AoaiServiceFacts } from './form';
import { aoaiPolicySections } from './policy';
import type { AccountKeyNamedValueStep, ApiImportStep, AoaiStep, RoleAssignmentStep, ServiceIdentityStep } from './steps';
import { checkCompatBasePath, compatBackendUrl } from './compatibility';
import { compatibilityOf } from './form';
import { importPayload, listSpecOperations, withResourceEndpoint, type OpenApiDocument, type SpecOperation } from './openApiDocument';
import { OPENAI_USER_ROLE } from './roleAssignment';
import { poolDeploymentNote } from './poolDeployments';
import type { PrerequisiteContext } from '../../policies/prerequisitePlan';

/** The name under which the named value handler finds the account key, which its wrapper reads from Azure. */
export const AOAI_ACCOUNT_KEY_SECRET = 'azureOpenAiAccountKey';
/** Azure OpenAI reads its key from this header. */
export const AOAI_KEY_HEADER = 'api-key';

export interface AoaiPlanInputs {
  readonly account: AoaiAccountFacts;
  readonly service: AoaiServiceFacts;
  /** The bundled spec of the chosen version or the parsed local file (servers are substituted here). */
  readonly document: OpenApiDocument;
  readonly onExisting: Extract<OnExisting, 'conflict' | 'update'>;
  /** What the host read for the AI policies' prerequisites; absent: the policy alone is written. */
  readonly prerequisites?: PrerequisiteContext;
  /** The pool's other accounts as read from Azure, in the order of `form.pool.extra`. */
  readonly extraAccounts?: readonly AoaiAccountFacts[];
}

export function buildAoaiPlan(form: AoaiForm, inputs: AoaiPlanInputs): ImportPlan<AoaiStep> {
  const { account, service, onExisting } = inputs;
  const { apiId, backendId, namedValueId, poolId } = aoaiResourceNames(form.displayName);
  const compatibility = compatibilityOf(form);
  const basePath = checkCompatBasePath(form.basePath, compatibility);
  if (!basePath.valid) throw new Error(basePath.message);
  const steps: AoaiStep[] = [];
  /** What the backend and the API wait for: the role (identity) or nothing. */
  let gate: string[] = [];

  if (form.auth === 'managedIdentity') {
    const identity = identityStep(service);
    const role = roleStep(account, identity.id, service.name);
    steps.push(identity, role);
    gate = [role.id];
  }

  const namedValue = form.auth === 'apiKey' ? keyStep(account, namedValueId, onExisting) : undefined;
  if (namedValue) steps.push(namedValue);

  const identityStepId = steps.find((st) => st.kind === 'serviceIdentity')?.id;
  const memberInputs = (
    a: AoaiAccountFacts,
    id: string,
    nv: AccountKeyNamedValueStep | undefined,
    dependsOn: string[],
    n?: number,
  ): BackendStepInputs => ({
    backendId: id,
    url: compatBackendUrl(a.endpoint, compatibility),
    description: `Azure OpenAI account ${a.name} (${form.displayName}${n ? `, backend ${n}` : ''})`,
    credentials: nv ? { header: AOAI_KEY_HEADER, namedValueId: nv.payload.namedValueId, namedValueStepId: nv.id } : undefined,
    dependsOn,
    onExisting,
  });
  const primary = form.auth === 'none' ? undefined : memberInputs(account, backendId, namedValue, gate);
  let routing: BackendRouting | undefined;
  if (primary) {
    // Each extra account gets what the first has: the role for the instance's identity, or its own key.
    const extra = extraMembers(form.pool?.extra ?? [], backendId, (m, id, n, i) => {
      const a = inputs.extraAccounts?.[i];
      if (!a || a.id.toLowerCase() !== m.accountId.toLowerCase()) throw new Error(`The account ${m.accountId} of the pool was not read.`);
      let dependsOn: string[] = [];
      let nv: AccountKeyNamedValueStep | undefined;
      if (form.auth === 'managedIdentity' && identityStepId) {
        const role = roleStep(a, identityStepId, service.name);
        steps.push(role);
        dependsOn = [role.id];
      } else if (form.auth === 'apiKey') {
        nv = keyStep(a, `${namedValueId}-${n}`, onExisting);
        steps.push(nv);
      }
      return memberInputs(a, id, nv, dependsOn, n);
    });
    const planned = backendRouting({
      displayName: form.displayName,
      poolId,
      primary,
      ...(form.pool ? { pool: { primary: form.pool.primary, extra } } : {}),
      onExisting,
    });
    const accounts = [account, ...(inputs.extraAccounts ?? [])];
    const note = accounts.every((a) => a.deployments)
      ? poolDeploymentNote(accounts.map((a) => ({ name: a.name, deployments: a.deployments ?? [] })))
      : '';
    steps.push(...planned.steps.map((st) => (st.kind === 'backendPool' && note ? { ...st, title: `${st.title}${note}` } : st)));
    routing = planned.routing;
  }

  const document = withResourceEndpoint(inputs.document, account.endpoint);
  const operations = listSpecOperations(document);
  const { format, value } = importPayload(document);
  const api: ApiImportStep = {
    id: `api:${apiId}`,
    kind: 'apiImport',
    resourceType: 'API',
    resourceName: apiId,
    title: `API "${form.displayName}" at /${basePath.path} with ${operations.length} operation${operations.length === 1 ? '' : 's'} from ${specLabel(form)}: ${operationList(operations)}`,
    dependsOn: gate,
    onExisting,
    payload: {
      apiId,
      displayName: form.displayName,
      description: form.description,
      path: basePath.path,
      subscriptionKeyHeader: form.subscriptionKeyHeader,
      format,
      value,
      operations,
    },
    preview: operations.map((o) => `${o.method} ${o.path}${o.summary ? `  (${o.summary})` : ''}`).join('\n'),
  };
  steps.push(api);

  if (routing && form.auth !== 'none') {
    steps.push(
      ...routedPolicySteps({
        apiId,
        displayName: form.displayName,
        sections: aoaiPolicySections(backendId, form.auth, form.policies),
        apiStepId: api.id,
        routing,
        onExisting,
        policies: form.policies,
        ...(inputs.prerequisites ? { prerequisites: inputs.prerequisites } : {}),
        existingSteps: steps,
      }),
    );
  }

  steps.push(...productApiSteps(form.products, apiId, api.id));

  const as = compatibility === 'v1' ? ' (Azure OpenAI v1)' : compatibility === 'modelInference' ? ' (Azure AI model inference)' : '';
  return { title: `Import Azure OpenAI "${form.displayName}" from ${account.name}${as}`, steps };
}

/** The instance's system-assigned identity, enabled when it is not (user-assigned ones kept); what the roles are granted to. */
export function identityStep(service: AoaiServiceFacts): ServiceIdentityStep {
  return {
    id: `serviceIdentity:${service.name}`,
    kind: 'serviceIdentity',
    resourceType: 'Managed identity',
    resourceName: service.name,
    title: identityTitle(service),
    dependsOn: [],
    onExisting: 'reuse',
    payload: {
      serviceName: service.name,
      alreadyEnabled: /systemassigned/i.test(service.identityType),
      keptUserAssigned: service.userAssignedIdentities,
    },
  };
}

/** "Cognitive Services OpenAI User" for the instance's identity on an account (skipped when it already has access). */
export function roleStep(account: AoaiAccountFacts, identityStepId: string, serviceName: string): RoleAssignmentStep {
  return {
    id: `roleAssignment:${account.name}`,
    kind: 'roleAssignment',
    resourceType: 'Role assignment',
    resourceName: `${OPENAI_USER_ROLE.name} on ${account.name}`,
    title: `Role "${OPENAI_USER_ROLE.name}" for the identity of ${serviceName} on ${account.name} (skipped when it already has access)`,
    dependsOn: [identityStepId],
    onExisting: 'reuse',
    payload: {
      accountId: account.id,
      accountName: account.name,
      roleGuid: OPENAI_USER_ROLE.guid,
      roleName: OPENAI_USER_ROLE.name,
      identityStepId,
    },
  };
}

/** A secret named value holding a key of the account, read from Azure by the handler. */
function keyStep(account: AoaiAccountFacts, namedValueId: string, onExisting: OnExisting): AccountKeyNamedValueStep {
  return {
    id: `namedValue:${namedValueId}`,
    kind: 'accountKeyNamedValue',
    resourceType: 'Named value',
    resourceName: namedValueId,
    title: `Secret named value "${namedValueId}" holding a key of ${account.name}`,
    dependsOn: [],
    onExisting,
    payload: {
      accountId: account.id,
      namedValueId,
      displayName: namedValueId,
      value: { secretRef: AOAI_ACCOUNT_KEY_SECRET, format: '{key}' },
    },
  };
}

function identityTitle(service: AoaiServiceFacts): string {
  if (/systemassigned/i.test(service.identityType)) return `System-assigned identity of ${service.name} (already enabled)`;
  const kept = service.userAssignedIdentities.length;
  return kept > 0
    ? `Enable the system-assigned identity of ${service.name}, keeping its ${kept} user-assigned identit${kept === 1 ? 'y' : 'ies'}`
    : `Enable the system-assigned identity of ${service.name}`;
}

/** Review shows the operations in the step's line; a long local spec is cut after a dozen. */
function operationList(operations: readonly SpecOperation[]): string {
  const shown = operations.slice(0, 12).map((o) => `${o.method} ${o.path}`);
  return operations.length > shown.length ? `${shown.join(', ')} and ${operations.length - shown.length} more` : shown.join(', ');
}

function specLabel(form: AoaiForm): string {
  if (form.spec.kind === 'file') return form.spec.fileName;
  const compatibility = compatibilityOf(form);
  if (compatibility === 'v1') return 'the Azure OpenAI v1 API';
  if (compatibility === 'modelInference') return 'the Azure AI model inference API';
  return `the Azure OpenAI inference API ${form.spec.version}`;
}
