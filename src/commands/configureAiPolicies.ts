/**
 * "AI Gateway: Configure AI Policies…": on an LLM API node, from the test console or the Usage view (with the API, or
 * with an instance to pick an API of), or from the palette (instance, then API).
 */
import type * as vscode from 'vscode';
import { isApiRef } from '../apim/refs';
import { commandIds } from '../contributes';
import { PoliciesPanel } from '../policies/policiesPanel';
import { apiFromNodeOrPick, pickApi } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';
import { isRecord } from '../domain/guards';

export function registerConfigureAiPolicies(services: CommandServices, extensionUri: vscode.Uri): vscode.Disposable {
  return registerCommand(services, commandIds.configureAiPolicies, 'configure the AI policies', async (arg?: unknown) => {
    const api = isApiRef(arg)
      ? arg
      : isServiceRefLike(arg)
        ? await pickApi(services.account, arg)
        : await apiFromNodeOrPick(services.account, arg);
    PoliciesPanel.show({ account: services.account, tree: services.tree, log: services.log, extensionUri }, api);
  });
}

/** The Usage view passes the instance it shows when it shows no single API. */
function isServiceRefLike(value: unknown): value is Parameters<typeof pickApi>[1] {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.resourceGroup === 'string' &&
    typeof value.subscriptionId === 'string' &&
    typeof value.name === 'string'
  );
}
