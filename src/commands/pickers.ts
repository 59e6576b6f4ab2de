/**
 * Quick picks for commands run from the palette (or from a panel) without a tree node: pick an APIM instance across
 * the selected subscriptions, then an API of it. Lists stream in as they load; the API list filters server-side.
 */
import * as vscode from 'vscode';
import { listApisPage, type ApiSummary } from '../apim/apis';
import { explainError } from '../apim/errors';
import type { ServiceRef } from '../apim/refs';
import { listServices } from '../apim/services';
import type { AzureAccount } from '../azure/AzureAccount';
import { apiOf, serviceOf } from '../explorer/nodeRefs';

/** The user closed a picker or a prompt: the command stops quietly. */
export class UserCancelledError extends Error {
  override readonly name = 'UserCancelledError';
  constructor() {
    super('Cancelled');
  }
}

interface Item<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export async function pickService(account: AzureAccount, title = 'Select an API Management instance'): Promise<ServiceRef> {
  const clients = account.requireClients();
  const pick = vscode.window.createQuickPick<Item<ServiceRef>>();
  pick.title = title;
  pick.placeholder = 'Loading instances…';
  pick.busy = true;
  pick.matchOnDescription = true;
  const items: Item<ServiceRef>[] = [];
  const errors: string[] = [];
  const loading = account.selectedSubscriptions().then((subs) =>
    Promise.all(
      subs.map(async (sub) => {
        try {
          for (const s of await listServices(clients, sub.subscriptionId)) {
            items.push({
              label: s.name,
              description: [s.location, s.skuName].filter(Boolean).join(' · '),
              detail: sub.displayName,
              value: s,
            });
          }
          pick.items = [...items].sort((a, b) => a.label.localeCompare(b.label));
        } catch (e) {
          errors.push(explainError(e, `list the instances of "${sub.displayName}"`));
        }
      }),
    ),
  );
  void loading
    .catch((e: unknown) => errors.push(explainError(e, 'list your subscriptions')))
    .finally(() => {
      pick.busy = false;
      pick.placeholder = items.length > 0 ? 'Type to filter' : (errors[0] ?? 'No API Management instances found');
    });
  return choose(pick);
}

export async function pickApi(account: AzureAccount, service: ServiceRef, title = 'Select an API'): Promise<ApiSummary> {
  const clients = account.requireClients();
  const pick = vscode.window.createQuickPick<Item<ApiSummary>>();
  pick.title = title;
  pick.placeholder = 'Type to search by display name';
  pick.matchOnDescription = true;
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  const load = (text: string): void => {
    const mine = ++generation;
    pick.busy = true;
    listApisPage(clients, service, text ? { nameContains: text } : {}).then(
      (page) => {
        if (mine !== generation) return;
        pick.items = page.items.map((api) => ({ label: api.displayName, description: `/${api.path}`, value: api }));
        pick.busy = false;
      },
      (e: unknown) => {
        if (mine !== generation) return;
        pick.busy = false;
        pick.placeholder = explainError(e, `list the APIs of "${service.name}"`);
      },
    );
  };
  // The first page comes unfiltered; typing asks the server, so APIs beyond the first page are found too.
  pick.onDidChangeValue((text) => {
    clearTimeout(timer);
    timer = setTimeout(() => load(text.trim()), 250);
  });
  load('');
  return choose(pick);
}

/** The instance of a tree node, or one the user picks. */
export async function serviceFromNodeOrPick(account: AzureAccount, node: unknown): Promise<ServiceRef> {
  return serviceOf(node) ?? pickService(account);
}

/** The API of a tree node, or one the user picks (instance first). */
export async function apiFromNodeOrPick(account: AzureAccount, node: unknown): Promise<ApiSummary> {
  const api = apiOf(node);
  if (api) return api;
  return pickApi(account, await serviceFromNodeOrPick(account, node));
}

function choose<T>(pick: vscode.QuickPick<Item<T>>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      if (!chosen) return;
      resolve(chosen.value);
      pick.hide();
    });
    pick.onDidHide(() => {
      reject(new UserCancelledError());
      pick.dispose();
    });
    pick.show();
  });
}
