/**
 * The "Use an API key instead" path: read one key of an Azure OpenAI account so it can go straight into an APIM secret
 * named value. The key is returned to the caller only; nothing here logs or stores it.
 */
import type { AzureClients } from './clients';
import { parseAccountId } from './cognitiveAccounts';

export async function readAccountKey(clients: AzureClients, accountId: string): Promise<string> {
  const { subscriptionId, resourceGroup, name } = parseAccountId(accountId);
  const client = await clients.cognitiveServices(subscriptionId);
  const keys = await client.accounts.listKeys(resourceGroup, name);
  const key = keys.key1 ?? keys.key2;
  if (!key) {
    throw new Error(
      `The account ${name} returned no API key; local authentication may be disabled. Use managed identity instead of an API key.`,
    );
  }
  return key;
}
