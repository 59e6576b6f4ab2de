/** The API a subscription's command is about: the only API of its product, or one the user picks among them. */
import type { ApiSummary } from '../apim/apis';
import { getApi } from '../apim/apis';
import { listProductApis } from '../apim/productMembers';
import type { AzureClients } from '../azure/clients';
import { choose } from '../ui/quickInput';
import type { SubscriptionTarget } from './subscriptionActions';

export async function subscriptionApi(clients: AzureClients, target: SubscriptionTarget): Promise<ApiSummary> {
  const scope = target.subscription.scope;
  const apiMatch = /^\/apis\/([^/]+)$/i.exec(scope);
  if (apiMatch) {
    const api = await getApi(clients, target.service, apiMatch[1]);
    if (!api) throw new Error(`The API "${apiMatch[1]}" of the subscription "${target.subscription.displayName}" no longer exists.`);
    return api;
  }
  const productMatch = /^\/products\/([^/]+)$/i.exec(scope);
  if (!productMatch) {
    throw new Error(`The subscription "${target.subscription.displayName}" opens all APIs. Run the command on an API instead.`);
  }
  const apis = await listProductApis(clients, target.service, productMatch[1]);
  if (apis.length === 0) throw new Error(`The product "${productMatch[1]}" has no APIs. Add one to it first.`);
  if (apis.length === 1) return apis[0];
  return choose(
    'API',
    `APIs of the product "${productMatch[1]}"`,
    apis.map((a) => ({ label: a.displayName, description: `/${a.path}`, value: a })),
  );
}
