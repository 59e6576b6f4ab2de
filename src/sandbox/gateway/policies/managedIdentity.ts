/**
 * `authentication-managed-identity`: a token for the service's system-assigned identity, put in the backend call's
 * Authorization header or in `output-token-variable-name`. Without an identity APIM fails the request with a 500.
 */
import { mintManagedIdentityToken, systemAssignedPrincipalId } from '../../managedIdentity';
import { GatewayError } from '../apimErrors';
import type { PolicyHandler } from '../policy/engine';

export const authenticationManagedIdentity: PolicyHandler = (node, call) => {
  const resource = call.value(node.attrs.resource) ?? '';
  const ignoreError = call.value(node.attrs['ignore-error'])?.toLowerCase() === 'true';
  if (node.attrs['client-id'] !== undefined) {
    // User-assigned identities are not emulated: report rather than mint a token for an identity that does not exist.
    call.reportUnsupported('authentication-managed-identity[client-id]');
    return;
  }
  const principalId = systemAssignedPrincipalId(call.service);
  if (!principalId || resource === '') {
    call.ctx.log(
      `gateway: authentication-managed-identity failed: ${principalId ? 'no resource given' : `service ${call.service.name} has no system-assigned managed identity`}`,
    );
    if (ignoreError) return;
    throw new GatewayError(500, 'Internal server error');
  }
  const { token } = mintManagedIdentityToken(call.ctx, principalId, resource);
  const variable = node.attrs['output-token-variable-name'];
  if (variable) call.variables.set(variable, token);
  else call.request.headers.authorization = `Bearer ${token}`;
};
