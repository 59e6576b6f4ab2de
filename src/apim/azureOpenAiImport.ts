/**
 * Plans an Azure OpenAI import for the wizard from what Azure says: the account and its endpoint (never from the
 * webview), the APIM identity, and the spec (bundled, or the local file parsed). The wizard's controller inspects,
 * executes and rolls it back with the shared executor.
 */
import type { AzureClients } from '../azure/clients';
import { getOpenAiAccount } from '../azure/cognitiveAccounts';
import { compatibilityOf, type AoaiAccountFacts, type AoaiForm } from '../domain/import/azureOpenAi/form';
import { buildFoundrySpec } from '../domain/import/azureOpenAi/foundrySpec';
import { buildAoaiPlan } from '../domain/import/azureOpenAi/plan';
import { poolDeploymentErrors, type PoolAccountDeployments } from '../domain/import/azureOpenAi/poolDeployments';
import type { AoaiStep } from '../domain/import/azureOpenAi/steps';
import { buildInferenceSpec } from '../domain/import/azureOpenAi/inferenceSpec';
import { parseOpenApiText, type OpenApiDocument } from '../domain/import/azureOpenAi/openApiDocument';
import type { ImportPlan, OnExisting } from '../domain/import/importPlan';
import { readServiceIdentity } from './azureOpenAiIdentity';
import { resolvePrerequisites } from './prerequisites';
import type { ServiceRef } from './refs';

export interface AoaiImportRequest {
  readonly form: AoaiForm;
  /** The content of the local file when `form.spec.kind` is 'file' (the host reads it; the webview never does). */
  readonly fileText?: string;
  readonly onExisting: Extract<OnExisting, 'conflict' | 'update'>;
}

/** The OpenAPI document to import: a bundled version, or the local file parsed (its errors as sentences). */
export function specDocument(form: Pick<AoaiForm, 'spec' | 'mode' | 'compatibility'>, fileText: string | undefined): OpenApiDocument {
  if (form.spec.kind === 'file') {
    if (fileText === undefined) throw new Error(`The file ${form.spec.fileName} could not be read. Choose it again.`);
    const parsed = parseOpenApiText(fileText, form.spec.fileName);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.document;
  }
  const compatibility = compatibilityOf(form);
  return compatibility === 'azureOpenAi' ? buildInferenceSpec(form.spec.version) : buildFoundrySpec(compatibility);
}

/** Reads what the plan depends on and builds it (no inspection): the wizard's Azure OpenAI mode plans with this. */
export async function prepareAoaiPlan(
  clients: AzureClients,
  service: ServiceRef,
  request: AoaiImportRequest,
): Promise<ImportPlan<AoaiStep>> {
  const document = specDocument(request.form, request.fileText);
  const [account, identity, prerequisites, ...extra] = await Promise.all([
    getOpenAiAccount(clients, request.form.accountId),
    readServiceIdentity(clients, service),
    resolvePrerequisites(clients, service, request.form.policies),
    // The pool's other accounts, read from Azure like the first: the webview only names them.
    ...(request.form.pool?.extra ?? []).map((m) => getOpenAiAccount(clients, m.accountId)),
  ]);
  // The webview checked the pool's deployments against the list it was shown; Azure as read now decides.
  const mismatch = Object.values(poolDeploymentErrors(deploymentNames(account), extra.map(deploymentNames)))[0];
  if (mismatch !== undefined) throw new Error(`${mismatch} Nothing was written.`);
  const facts = (a: typeof account): AoaiAccountFacts => ({
    id: a.id,
    name: a.name,
    subscriptionId: a.subscriptionId,
    endpoint: a.endpoint,
    deployments: a.deployments.map((d) => d.name),
  });
  return buildAoaiPlan(request.form, {
    account: facts(account),
    extraAccounts: extra.map(facts),
    service: {
      name: service.name,
      identityType: identity.type,
      ...(identity.principalId ? { principalId: identity.principalId } : {}),
      userAssignedIdentities: identity.userAssigned,
    },
    document,
    onExisting: request.onExisting,
    prerequisites,
  });
}

function deploymentNames(account: {
  readonly name: string;
  readonly deployments: readonly { readonly name: string }[];
}): PoolAccountDeployments {
  return { name: account.name, deployments: account.deployments.map((d) => d.name) };
}
