/** "Add Backend to Pool…" (LLM API context menu, palette): the flow in src/pools, then the tree shows the change. */
import * as vscode from 'vscode';
import { commandIds } from '../contributes';
import { addBackendToPool } from '../pools/addBackendFlow';
import { apiFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerAddBackendToPool(services: CommandServices): vscode.Disposable {
  return registerCommand(services, commandIds.addBackendToPool, 'add the backend to the pool', async (node: unknown) => {
    const api = await apiFromNodeOrPick(services.account, node);
    if (!(await addBackendToPool(services.account, api, services.log))) return false;
    await services.tree.refreshService(api.service.id);
    void vscode.window.showInformationMessage(`${api.displayName} now spreads its requests over its pool. Test it in the console.`);
    return true;
  });
}
