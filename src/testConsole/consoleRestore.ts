/**
 * Restoring a test console after a window reload, free of 'vscode': the state VS Code hands back is validated, then
 * the API is read again from Azure (it may have been deleted or renamed since). The key is never part of the state:
 * the restored controller finds it through SecretStorage and the subscriptions, as when the console is opened.
 */
import { getApi, type ApiSummary } from '../apim/apis';
import { errorDetails, explainError, isRestErrorLike } from '../apim/errors';
import { parseServiceId } from '../apim/refs';
import { getService } from '../apim/services';
import type { AzureClients } from '../azure/clients';
import type { Logger } from '../log';
import { parseConsolePersistedState } from '../protocol/testConsoleState';
import { type ConsoleTargetRef } from '../protocol/testConsole';

export type ConsoleRestore = { readonly ok: true; readonly api: ApiSummary } | { readonly ok: false; readonly message: string };

/** `clients` is called inside, so "not signed in" or "sandbox stopped" become a message in the panel too. */
export async function restoreConsoleApi(clients: () => AzureClients, state: unknown, log: Logger): Promise<ConsoleRestore> {
  const parsed = parseConsolePersistedState(state);
  if (!parsed.ok) {
    log.warn(`Test console: the saved state of a restored panel was rejected: ${parsed.error}`);
    return {
      ok: false,
      message:
        'Could not restore this test console: its saved state is not valid. Close this tab and open the test console again from the API.',
    };
  }
  const target = parsed.value.target;
  try {
    const c = clients();
    const service = await getService(c, target.serviceId);
    const api = service && (await getApi(c, service, target.apiId));
    if (!api) return gone(target, log);
    return { ok: true, api };
  } catch (e) {
    if (isRestErrorLike(e) && e.statusCode === 404) return gone(target, log);
    log.error(`Test console: restoring ${target.serviceId}/apis/${target.apiId}: ${errorDetails(e)}`);
    return { ok: false, message: explainError(e, `restore the test console for "${target.apiId}"`) };
  }
}

function gone(target: ConsoleTargetRef, log: Logger): ConsoleRestore {
  const service = parseServiceId(target.serviceId).name;
  log.warn(`Test console: not restored, ${target.serviceId}/apis/${target.apiId} no longer exists`);
  return {
    ok: false,
    message: `Could not restore this test console: the API "${target.apiId}" no longer exists in "${service}". Close this tab, or open the test console for another API.`,
  };
}
