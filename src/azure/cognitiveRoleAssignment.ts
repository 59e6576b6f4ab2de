/**
 * Granting APIM's managed identity the "Cognitive Services OpenAI User" role on an Azure OpenAI account. The assignment
 * gets a deterministic name so that a re-run finds it; an existing assignment of a sufficient role (at the account or
 * above) is reused; a user who may not assign roles gets the exact Azure CLI command for an administrator.
 */
import type { AzureClients } from './clients';
import { parseAccountId } from './cognitiveAccounts';
import {
  OPENAI_USER_ROLE,
  azRoleAssignmentCommand,
  sufficientRolesFor,
  type CognitiveRole,
  roleAssignmentName,
  roleDefinitionId,
  roleGuidOf,
} from '../domain/import/azureOpenAi/roleAssignment';

/** Thrown when ARM refuses the role assignment for lack of permission; carries the command an administrator can run. */
export class RoleAssignmentNotPermittedError extends Error {
  override readonly name = 'RoleAssignmentNotPermittedError';
  constructor(
    readonly accountName: string,
    readonly azCommand: string,
    /** ARM's refusal, kept for the log. */
    cause: unknown,
    resourceKind = 'Azure OpenAI resource',
  ) {
    super(
      `You may not assign roles on the ${resourceKind} ${accountName}, so API Management cannot be allowed to call it with its identity. ` +
        // The command comes last, alone, so that it can be copied as it is.
        `Ask an administrator (Owner or User Access Administrator) to run this, then import again: ${azCommand}`,
      { cause },
    );
  }
}

export interface RoleGrant {
  /** Full id of the role assignment that grants access. */
  readonly assignmentId: string;
  /** True when this call created it (and a rollback may delete it). */
  readonly created: boolean;
}

export interface WaitOptions {
  readonly attempts?: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/** The assignment this extension creates for `principalId` on `accountId`, whether or not it exists yet. */
export function plannedAssignment(
  accountId: string,
  principalId: string,
  roleGuid: string = OPENAI_USER_ROLE.guid,
): { scope: string; name: string; id: string } {
  const scope = accountId.replace(/\/+$/, '');
  const name = roleAssignmentName(scope, principalId, roleGuid);
  return { scope, name, id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}` };
}

/** An assignment of a role that lets `principalId` call the inference API on the account (inherited ones count). */
export async function findSufficientAssignment(
  clients: AzureClients,
  accountId: string,
  principalId: string,
  roleGuid: string = OPENAI_USER_ROLE.guid,
): Promise<string | undefined> {
  const sufficient = sufficientRolesFor(roleGuid);
  const { subscriptionId } = parseAccountId(accountId);
  const client = await clients.authorization(subscriptionId);
  const scope = accountId.toLowerCase().replace(/\/+$/, '');
  // `principalId eq` returns assignments at, above and below the scope; only those at or above grant access here.
  for await (const a of client.roleAssignments.listForScope(sdkPath(accountId), { filter: `principalId eq '${principalId}'` })) {
    const at = (a.scope ?? '').toLowerCase().replace(/\/+$/, '');
    const inherited = at === scope || scope.startsWith(`${at}/`);
    if (inherited && a.roleDefinitionId && sufficient.includes(roleGuidOf(a.roleDefinitionId)) && a.id) return a.id;
  }
  return undefined;
}

/** Ensures the identity may call the account; creates the role assignment only when none suffices. */
export function grantOpenAiUserRole(clients: AzureClients, accountId: string, principalId: string): Promise<RoleGrant> {
  return grantCognitiveRole(clients, accountId, principalId, OPENAI_USER_ROLE);
}

/** The same for any Cognitive Services data-plane role (e.g. Cognitive Services User for Content Safety). */
export async function grantCognitiveRole(
  clients: AzureClients,
  accountId: string,
  principalId: string,
  role: CognitiveRole,
  resourceKind?: string,
): Promise<RoleGrant> {
  const existing = await findSufficientAssignment(clients, accountId, principalId, role.guid);
  if (existing) return { assignmentId: existing, created: false };
  const { subscriptionId } = parseAccountId(accountId);
  const client = await clients.authorization(subscriptionId);
  const planned = plannedAssignment(accountId, principalId, role.guid);
  try {
    await client.roleAssignments.create(sdkPath(planned.scope), planned.name, {
      roleDefinitionId: roleDefinitionId(subscriptionId, role.guid),
      principalId,
      // Without it ARM looks the principal up in Entra ID, which fails for an identity created seconds ago.
      principalType: 'ServicePrincipal',
      description: `Lets API Management call ${parseAccountId(accountId).name} with its managed identity (AI Gateway extension).`,
    });
  } catch (e) {
    const { statusCode, code } = restErrorParts(e);
    if (statusCode === 409 && code === 'RoleAssignmentExists') return { assignmentId: planned.id, created: false };
    if (statusCode === 403) {
      throw new RoleAssignmentNotPermittedError(
        parseAccountId(accountId).name,
        azRoleAssignmentCommand(principalId, planned.scope, role.name),
        e,
        resourceKind,
      );
    }
    throw e;
  }
  return { assignmentId: planned.id, created: true };
}

/**
 * Waits until ARM returns the assignment (bounded): a fresh assignment can take a moment to become readable, and the
 * API's first calls would get 401 PermissionDenied before that. Returns false when it never appeared.
 */
export async function waitForRoleAssignment(clients: AzureClients, assignmentId: string, options: WaitOptions = {}): Promise<boolean> {
  const { subscriptionId } = parseAccountId(assignmentId.split('/providers/Microsoft.Authorization/')[0]);
  const client = await clients.authorization(subscriptionId);
  const attempts = options.attempts ?? 10;
  for (let i = 0; i < attempts; i++) {
    options.signal?.throwIfAborted();
    try {
      await client.roleAssignments.getById(sdkPath(assignmentId));
      return true;
    } catch (e) {
      if (restErrorParts(e).statusCode !== 404) throw e;
    }
    if (i < attempts - 1) await delay(options.intervalMs ?? 2000, options.signal);
  }
  return false;
}

/** Rollback: removes an assignment this extension created. A missing one is fine. */
export async function deleteRoleAssignment(clients: AzureClients, assignmentId: string): Promise<void> {
  const { subscriptionId } = parseAccountId(assignmentId.split('/providers/Microsoft.Authorization/')[0]);
  const client = await clients.authorization(subscriptionId);
  try {
    await client.roleAssignments.deleteById(sdkPath(assignmentId));
  } catch (e) {
    if (restErrorParts(e).statusCode !== 404) throw e;
  }
}

/** The SDK puts scopes and ids after a '/' of its own; a leading slash would double it. */
function sdkPath(scopeOrId: string): string {
  return scopeOrId.replace(/^\/+/, '');
}

/** Status and code of a RestError, read by shape so that this module loads no SDK. */
function restErrorParts(e: unknown): { statusCode?: number; code?: string } {
  const r = (typeof e === 'object' && e !== null ? e : {}) as { statusCode?: unknown; code?: unknown };
  return {
    ...(typeof r.statusCode === 'number' ? { statusCode: r.statusCode } : {}),
    ...(typeof r.code === 'string' ? { code: r.code } : {}),
  };
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
