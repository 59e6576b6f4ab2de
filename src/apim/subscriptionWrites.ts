/**
 * What a platform engineer does to a team's subscription: suspend, activate, cancel, regenerate a key. Each is one
 * ARM call; a key is never read here (Copy Key reads it with listSecrets when asked).
 */
import type { AzureClients } from '../azure/clients';
import type { ServiceRef } from './refs';

export type SubscriptionState = 'active' | 'suspended' | 'cancelled';

export async function setSubscriptionState(
  clients: AzureClients,
  service: ServiceRef,
  subscriptionName: string,
  state: SubscriptionState,
): Promise<void> {
  const client = await clients.apim(service.subscriptionId);
  // '*': the state is the one field written, and the user just chose it for the subscription as shown.
  await client.subscription.update(service.resourceGroup, service.name, subscriptionName, '*', { state });
}

export async function regenerateSubscriptionKey(
  clients: AzureClients,
  service: ServiceRef,
  subscriptionName: string,
  which: 'primary' | 'secondary',
): Promise<void> {
  const client = await clients.apim(service.subscriptionId);
  if (which === 'primary') await client.subscription.regeneratePrimaryKey(service.resourceGroup, service.name, subscriptionName);
  else await client.subscription.regenerateSecondaryKey(service.resourceGroup, service.name, subscriptionName);
}
