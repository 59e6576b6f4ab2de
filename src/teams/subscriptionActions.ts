/**
 * What the tree offers on a team's subscription: Copy Key (to the clipboard; shown only when the user asks), Regenerate
 * Primary/Secondary Key and Cancel behind a modal that says what breaks, Suspend and Activate. From the palette the
 * instance and the subscription are asked for.
 */
import * as vscode from 'vscode';
import type { ServiceRef } from '../apim/refs';
import { regenerateSubscriptionKey, setSubscriptionState, type SubscriptionState } from '../apim/subscriptionWrites';
import { listApimSubscriptions, listSubscriptionKeys, type ApimSubscriptionSummary } from '../apim/subscriptions';
import type { AzureClients } from '../azure/clients';
import { ApimSubscriptionNode } from '../explorer/productNodes';
import { choose } from '../ui/quickInput';

export interface SubscriptionTarget {
  readonly service: ServiceRef;
  readonly subscription: ApimSubscriptionSummary;
}

export function subscriptionOfNode(node: unknown): SubscriptionTarget | undefined {
  return node instanceof ApimSubscriptionNode ? { service: node.service, subscription: node.subscription } : undefined;
}

export async function pickSubscription(clients: AzureClients, service: ServiceRef, title: string): Promise<ApimSubscriptionSummary> {
  const subs = await listApimSubscriptions(clients, service);
  return choose(
    title,
    'Subscription',
    subs.map((s) => ({ label: s.displayName, description: `${s.name} · ${s.scope} · ${s.state}`, value: s })),
  );
}

export async function copyKey(clients: AzureClients, target: SubscriptionTarget): Promise<void> {
  const which = await choose(`Copy Key of "${target.subscription.displayName}"`, 'Which key', [
    { label: 'Primary key', value: 'primaryKey' as const },
    { label: 'Secondary key', value: 'secondaryKey' as const },
  ]);
  const keys = await listSubscriptionKeys(clients, target.service, target.subscription.name);
  await vscode.env.clipboard.writeText(keys[which]);
  const reveal = 'Reveal';
  const label = which === 'primaryKey' ? 'primary' : 'secondary';
  const answer = await vscode.window.showInformationMessage(
    `Copied the ${label} key of "${target.subscription.displayName}" to the clipboard.`,
    reveal,
  );
  // Shown only on request, in a modal that closes without leaving the key anywhere.
  if (answer === reveal) {
    await vscode.window.showInformationMessage(`The ${label} key of "${target.subscription.displayName}"`, {
      modal: true,
      detail: keys[which],
    });
  }
}

export async function regenerateKey(clients: AzureClients, target: SubscriptionTarget, which: 'primary' | 'secondary'): Promise<boolean> {
  const other = which === 'primary' ? 'secondary' : 'primary';
  const confirm = `Regenerate ${which} key`;
  const answer = await vscode.window.showWarningMessage(
    `Regenerate the ${which} key of "${target.subscription.displayName}"?`,
    {
      modal: true,
      detail: `Every client that sends the current ${which} key gets 401 from the gateway at once. The ${other} key keeps working: switch the team's clients to it first, then hand them the new ${which} key.`,
    },
    confirm,
  );
  if (answer !== confirm) return false;
  await regenerateSubscriptionKey(clients, target.service, target.subscription.name, which);
  void vscode.window.showInformationMessage(
    `Regenerated the ${which} key of "${target.subscription.displayName}". Use Copy Key to hand it over.`,
  );
  return true;
}

const CONSEQUENCES: Readonly<Record<SubscriptionState, { verb: string; detail?: string }>> = {
  suspended: {
    verb: 'Suspend',
    detail: 'Calls with its keys get 401 from the gateway until it is activated again. Nothing else changes.',
  },
  cancelled: {
    verb: 'Cancel',
    detail:
      'Calls with its keys get 401 from the gateway. A cancelled subscription is kept for the record; create a new one to give the team access again.',
  },
  active: { verb: 'Activate' },
};

export async function changeState(clients: AzureClients, target: SubscriptionTarget, state: SubscriptionState): Promise<boolean> {
  const { verb, detail } = CONSEQUENCES[state];
  if (detail) {
    const confirm = `${verb} subscription`;
    const answer = await vscode.window.showWarningMessage(
      `${verb} "${target.subscription.displayName}"?`,
      { modal: true, detail },
      confirm,
    );
    if (answer !== confirm) return false;
  }
  await setSubscriptionState(clients, target.service, target.subscription.name, state);
  void vscode.window.showInformationMessage(`"${target.subscription.displayName}" is now ${state}.`);
  return true;
}
