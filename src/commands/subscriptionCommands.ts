/**
 * The commands of a team's subscription in the tree (or from the palette): Copy Key, Regenerate Primary/Secondary
 * Key, Suspend, Activate, Cancel, Open in Test Console with this subscription.
 */
import * as vscode from 'vscode';
import { commandIds, type CommandId } from '../contributes';
import { SubscriptionKeyResolver } from '../testConsole/subscriptionKeys';
import {
  changeState,
  copyKey,
  pickSubscription,
  regenerateKey,
  subscriptionOfNode,
  type SubscriptionTarget,
} from '../teams/subscriptionActions';
import { subscriptionApi } from '../teams/subscriptionApis';
import { serviceFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerSubscriptionCommands(services: CommandServices, context: vscode.ExtensionContext): vscode.Disposable[] {
  const target = async (node: unknown, title: string): Promise<SubscriptionTarget> => {
    const fromNode = subscriptionOfNode(node);
    if (fromNode) return fromNode;
    const service = await serviceFromNodeOrPick(services.account, node);
    return { service, subscription: await pickSubscription(services.account.requireClients(), service, title) };
  };
  const command = (id: CommandId, action: string, run: (t: SubscriptionTarget) => Promise<boolean | void>) =>
    registerCommand(services, id, action, async (node: unknown) => {
      const t = await target(node, action.charAt(0).toUpperCase() + action.slice(1));
      if ((await run(t)) === true) await services.tree.refreshService(t.service.id);
    });
  const clients = () => services.account.requireClients();
  return [
    command(commandIds.copySubscriptionKey, 'copy the key', (t) => copyKey(clients(), t)),
    command(commandIds.regeneratePrimaryKey, 'regenerate the primary key', (t) => regenerateKey(clients(), t, 'primary')),
    command(commandIds.regenerateSecondaryKey, 'regenerate the secondary key', (t) => regenerateKey(clients(), t, 'secondary')),
    command(commandIds.suspendSubscription, 'suspend the subscription', (t) => changeState(clients(), t, 'suspended')),
    command(commandIds.activateSubscription, 'activate the subscription', (t) => changeState(clients(), t, 'active')),
    command(commandIds.cancelSubscription, 'cancel the subscription', (t) => changeState(clients(), t, 'cancelled')),
    command(commandIds.openTestConsoleWithSubscription, 'open the test console', async (t) => {
      const api = await subscriptionApi(clients(), t);
      // The console finds its key through this cache first; nothing else in the console changes.
      await new SubscriptionKeyResolver(clients, context.secrets, () => Promise.resolve(undefined)).preselect(api, t.subscription);
      await vscode.commands.executeCommand(commandIds.openTestConsole, api);
    }),
  ];
}
