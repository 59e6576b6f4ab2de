/** The `aiGateway.*` settings, read typed and validated in one place. */
import * as vscode from 'vscode';
import { isEnvironmentName, type EnvironmentName } from './clouds';

export type AuthenticationMode = 'vscode' | 'azureCli' | 'environment';

export interface AccountSettings {
  readonly environment: EnvironmentName;
  readonly authentication: AuthenticationMode;
  readonly tenantId?: string;
  readonly sandboxConnectionFile?: string;
  readonly sandboxLatencyMs: number;
}

export const settingsSection = 'aiGateway';

export function readAccountSettings(): AccountSettings {
  const config = vscode.workspace.getConfiguration(settingsSection);
  const environment = config.get<string>('environment');
  const authentication = config.get<string>('authentication');
  const tenantId = config.get<string>('tenantId')?.trim();
  const connectionFile = config.get<string>('sandbox.connectionFile')?.trim();
  const latency = config.get<number>('sandbox.latencyMs') ?? 0;
  return {
    environment: isEnvironmentName(environment) ? environment : 'AzureCloud',
    authentication: authentication === 'azureCli' || authentication === 'environment' ? authentication : 'vscode',
    ...(tenantId ? { tenantId } : {}),
    ...(connectionFile ? { sandboxConnectionFile: connectionFile } : {}),
    sandboxLatencyMs: Number.isFinite(latency) && latency > 0 ? latency : 0,
  };
}
