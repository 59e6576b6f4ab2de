import * as vscode from 'vscode';
import { settingsSection } from '../azure/settings';
import { commandIds } from '../contributes';
import { UserCancelledError } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

/**
 * "Select Subscriptions…": which subscriptions the tree shows, remembered per cloud in globalState. Subscriptions come
 * from the signed-in directory (tenant); the last entry switches to another directory the account belongs to.
 */
export function registerSelectSubscriptions(services: CommandServices) {
  return registerCommand(services, commandIds.selectSubscriptions, 'list your subscriptions', async () => {
    const { account, tree } = services;
    const clients = account.requireClients();
    const [all, tenants] = await vscode.window.withProgress({ location: { viewId: 'aiGateway.instances' } }, () =>
      Promise.all([account.listSubscriptions(), clients.listTenants().catch(() => [])]),
    );
    const chosen = new Set((account.filter.selected(account.environment) ?? all.map((s) => s.subscriptionId)).map((s) => s.toLowerCase()));
    const tenantName = new Map(tenants.map((t) => [t.tenantId, t.displayName]));
    type Item = vscode.QuickPickItem & { readonly id?: string };
    const items: Item[] = all.map((s) => ({
      label: s.displayName,
      description: s.subscriptionId,
      ...(s.tenantId && tenantName.has(s.tenantId) ? { detail: tenantName.get(s.tenantId) } : {}),
      picked: chosen.has(s.subscriptionId.toLowerCase()),
      id: s.subscriptionId,
    }));
    const pick = vscode.window.createQuickPick<Item>();
    pick.canSelectMany = true;
    pick.title = 'Select the subscriptions to show';
    pick.placeholder = 'Subscriptions shown in the AI Gateway view';
    pick.items = items;
    pick.selectedItems = items.filter((i) => i.picked);
    if (tenants.length > 1) {
      pick.buttons = [{ iconPath: new vscode.ThemeIcon('organization'), tooltip: 'Switch directory (tenant)…' }];
    }
    const result = await new Promise<readonly Item[] | 'switchTenant' | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems));
      pick.onDidTriggerButton(() => resolve('switchTenant'));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (result === undefined) throw new UserCancelledError();
    if (result === 'switchTenant') {
      const tenant = await vscode.window.showQuickPick(
        tenants.map((t) => ({ label: t.displayName, description: t.tenantId })),
        { title: 'Switch directory', placeHolder: 'The directory (tenant) whose subscriptions to show' },
      );
      if (!tenant) throw new UserCancelledError();
      // The tenant is a setting (not a secret, and worth sharing with the workspace); reloading follows it.
      await vscode.workspace.getConfiguration(settingsSection).update('tenantId', tenant.description, vscode.ConfigurationTarget.Global);
      return;
    }
    const ids = result.flatMap((p) => (p.id ? [p.id] : []));
    await account.filter.select(account.environment, ids.length === all.length ? undefined : ids);
    tree.refresh();
  });
}
