/**
 * "AI Gateway: Show Token Usage…": on an instance node its usage across APIs, on an API node (or with an ApiRef from
 * the test console) that API's; from the palette it asks for the instance.
 */
import type * as vscode from 'vscode';
import type { ApiRef } from '../apim/refs';
import { commandIds } from '../contributes';
import { isRecord } from '../domain/guards';
import { apiOf } from '../explorer/nodeRefs';
import { UsagePanel } from '../usage/usagePanel';
import { serviceFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerShowUsage(services: CommandServices, extensionUri: vscode.Uri): vscode.Disposable {
  return registerCommand(services, commandIds.showUsage, 'show the token usage', async (arg?: unknown) => {
    const api = isApiRefLike(arg) ? arg : apiOf(arg);
    const service = api?.service ?? (await serviceFromNodeOrPick(services.account, arg));
    UsagePanel.show({ account: services.account, log: services.log, extensionUri }, { service, ...(api ? { api } : {}) });
  });
}

function isApiRefLike(value: unknown): value is ApiRef {
  return (
    isRecord(value) &&
    isRecord(value.service) &&
    typeof value.service.id === 'string' &&
    typeof value.service.name === 'string' &&
    typeof value.apiId === 'string' &&
    typeof value.displayName === 'string'
  );
}
