import * as vscode from 'vscode';
import { deleteApiAndDependencies, findExclusiveDependencies, type ExclusiveDependencies } from '../apim/apiDeletion';
import { serviceNodeOf } from '../explorer/nodeRefs';
import { commandIds } from '../contributes';
import { apiFromNodeOrPick, UserCancelledError } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

/** "Delete API": modal confirmation, offering to delete the backends and named values that only this API uses. */
export function registerDeleteApi(services: CommandServices) {
  return registerCommand(services, commandIds.deleteApi, 'delete the API', async (node: unknown) => {
    const clients = services.account.requireClients();
    const api = await apiFromNodeOrPick(services.account, node);
    const dependencies = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking what only "${api.displayName}" uses…`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return findExclusiveDependencies(clients, api, {
          abortSignal: abort.signal,
          onProgress: (n) => progress.report({ message: `${n} other APIs checked` }),
        });
      },
    );
    const deleteAll = describe(dependencies);
    const choices = deleteAll ? [`Delete API and ${deleteAll}`, 'Delete API only'] : ['Delete API'];
    const detail = deleteAll ? `It is the only API that uses ${deleteAll}. Deleting cannot be undone.` : 'Deleting cannot be undone.';
    const choice = await vscode.window.showWarningMessage(
      `Delete the API "${api.displayName}" from ${api.service.name}?`,
      { modal: true, detail },
      ...choices,
    );
    if (!choice) throw new UserCancelledError();
    const chosen = choice.startsWith('Delete API and') ? dependencies : { backends: [], namedValues: [] };
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting "${api.displayName}"…` }, () =>
      deleteApiAndDependencies(clients, api, chosen),
    );
    services.log.info(
      `Deleted API ${api.service.name}/${api.apiId}, backends [${chosen.backends.map((b) => b.name).join(', ')}], named values [${chosen.namedValues.map((n) => n.name).join(', ')}]`,
    );
    const serviceNode = serviceNodeOf(node);
    if (serviceNode) services.tree.refresh(serviceNode);
    else await services.tree.refreshService(api.service.id);
  });
}

function describe(d: ExclusiveDependencies): string | undefined {
  const parts = [...d.backends.map((b) => `backend "${b.name}"`), ...d.namedValues.map((nv) => `named value "${nv.displayName}"`)];
  return parts.length > 0 ? parts.join(', ') : undefined;
}
