/**
 * The role APIM's managed identity needs on the Azure OpenAI account, the deterministic name of that role assignment
 * (so a re-run finds the one it made instead of adding another), and the Azure CLI command an administrator can run
 * when the signed-in user may not assign roles.
 */
import { createHash } from 'node:crypto';

/** "Cognitive Services OpenAI User": call the inference API, nothing else (least privilege; what the portal assigns). */
export const OPENAI_USER_ROLE = { name: 'Cognitive Services OpenAI User', guid: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd' } as const;

/** "Cognitive Services User": what Azure AI Content Safety's data plane needs (the AI-Gateway labs assign it). */
export const COGNITIVE_SERVICES_USER_ROLE = { name: 'Cognitive Services User', guid: 'a97b65f3-24c7-4388-baec-2e87135dc908' } as const;

export interface CognitiveRole {
  readonly name: string;
  readonly guid: string;
}

/**
 * Roles that already let the identity call the inference API, so an assignment of any of them makes ours unnecessary:
 * "Cognitive Services OpenAI Contributor" and "Cognitive Services User" (which the AI-Gateway labs use for AIServices).
 */
export const SUFFICIENT_ROLE_GUIDS: readonly string[] = [
  OPENAI_USER_ROLE.guid,
  'a001fd3d-188f-4b5d-821b-7da978bf7442',
  COGNITIVE_SERVICES_USER_ROLE.guid,
];

/** The roles whose assignment makes one of `role` unnecessary. */
export function sufficientRolesFor(roleGuid: string): readonly string[] {
  return roleGuid.toLowerCase() === OPENAI_USER_ROLE.guid ? SUFFICIENT_ROLE_GUIDS : [roleGuid.toLowerCase()];
}

/** `/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}`, the form ARM expects in a PUT. */
export function roleDefinitionId(subscriptionId: string, roleGuid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/** The role GUID at the end of a role definition id (any scope form), lower-cased. */
export function roleGuidOf(definitionId: string): string {
  return (definitionId.split('/').pop() ?? '').toLowerCase();
}

/** Namespace of our name-based GUIDs (random, fixed forever: changing it would make re-runs create duplicates). */
const NAMESPACE = '3f1c2b9e-8f0a-4d8e-9a57-6c1b0e2d4a71';

/**
 * A version-5 (SHA-1, name-based) GUID from scope + principal + role, like Bicep's `guid(scope, principal, role)`: the
 * same inputs always give the same name, different inputs practically never collide.
 */
export function roleAssignmentName(scope: string, principalId: string, roleGuid: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex');
  const name = Buffer.from([scope, principalId, roleGuid].map((s) => s.toLowerCase()).join('|'), 'utf8');
  const bytes = createHash('sha1')
    .update(Buffer.concat([ns, name]))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The command an administrator runs to grant the role (ServicePrincipal avoids the lookup that fails for new identities). */
export function azRoleAssignmentCommand(principalId: string, scope: string, roleName: string = OPENAI_USER_ROLE.name): string {
  return [
    'az role assignment create',
    `--assignee-object-id ${principalId}`,
    '--assignee-principal-type ServicePrincipal',
    `--role "${roleName}"`,
    `--scope "${scope}"`,
  ].join(' ');
}
