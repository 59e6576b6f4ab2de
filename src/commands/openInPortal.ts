import * as vscode from 'vscode';
import { portalUrlFor } from '../azure/clouds';
import { apiOf } from '../explorer/nodeRefs';
import { commandIds } from '../contributes';
import { serviceFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

/** "Open in Portal": the instance (or its APIs, from an API) in the portal of the cloud we are signed in to. */
export function registerOpenInPortal(services: CommandServices) {
  return registerCommand(services, commandIds.openInPortal, 'open the Azure portal', async (node: unknown) => {
    const clients = services.account.requireClients();
    const service = await serviceFromNodeOrPick(services.account, node);
    const api = apiOf(node);
    const state = services.account.state;
    const tenantId = state.kind === 'ready' ? state.tenantId : undefined;
    // From an API, the instance's APIs blade: a stable portal address in every cloud, where the API is listed.
    const url = portalUrlFor(clients.cloud, api ? `${service.id}/apim-apis` : service.id, tenantId);
    if (!url) throw new Error('The local sandbox has no portal. Use the tree, or sign in to Azure to open real instances in the portal.');
    await vscode.env.openExternal(vscode.Uri.parse(url));
  });
}
