/**
 * A gateway 404 may mean that the API itself was deleted after the console opened (the gateway then answers for no
 * API at that path). Asking ARM tells that apart from a wrong path, so the console can say what happened.
 */
import { getApi } from '../apim/apis';
import { isRestErrorLike } from '../apim/errors';
import type { ApiRef } from '../apim/refs';
import type { AzureClients } from '../azure/clients';

/** The sentence for a turn sent after the API was deleted, or undefined when the API still exists (or ARM did not say). */
export async function apiGoneSentence(clients: AzureClients, api: ApiRef): Promise<string | undefined> {
  const exists = await getApi(clients, api.service, api.apiId).then(
    (found) => found !== undefined,
    (e: unknown) => (isRestErrorLike(e) && e.statusCode === 404 ? false : undefined),
  );
  if (exists !== false) return undefined;
  return `The API "${api.displayName}" no longer exists in "${api.service.name}": it was deleted after this console opened. Nothing of the conversation is lost; import the API again, or close this tab.`;
}
