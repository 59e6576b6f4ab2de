import * as vscode from 'vscode';
import { commandIds } from './ids';
import { UserCancelledError } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

/** "Select Subscriptions…": which subscriptions the tree shows, remembered per cloud. */
export function registerSelectSubscriptions(services: CommandServices) {
  return registerCommand(services, commandIds.selectSubscriptions, 'list your subscriptions', async () => {
    const { account, tree } = services;
    const all = await vscode.window.withProgress({ location: { viewId: 'aiGateway.instances' } }, () => account.listSubscriptions());
    const chosen = new Set((account.filter.selected(account.environment) ?? all.map((s) => s.subscriptionId)).map((s) => s.toLowerCase()));
    const picked = await vscode.window.showQuickPick(
      all.map((s) => ({ label: s.displayName, description: s.subscriptionId, picked: chosen.has(s.subscriptionId.toLowerCase()), id: s.subscriptionId })),
      { canPickMany: true, title: 'Select the subscriptions to show', placeHolder: 'Subscriptions shown in the AI Gateway view' },
    );
    if (!picked) throw new UserCancelledError();
    const ids = picked.map((p) => p.id);
    await account.filter.select(account.environment, ids.length === all.length ? undefined : ids);
    tree.refresh();
  });
}
