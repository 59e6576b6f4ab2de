/**
 * Execution and rollback of the Azure OpenAI plan steps (src/domain/import/azureOpenAi/steps.ts) for the import executor:
 * the APIM instance's system-assigned identity, its role on the account, and the API imported from an OpenAPI document.
 * The role step reads the principal from APIM when it runs (the identity step ran before it), so steps pass nothing
 * to each other but what Azure holds.
 */
import {
  findSufficientAssignment,
  grantCognitiveRole,
  deleteRoleAssignment,
  waitForRoleAssignment,
} from '../azure/cognitiveRoleAssignment';
import type {
  AccountKeyNamedValueStep,
  ApiImportStep,
  AoaiStep,
  RoleAssignmentStep,
  ServiceIdentityStep,
} from '../domain/import/azureOpenAi/steps';
import type { ApiStep, NamedValueStep } from '../domain/import/apimSteps';
import { readAccountKey } from '../azure/cognitiveAccountKey';
import {
  ensureSystemAssignedIdentity,
  hasSystemAssigned,
  readServiceIdentity,
  restoreServiceIdentity,
  type ServiceIdentityState,
} from './azureOpenAiIdentity';
import { apimStepHandlers } from './apimStepHandlers';
import { apiBeforeWrite, apiHandler } from './steps/apiStep';
import { namedValueHandler } from './steps/namedValueStep';
import { lro, writeOptions } from './steps/stepIo';
import type { StepContext, StepHandler, StepHandlers } from './importExecutor';
import { prerequisiteStepHandlers } from './prerequisiteStepHandlers';

export const serviceIdentityHandler: StepHandler<ServiceIdentityStep> = {
  async inspect(_step, ctx) {
    const state = await readServiceIdentity(ctx.clients, ctx.service);
    return hasSystemAssigned(state) && state.principalId ? { state: 'same' } : { state: 'absent' };
  },
  async apply(_step, _inspection, ctx) {
    const ensured = await ensureSystemAssignedIdentity(ctx.clients, ctx.service);
    return ensured.before;
  },
  async undo(entry, ctx) {
    await restoreServiceIdentity(ctx.clients, ctx.service, entry.undo as ServiceIdentityState);
  },
};

interface RoleUndo {
  readonly assignmentId: string;
  readonly created: boolean;
}

export const roleAssignmentHandler: StepHandler<RoleAssignmentStep> = {
  async inspect(step, ctx) {
    const { principalId } = await readServiceIdentity(ctx.clients, ctx.service);
    if (!principalId) return { state: 'absent' };
    return (await findSufficientAssignment(ctx.clients, step.payload.accountId, principalId, step.payload.roleGuid))
      ? { state: 'same' }
      : { state: 'absent' };
  },
  async apply(step, _inspection, ctx) {
    const { principalId } = await readServiceIdentity(ctx.clients, ctx.service);
    if (!principalId) {
      throw new Error(`The API Management instance ${ctx.service.name} has no system-assigned identity. Enable it, then import again.`);
    }
    const role = { guid: step.payload.roleGuid, name: step.payload.roleName };
    const grant = await grantCognitiveRole(ctx.clients, step.payload.accountId, principalId, role, step.payload.resourceKind);
    const undo: RoleUndo = { assignmentId: grant.assignmentId, created: grant.created };
    if (grant.created) {
      // Bounded: ARM's eventual consistency rarely takes long; past the bound the assignment still exists and applies.
      // A cancellation ends the wait but not the step: the assignment exists, so the journal must record it for rollback.
      await waitForRoleAssignment(ctx.clients, grant.assignmentId, {
        ...(ctx.pollIntervalMs !== undefined ? { intervalMs: ctx.pollIntervalMs } : {}),
        ...(ctx.abortSignal ? { signal: ctx.abortSignal } : {}),
      }).catch((e: unknown) => {
        if (!ctx.abortSignal?.aborted) throw e;
      });
    }
    return undo;
  },
  async undo(entry, ctx) {
    const undo = entry.undo as RoleUndo;
    if (undo.created) await deleteRoleAssignment(ctx.clients, undo.assignmentId);
  },
};

/**
 * The API imported from an OpenAPI document. Inspection and undo are those of an ordinary API step (same id, path,
 * names and key header; delete what was created, put back what was updated), plus a check that the operations exist.
 */
export const apiImportHandler: StepHandler<ApiImportStep> = {
  async inspect(step, ctx) {
    const inspection = await apiHandler.inspect(asApiStep(step), ctx);
    if (inspection.state === 'same' && !(await hasOperations(ctx, step))) {
      return { state: 'different', summary: `The API "${step.payload.apiId}" exists without all the operations of the spec.` };
    }
    return inspection;
  },
  async apply(step, inspection, ctx) {
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    const { resourceGroup, name } = ctx.service;
    const p = step.payload;
    const previous = await apiBeforeWrite(client, ctx, p.apiId, inspection);
    await client.api.beginCreateOrUpdateAndWait(
      resourceGroup,
      name,
      p.apiId,
      {
        format: p.format,
        value: p.value,
        path: p.path,
        displayName: p.displayName,
        description: p.description,
        protocols: ['https'],
        subscriptionRequired: true,
        subscriptionKeyParameterNames: { header: p.subscriptionKeyHeader, query: 'subscription-key' },
      },
      { ...writeOptions(inspection, 'longRunning'), ...lro(ctx) },
    );
    // The undo data of an ordinary API step, so that its undo applies.
    return previous ? { id: p.apiId, previous } : { id: p.apiId };
  },
  undo: (entry, ctx) => apiHandler.undo(entry, ctx),
};

function asApiStep(step: ApiImportStep): ApiStep {
  const p = step.payload;
  const servers = (JSON.parse(p.value) as { servers?: { url?: string }[] }).servers;
  return {
    ...step,
    kind: 'api',
    payload: {
      apiId: p.apiId,
      displayName: p.displayName,
      description: p.description,
      path: p.path,
      subscriptionKeyHeader: p.subscriptionKeyHeader,
      ...(servers?.[0]?.url ? { serviceUrl: servers[0].url } : {}),
    },
  };
}

async function hasOperations(ctx: StepContext, step: ApiImportStep): Promise<boolean> {
  const client = await ctx.clients.apim(ctx.service.subscriptionId);
  const have = new Set<string>();
  for await (const op of client.apiOperation.listByApi(ctx.service.resourceGroup, ctx.service.name, step.payload.apiId)) {
    have.add(`${op.method?.toUpperCase()} ${normalizeTemplate(op.urlTemplate ?? '')}`);
  }
  return step.payload.operations.every((o) => have.has(`${o.method} ${normalizeTemplate(o.path)}`));
}

/** APIM may rename path parameters; compare templates with every `{...}` alike. */
function normalizeTemplate(t: string): string {
  return t
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** The ordinary named value step, given the account key read from Azure just now (memory only, for this call). */
export const accountKeyNamedValueHandler: StepHandler<AccountKeyNamedValueStep> = {
  async inspect(step, ctx) {
    return namedValueHandler.inspect(asNamedValueStep(step), await withAccountKey(step, ctx));
  },
  async apply(step, inspection, ctx) {
    return namedValueHandler.apply(asNamedValueStep(step), inspection, await withAccountKey(step, ctx));
  },
  undo: (entry, ctx) => namedValueHandler.undo(entry, ctx),
};

function asNamedValueStep(step: AccountKeyNamedValueStep): NamedValueStep {
  const { accountId: _accountId, ...payload } = step.payload;
  return { ...step, kind: 'namedValue', payload };
}

async function withAccountKey(step: AccountKeyNamedValueStep, ctx: StepContext): Promise<StepContext> {
  const key = await readAccountKey(ctx.clients, step.payload.accountId);
  return { ...ctx, secrets: new Map([...ctx.secrets, [step.payload.value.secretRef, key]]) };
}

/** Every kind an Azure OpenAI plan may hold: the ordinary APIM steps and ours. */
export const aoaiStepHandlers: StepHandlers<AoaiStep> = {
  ...apimStepHandlers,
  serviceIdentity: serviceIdentityHandler,
  roleAssignment: roleAssignmentHandler,
  apiImport: apiImportHandler,
  accountKeyNamedValue: accountKeyNamedValueHandler,
  ...prerequisiteStepHandlers,
};
