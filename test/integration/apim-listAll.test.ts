/** Listing every API of a large instance: pages in parallel from APIM's count, same result as walking nextLink. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { listAllApis, listApisPage } from '../../src/apim/apis';
import type { ServiceRef } from '../../src/apim/refs';
import type { AzureAccountClients } from '../../src/azure/clientFactory';
import { aiGatewayService, sandboxClients } from './helpers/azureClients';
import { sandboxPerSuite } from './helpers/sandbox';

void describe('listAllApis', () => {
  const sb = sandboxPerSuite({ apis: 450 });
  let clients: AzureAccountClients;
  let service: ServiceRef;
  const urls: string[] = [];
  const counter: PipelinePolicy = { name: 'count', sendRequest: (r, next) => (urls.push(r.url), next(r)) };

  before(async () => {
    clients = sandboxClients(sb, { policies: [counter] });
    service = await aiGatewayService(clients, sb);
  });

  async function walkNextLinks(nameContains?: string): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await listApisPage(clients, service, {
        ...(token ? { continuationToken: token } : {}),
        ...(nameContains ? { nameContains } : {}),
      });
      ids.push(...page.items.map((a) => a.id));
      token = page.continuationToken;
    } while (token);
    return ids;
  }

  void it('returns the same APIs as walking nextLink, in one request per 100 APIs', async () => {
    const expected = await walkNextLinks();
    urls.length = 0;
    const all = await listAllApis(clients, service, { concurrency: 4 });
    assert.deepEqual(all.map((a) => a.id).sort(), [...expected].sort());
    assert.ok(all.length >= 450);
    assert.equal(urls.length, Math.ceil(all.length / 100));
    assert.ok(
      urls.slice(1).every((u) => /[?&]%24skip=\d+|[?&]\$skip=\d+/.test(u)),
      'later pages by $skip',
    );
  });

  void it('applies the server-side filter to every page', async () => {
    const all = await listAllApis(clients, service, { nameContains: 'Sample API 001' });
    assert.equal(all.length, 100);
    assert.deepEqual(all.map((a) => a.id).sort(), (await walkNextLinks('Sample API 001')).sort());
  });
});
