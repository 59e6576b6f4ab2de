/**
 * VS Code's built-in Microsoft sign-in as the session source of a SessionCredential. China and US Gov go through the
 * `microsoft-sovereign-cloud` provider, which reads its cloud from the `microsoft-sovereign-cloud.environment` setting.
 */
import * as vscode from 'vscode';
import { armScope, type AzureCloud } from './clouds';
import type { SessionSource } from './SessionCredential';

export function tenantScopes(tenantId: string | undefined): string[] {
  return tenantId ? [`VSCODE_TENANT:${tenantId}`] : [];
}

export function armSessionScopes(cloud: AzureCloud, tenantId: string | undefined): string[] {
  return [armScope(cloud), ...tenantScopes(tenantId)];
}

export function sessionSource(cloud: AzureCloud): SessionSource {
  return async ({ scopes }) => vscode.authentication.getSession(cloud.authProviderId, [...scopes], { silent: true });
}

/** Signs in interactively (VS Code shows its own prompt). Selects the sovereign cloud first when needed. */
export async function signInInteractively(cloud: AzureCloud, tenantId: string | undefined): Promise<boolean> {
  if (cloud.sovereignEnvironment) {
    const sovereign = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    if (sovereign.get<string>('environment') !== cloud.sovereignEnvironment) {
      await sovereign.update('environment', cloud.sovereignEnvironment, vscode.ConfigurationTarget.Global);
    }
  }
  const session = await vscode.authentication.getSession(cloud.authProviderId, armSessionScopes(cloud, tenantId), { createIfNone: true });
  return session !== undefined;
}

export async function hasSession(cloud: AzureCloud, tenantId: string | undefined): Promise<boolean> {
  const session = await vscode.authentication.getSession(cloud.authProviderId, armSessionScopes(cloud, tenantId), { silent: true });
  return session !== undefined;
}
