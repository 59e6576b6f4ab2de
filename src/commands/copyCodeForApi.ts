/** "Copy Code for API…" on an API (or from the palette, or on a subscription: the code then uses its key). */
import type * as vscode from 'vscode';
import { commandIds } from '../contributes';
import { copyCodeForApi } from '../teams/copyCodeFlow';
import { subscriptionApi } from '../teams/subscriptionApis';
import { subscriptionOfNode } from '../teams/subscriptionActions';
import { apiFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerCopyCodeForApi(services: CommandServices): vscode.Disposable {
  return registerCommand(services, commandIds.copyCodeForApi, 'copy the code', async (node: unknown) => {
    const clients = services.account.requireClients();
    const target = subscriptionOfNode(node);
    if (target) return copyCodeForApi(clients, await subscriptionApi(clients, target), services.log, target.subscription);
    return copyCodeForApi(clients, await apiFromNodeOrPick(services.account, node), services.log);
  });
}
