/**
 * Managed identity in the sandbox: the gateway mints a token for an APIM service's system-assigned identity
 * (`authentication-managed-identity`), the mock model verifies it and checks the principal's role assignments the way
 * Azure OpenAI does. Tokens are JWTs signed with HMAC-SHA256 under a key derived from the sandbox's ARM token, so only
 * this sandbox run can mint tokens its model accepts, and a token never grants more than its principal's roles.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxContext } from './context';
import type { ArmResource, ResourceStore } from './store';
import { memo } from './storeMemo';

export const COGNITIVE_SERVICES_RESOURCE = 'https://cognitiveservices.azure.com';
const TOKEN_LIFETIME_S = 3600;

/**
 * Built-in roles whose data actions include the Azure OpenAI inference actions. Owner and Contributor are absent on
 * purpose: they carry no data actions, and a principal holding only them gets PermissionDenied from Azure OpenAI too.
 */
export const OPENAI_INFERENCE_ROLE_IDS: readonly string[] = [
  '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', // Cognitive Services OpenAI User
  'a001fd3d-188f-4b5d-821b-7da978bf7442', // Cognitive Services OpenAI Contributor
  'a97b65f3-24c7-4388-baec-2e87135dc908', // Cognitive Services User
  '53ca6127-db72-4b80-b1b0-d745d6d5456d', // Azure AI User
];

export interface ManagedIdentityToken {
  readonly token: string;
  /** Seconds since the epoch. */
  readonly expiresOn: number;
}

export interface VerifiedToken {
  readonly principalId: string;
  readonly audience: string;
}

type SigningContext = Pick<SandboxContext, 'armToken' | 'tenantId'>;

/** The principal id of a service's system-assigned identity, or undefined when it has none. */
export function systemAssignedPrincipalId(service: ArmResource): string | undefined {
  const identity = service.identity;
  if (!identity) return undefined;
  const type = typeof identity.type === 'string' ? identity.type : '';
  const principalId = identity.principalId;
  return /systemassigned/i.test(type) && typeof principalId === 'string' && principalId !== '' ? principalId : undefined;
}

export function mintManagedIdentityToken(
  ctx: SigningContext,
  principalId: string,
  resource: string,
  nowMs = Date.now(),
): ManagedIdentityToken {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + TOKEN_LIFETIME_S;
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      aud: resource.replace(/\/+$/, ''),
      iss: `https://sts.windows.net/${ctx.tenantId}/`,
      tid: ctx.tenantId,
      oid: principalId,
      sub: principalId,
      iat,
      nbf: iat,
      exp,
    }),
  );
  return { token: `${header}.${payload}.${sign(ctx, `${header}.${payload}`)}`, expiresOn: exp };
}

/** The principal and audience of a token minted by this sandbox, or undefined when forged, malformed or expired. */
export function verifyManagedIdentityToken(ctx: SigningContext, token: string, nowMs = Date.now()): VerifiedToken | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const expected = Buffer.from(sign(ctx, `${parts[0]}.${parts[1]}`));
  const actual = Buffer.from(parts[2]);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { oid, aud, exp } = claims as Record<string, unknown>;
  if (typeof oid !== 'string' || typeof aud !== 'string' || typeof exp !== 'number') return undefined;
  if (exp * 1000 <= nowMs) return undefined;
  return { principalId: oid, audience: aud };
}

/**
 * Whether `principalId` holds one of `roleIds` on `resourceId` or any scope above it (resource group, subscription),
 * as Azure RBAC inherits assignments downwards.
 */
export function principalHoldsRole(store: ResourceStore, principalId: string, resourceId: string, roleIds: readonly string[]): boolean {
  const target = resourceId.toLowerCase().replace(/\/+$/, '');
  const wanted = new Set(roleIds.map((r) => r.toLowerCase()));
  const assignments = memo(store, 'roleAssignments', () => store.ofType('Microsoft.Authorization/roleAssignments'));
  return assignments.some((a) => {
    const p = a.properties;
    if (typeof p.principalId !== 'string' || p.principalId.toLowerCase() !== principalId.toLowerCase()) return false;
    const roleGuid = typeof p.roleDefinitionId === 'string' ? p.roleDefinitionId.split('/').pop()!.toLowerCase() : '';
    if (!wanted.has(roleGuid)) return false;
    const scope = assignmentScope(a);
    return target === scope || target.startsWith(`${scope}/`);
  });
}

function assignmentScope(assignment: ArmResource): string {
  const fromId = assignment.id.toLowerCase().split('/providers/microsoft.authorization/roleassignments/')[0];
  return (fromId || (typeof assignment.properties.scope === 'string' ? assignment.properties.scope.toLowerCase() : '')).replace(/\/+$/, '');
}

function sign(ctx: SigningContext, data: string): string {
  const key = createHash('sha256').update(`sandbox-managed-identity:${ctx.armToken}`).digest();
  return createHmac('sha256', key).update(data).digest('base64url');
}

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
