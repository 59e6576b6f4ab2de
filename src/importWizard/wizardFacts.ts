/** What the import wizard needs to know about the target instance: products, backends and the paths already taken. */
import type { AzureClients } from '../azure/clients';
import type { WizardFacts } from '../protocol/importWizard';
import { listApisPage } from '../apim/apis';
import { listBackends } from '../apim/backends';
import { listProducts } from '../apim/products';
import type { ServiceRef } from '../apim/refs';
import { isEmbeddingsUrl } from '../domain/policies/prerequisiteFacts';

export async function listApiPaths(
  clients: AzureClients,
  service: ServiceRef,
  abortSignal?: AbortSignal,
): Promise<WizardFacts['existingApis'][number][]> {
  const paths: WizardFacts['existingApis'][number][] = [];
  let continuationToken: string | undefined;
  do {
    const page = await listApisPage(clients, service, {
      ...(continuationToken ? { continuationToken } : {}),
      ...(abortSignal ? { abortSignal } : {}),
    });
    for (const api of page.items) paths.push({ apiId: api.apiId, path: api.path });
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return paths;
}

export async function loadWizardFacts(clients: AzureClients, service: ServiceRef, abortSignal?: AbortSignal): Promise<WizardFacts> {
  const [products, backends, existingApis] = await Promise.all([
    listProducts(clients, service, abortSignal),
    listBackends(clients, service, abortSignal),
    listApiPaths(clients, service, abortSignal),
  ]);
  return {
    products: products.map((p) => ({ id: p.name, displayName: p.displayName })),
    backends: backends.map((b) => b.name),
    embeddingsBackends: backends.filter((b) => isEmbeddingsUrl(b.url)).map((b) => b.name),
    existingApis,
  };
}
