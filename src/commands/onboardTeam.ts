/** "Onboard a Team…" (instance context menu, palette): the flow in src/teams, then the tree shows the new product. */
import * as vscode from 'vscode';
import { commandIds } from '../contributes';
import { onboardTeam } from '../teams/onboardTeamFlow';
import { serviceFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerOnboardTeam(services: CommandServices): vscode.Disposable {
  return registerCommand(services, commandIds.onboardTeam, 'onboard the team', async (node: unknown) => {
    const service = await serviceFromNodeOrPick(services.account, node);
    const created = await onboardTeam(services.account.requireClients(), service, services.log);
    if (!created) return undefined;
    await services.tree.refreshService(service.id);
    void vscode.window.showInformationMessage(
      `Onboarded: product "${created.productId}" with the subscription "${created.subscriptionId}". Use Copy Code for API… to hand the team code that runs.`,
    );
    return created;
  });
}
