/**
 * The plan of an Azure OpenAI import. With managed identity: system-assigned identity on the APIM instance (user-assigned
 * ones kept) → "Cognitive Services OpenAI User" on the account → backend to `{endpoint}/openai` and the API imported
 * from the OpenAPI document → policy (managed identity, backend, optional token policies) → product links. Backend and
 * API wait for the role, so a user who may not assign roles stops the import before anything else is written.
 * With an API key: secret named value (the account key) → backend sending `api-key` → API → policy → product links.
 */
import { apiPolicyStep, backendStep, productApiSteps } from '../apimStepBuilders';
import type { ImportPlan, OnExisting } from '../importPlan';
import { openAiBaseUrl } from './accountEndpoint';
import { aoaiResourceNames } from './names';
import type { AoaiAccountFacts, AoaiForm, AoaiServiceFacts } from './form';
import { aoaiPolicySections } from './policy';
import type { AccountKeyNamedValueStep, ApiImportStep, AoaiStep, RoleAssignmentStep, ServiceIdentityStep } from './steps';
import { checkBasePath } from './basePath';
import { importPayload, listSpecOperations, withResourceEndpoint, type OpenApiDocument, type SpecOperation } from './openApiDocument';
import { OPENAI_USER_ROLE } from './roleAssignment';
import { prerequisiteSteps, type PrerequisiteContext } from '../../policies/prerequisitePlan';

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
}

export function buildAoaiPlan(form: AoaiForm, inputs: AoaiPlanInputs): ImportPlan<AoaiStep> {
  const { account, service, onExisting } = inputs;
  const { apiId, backendId, namedValueId } = aoaiResourceNames(form.displayName);
  const basePath = checkBasePath(form.basePath);
  if (!basePath.valid) throw new Error(basePath.message);
  const steps: AoaiStep[] = [];
  /** What the backend and the API wait for: the role (identity) or nothing. */
  let gate: string[] = [];

  if (form.auth === 'managedIdentity') {
    const identity: ServiceIdentityStep = {
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
    const role: RoleAssignmentStep = {
      id: `roleAssignment:${account.name}`,
      kind: 'roleAssignment',
      resourceType: 'Role assignment',
      resourceName: `${OPENAI_USER_ROLE.name} on ${account.name}`,
      title: `Role "${OPENAI_USER_ROLE.name}" for the identity of ${service.name} on ${account.name} (skipped when it already has access)`,
      dependsOn: [identity.id],
      onExisting: 'reuse',
      payload: {
        accountId: account.id,
        accountName: account.name,
        roleGuid: OPENAI_USER_ROLE.guid,
        roleName: OPENAI_USER_ROLE.name,
        identityStepId: identity.id,
      },
    };
    steps.push(identity, role);
    gate = [role.id];
  }

  let namedValue: AccountKeyNamedValueStep | undefined;
  if (form.auth === 'apiKey') {
    namedValue = {
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
    steps.push(namedValue);
  }

  const backendUrl = openAiBaseUrl(account.endpoint);
  const backend =
    form.auth === 'none'
      ? undefined
      : backendStep({
          backendId,
          url: backendUrl,
          description: `Azure OpenAI account ${account.name} (${form.displayName})`,
          credentials: namedValue ? { header: AOAI_KEY_HEADER, namedValueId, namedValueStepId: namedValue.id } : undefined,
          dependsOn: gate,
          onExisting,
        });
  if (backend) steps.push(backend);

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

  if (backend && form.auth !== 'none') {
    const prerequisites = inputs.prerequisites
      ? prerequisiteSteps({ ...inputs.prerequisites, apiId, apiStepId: api.id, policies: form.policies, existingSteps: steps })
      : { steps: [], policyDependsOn: [] };
    steps.push(...prerequisites.steps);
    const sections = aoaiPolicySections(backendId, form.auth, form.policies);
    const policy = apiPolicyStep({
      apiId,
      displayName: form.displayName,
      sections,
      apiStepId: api.id,
      backendStepId: backend.id,
      onExisting,
    });
    steps.push({ ...policy, dependsOn: [...policy.dependsOn, ...prerequisites.policyDependsOn] });
  }

  steps.push(...productApiSteps(form.products, apiId, api.id));

  return { title: `Import Azure OpenAI "${form.displayName}" from ${account.name}`, steps };
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
  return form.spec.kind === 'bundled' ? `the Azure OpenAI inference API ${form.spec.version}` : form.spec.fileName;
}
