/** "Edit Pool…" and "Remove from Pool" (LLM API context menu, palette): the flows in src/pools, then the tree refreshes. */
import * as vscode from 'vscode';
import { commandIds } from '../contributes';
import { isRecord } from '../domain/guards';
import { editPool, removeFromPool } from '../pools/editPoolFlow';
import { apiFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

/** The member a pool member node names (its `memberId`, src/explorer/poolNodes.ts), when the command runs from one. */
function memberOf(node: unknown): string | undefined {
  return isRecord(node) && typeof node.memberId === 'string' ? node.memberId : undefined;
}

export function registerEditPool(services: CommandServices): vscode.Disposable[] {
  return [
    registerCommand(services, commandIds.editPool, 'edit the pool', async (node: unknown) => {
      const api = await apiFromNodeOrPick(services.account, node);
      if (!(await editPool(services.account.requireClients(), api, services.log, memberOf(node)))) return false;
      await services.tree.refreshService(api.service.id);
      void vscode.window.showInformationMessage(`The pool of ${api.displayName} was changed.`);
      return true;
    }),
    registerCommand(services, commandIds.removeFromPool, 'remove the backend from the pool', async (node: unknown) => {
      const api = await apiFromNodeOrPick(services.account, node);
      if (!(await removeFromPool(services.account.requireClients(), api, services.log, memberOf(node)))) return false;
      await services.tree.refreshService(api.service.id);
      void vscode.window.showInformationMessage(`The backend was removed from the pool of ${api.displayName}; the backend itself stays.`);
      return true;
    }),
  ];
}
