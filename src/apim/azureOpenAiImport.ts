/**
 * Runs an Azure OpenAI import end to end for the wizard and the tests: reads what the plan depends on (the account and
 * its endpoint from Azure, never from the webview; the APIM identity; the spec), builds and inspects the plan for
 * Review, executes it with the shared executor, and rolls back at once when the user may not assign roles, so that
 * such an import leaves nothing behind and ends with the Azure CLI command for an administrator.
 */
import type { AzureClients } from '../azure/clients';
import { getOpenAiAccount, type OpenAiAccount } from '../azure/cognitiveAccounts';
import { RoleAssignmentNotPermittedError } from '../azure/cognitiveRoleAssignment';
import type { AoaiForm } from '../domain/import/azureOpenAi/form';
import { buildAoaiPlan } from '../domain/import/azureOpenAi/plan';
import type { AoaiStep } from '../domain/import/azureOpenAi/steps';
import { buildInferenceSpec } from '../domain/import/azureOpenAi/inferenceSpec';
import { parseOpenApiText, type OpenApiDocument } from '../domain/import/azureOpenAi/openApiDocument';
import type { ImportPlan, OnExisting } from '../domain/import/importPlan';
import { readServiceIdentity } from './azureOpenAiIdentity';
import { aoaiStepHandlers } from './azureOpenAiStepHandlers';
import {
  executePlan,
  findConflicts,
  inspectPlan,
  rollbackJournal,
  type Conflict,
  type Inspection,
  type JournalEntry,
  type RollbackResult,
  type StepContext,
  type StepProgress,
} from './importExecutor';
import type { ServiceRef } from './refs';

export interface AoaiImportRequest {
  readonly form: AoaiForm;
  /** The content of the local file when `form.spec.kind` is 'file' (the host reads it; the webview never does). */
  readonly fileText?: string;
  readonly onExisting: Extract<OnExisting, 'conflict' | 'update'>;
}

export interface PreparedAoaiImport {
  readonly plan: ImportPlan<AoaiStep>;
  readonly inspections: ReadonlyMap<string, Inspection>;
  readonly conflicts: readonly Conflict[];
  readonly account: OpenAiAccount;
}

export type AoaiImportOutcome =
  | { readonly status: 'succeeded'; readonly journal: readonly JournalEntry[] }
  | { readonly status: 'conflict'; readonly conflicts: readonly Conflict[] }
  | { readonly status: 'cancelled'; readonly journal: readonly JournalEntry[] }
  | {
      readonly status: 'failed';
      readonly stepId: string;
      readonly error: unknown;
      /** Left for the user to roll back or re-run; empty when it was rolled back already. */
      readonly journal: readonly JournalEntry[];
      /** Set when the user may not assign roles: the command an administrator can run. */
      readonly azCommand?: string;
      readonly rollback?: RollbackResult;
    };

export interface RunOptions {
  readonly onProgress?: (event: StepProgress) => void;
  readonly abortSignal?: AbortSignal;
  readonly pollIntervalMs?: number;
}

/** The OpenAPI document to import: a bundled version, or the local file parsed (its errors as sentences). */
export function specDocument(form: Pick<AoaiForm, 'spec'>, fileText: string | undefined): OpenApiDocument {
  if (form.spec.kind === 'bundled') return buildInferenceSpec(form.spec.version);
  if (fileText === undefined) throw new Error(`The file ${form.spec.fileName} could not be read. Choose it again.`);
  const parsed = parseOpenApiText(fileText, form.spec.fileName);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.document;
}

/** Reads what the plan depends on and builds it (no inspection): the wizard's Azure OpenAI mode plans with this. */
export async function prepareAoaiPlan(
  clients: AzureClients,
  service: ServiceRef,
  request: AoaiImportRequest,
): Promise<ImportPlan<AoaiStep>> {
  return (await planFromAzure(clients, service, request)).plan;
}

export async function prepareAoaiImport(
  clients: AzureClients,
  service: ServiceRef,
  request: AoaiImportRequest,
): Promise<PreparedAoaiImport> {
  const { plan, account } = await planFromAzure(clients, service, request);
  const inspections = await inspectPlan(plan, aoaiStepHandlers, { clients, service, secrets: new Map() });
  return { plan, inspections, conflicts: findConflicts(plan, inspections), account };
}

async function planFromAzure(
  clients: AzureClients,
  service: ServiceRef,
  request: AoaiImportRequest,
): Promise<{ plan: ImportPlan<AoaiStep>; account: OpenAiAccount }> {
  const document = specDocument(request.form, request.fileText);
  const [account, identity] = await Promise.all([getOpenAiAccount(clients, request.form.accountId), readServiceIdentity(clients, service)]);
  const plan = buildAoaiPlan(request.form, {
    account: { id: account.id, name: account.name, subscriptionId: account.subscriptionId, endpoint: account.endpoint },
    service: {
      name: service.name,
      identityType: identity.type,
      ...(identity.principalId ? { principalId: identity.principalId } : {}),
      userAssignedIdentities: identity.userAssigned,
    },
    document,
    onExisting: request.onExisting,
  });
  return { plan, account };
}

export async function runAoaiImport(
  clients: AzureClients,
  service: ServiceRef,
  prepared: PreparedAoaiImport,
  options: RunOptions = {},
): Promise<AoaiImportOutcome> {
  const ctx: StepContext = {
    clients,
    service,
    secrets: new Map(),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  };
  const result = await executePlan(prepared.plan, aoaiStepHandlers, ctx, {
    inspections: prepared.inspections,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (result.status !== 'failed') return result;
  if (result.error instanceof RoleAssignmentNotPermittedError) {
    // Nothing of this import can work without the role: undo the identity change and anything else at once.
    const rollback = await rollbackJournal(result.journal, aoaiStepHandlers, ctx, options.onProgress);
    return {
      status: 'failed',
      stepId: result.stepId,
      error: result.error,
      journal: rollback.failed.map((f) => f.entry),
      azCommand: result.error.azCommand,
      rollback,
    };
  }
  return result;
}

/** Undoes what a failed or cancelled run created or changed, newest first. */
export async function rollbackAoaiImport(
  clients: AzureClients,
  service: ServiceRef,
  journal: readonly JournalEntry[],
  onProgress?: (event: StepProgress) => void,
): Promise<RollbackResult> {
  return rollbackJournal(journal, aoaiStepHandlers, { clients, service, secrets: new Map() }, onProgress);
}
