/**
 * Execution and rollback of the Azure OpenAI plan steps (src/llm/azureOpenAi/aoaiSteps.ts) for the import executor:
 * the APIM instance's system-assigned identity, its role on the account, and the API imported from an OpenAPI document.
 * The role step reads the principal from APIM when it runs (the identity step ran before it), so steps pass nothing
 * to each other but what Azure holds.
 */
import type { ApiContract } from '@azure/arm-apimanagement';
import type { AzureClients } from '../azure/clients';
import { findSufficientAssignment, grantOpenAiUserRole, deleteRoleAssignment, waitForRoleAssignment } from '../azure/cognitiveRoleAssignment';
import type { ApiImportStep, RoleAssignmentStep, ServiceIdentityStep } from '../llm/azureOpenAi/aoaiSteps';
import { ensureSystemAssignedIdentity, hasSystemAssigned, readServiceIdentity, restoreServiceIdentity, type ServiceIdentityState } from './azureOpenAiIdentity';
import { isRestErrorLike } from './errors';
import type { JournalEntry, StepContext, StepHandler } from './importExecutor';
import type { ServiceRef } from './refs';

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
    return (await findSufficientAssignment(ctx.clients, step.payload.accountId, principalId)) ? { state: 'same' } : { state: 'absent' };
  },
  async apply(step, _inspection, ctx) {
    const { principalId } = await readServiceIdentity(ctx.clients, ctx.service);
    if (!principalId) throw new Error(`The API Management instance ${ctx.service.name} has no system-assigned identity. Enable it, then import again.`);
    const grant = await grantOpenAiUserRole(ctx.clients, step.payload.accountId, principalId);
    const undo: RoleUndo = { assignmentId: grant.assignmentId, created: grant.created };
    if (grant.created) {
      // Bounded: ARM's eventual consistency rarely takes long; past the bound the assignment still exists and applies.
      await waitForRoleAssignment(ctx.clients, grant.assignmentId, {
        ...(ctx.pollIntervalMs !== undefined ? { intervalMs: ctx.pollIntervalMs } : {}),
        ...(ctx.abortSignal ? { signal: ctx.abortSignal } : {}),
      });
    }
    return undo;
  },
  async undo(entry, ctx) {
    const undo = entry.undo as RoleUndo;
    if (undo.created) await deleteRoleAssignment(ctx.clients, undo.assignmentId);
  },
};

/** What an existing API looked like, to put back after an update is rolled back (its operations are re-imported by the user). */
type ApiUndo = { readonly created: true } | { readonly created: false; readonly previous: ApiContract };

export const apiImportHandler: StepHandler<ApiImportStep> = {
  async inspect(step, ctx) {
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    const { resourceGroup, name } = ctx.service;
    const wanted = step.payload.path.toLowerCase();
    const [existing, samePath] = await Promise.all([
      getOrUndefined(() => client.api.get(resourceGroup, name, step.payload.apiId)),
      firstApiWithPath(ctx.clients, ctx.service, wanted),
    ]);
    if (samePath && samePath.name !== step.payload.apiId) {
      return { state: 'blocked', summary: `The API "${samePath.displayName ?? samePath.name}" already uses the path /${step.payload.path}. Choose another base path.` };
    }
    if (!existing) return { state: 'absent' };
    const sameShape =
      existing.path?.toLowerCase() === wanted &&
      existing.displayName === step.payload.displayName &&
      (existing.description ?? '') === step.payload.description &&
      (await hasOperations(ctx, step));
    if (sameShape) return { state: 'same' };
    return { state: 'different', ...(existing.eTag ? { etag: existing.eTag } : {}), summary: `An API with the id "${step.payload.apiId}" already exists.` };
  },
  async apply(step, inspection, ctx) {
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    const { resourceGroup, name } = ctx.service;
    const p = step.payload;
    const previous = inspection.state === 'different' ? await client.api.get(resourceGroup, name, p.apiId) : undefined;
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
      {
        ...(inspection.state === 'different' && inspection.etag ? { ifMatch: inspection.etag } : {}),
        ...(ctx.pollIntervalMs !== undefined ? { updateIntervalInMs: ctx.pollIntervalMs } : {}),
        abortSignal: ctx.abortSignal,
      },
    );
    const undo: ApiUndo = previous ? { created: false, previous } : { created: true };
    return undo;
  },
  async undo(entry: JournalEntry, ctx: StepContext) {
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    const { resourceGroup, name } = ctx.service;
    const undo = entry.undo as ApiUndo;
    const apiId = entry.stepId.replace(/^api:/, '');
    if (undo.created) {
      try {
        await client.api.beginDeleteAndWait(resourceGroup, name, apiId, '*', { deleteRevisions: true });
      } catch (e) {
        if (!(isRestErrorLike(e) && e.statusCode === 404)) throw e;
      }
      return;
    }
    const prev = undo.previous;
    await client.api.beginCreateOrUpdateAndWait(resourceGroup, name, apiId, {
      path: prev.path ?? '',
      displayName: prev.displayName,
      description: prev.description,
      serviceUrl: prev.serviceUrl,
      protocols: prev.protocols,
      subscriptionRequired: prev.subscriptionRequired,
      subscriptionKeyParameterNames: prev.subscriptionKeyParameterNames,
    });
  },
};

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
  return t.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '').toLowerCase();
}

async function firstApiWithPath(clients: AzureClients, service: ServiceRef, path: string): Promise<ApiContract | undefined> {
  const client = await clients.apim(service.subscriptionId);
  for await (const api of client.api.listByService(service.resourceGroup, service.name)) {
    if (api.name?.includes(';rev=')) continue;
    if ((api.path ?? '').toLowerCase().replace(/^\/+|\/+$/g, '') === path) return api;
  }
  return undefined;
}

async function getOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isRestErrorLike(e) && e.statusCode === 404) return undefined;
    throw e;
  }
}

export const aoaiOnlyStepHandlers = {
  serviceIdentity: serviceIdentityHandler,
  roleAssignment: roleAssignmentHandler,
  apiImport: apiImportHandler,
} as const;

