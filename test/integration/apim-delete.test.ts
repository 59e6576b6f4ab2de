/**
 * Deleting an API offers only the backends and named values nothing else uses: found by reading the other
 * backends, the service policy and every other API's policy, against the sandbox.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { deleteApiAndDependencies, findExclusiveDependencies } from '../../src/apim/apiDeletion';
import { getApi } from '../../src/apim/apis';
import { listBackends } from '../../src/apim/backends';
import { listNamedValues } from '../../src/apim/namedValues';
import { putApiPolicy } from '../../src/apim/policies';
import type { ServiceRef } from '../../src/apim/refs';
import { getService } from '../../src/apim/services';
import type { AzureAccountClients } from '../../src/azure/clientFactory';
import { sandboxClients } from './helpers/azureClients';
import { DEMO_NAMES, withSandbox, type SandboxHarness } from './helpers/sandbox';

const { resourceGroup, service: serviceName } = DEMO_NAMES.aiGateway;

void describe('delete API', () => {
  let sb: SandboxHarness | undefined;
  let clients: AzureAccountClients;
  let service: ServiceRef;

  beforeEach(async () => {
    await sb?.close();
    sb = await withSandbox({ apis: 120 });
    clients = sandboxClients(sb);
    const found = await getService(
      clients,
      `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${serviceName}`,
    );
    assert.ok(found);
    service = found;
  });
  after(() => sb?.close());

  void it('finds the backend and the named value only this API uses, across every page of APIs, and deletes them', async () => {
    const api = { service, apiId: 'openai-chat' };
    let checked = 0;
    const deps = await findExclusiveDependencies(clients, api, { onProgress: (n) => (checked = n) });
    assert.deepEqual(
      deps.backends.map((b) => b.name),
      ['openai-chat-backend'],
    );
    assert.deepEqual(
      deps.namedValues.map((n) => n.name),
      ['openai-chat-key'],
    );
    assert.ok(checked > 100, `read the other APIs' policies beyond the first page (${checked})`);

    await deleteApiAndDependencies(clients, api, deps);
    assert.equal(await getApi(clients, service, 'openai-chat').catch((e: { statusCode?: number }) => e.statusCode), 404);
    assert.ok(!(await listBackends(clients, service)).some((b) => b.name === 'openai-chat-backend'));
    assert.ok(!(await listNamedValues(clients, service)).some((n) => n.name === 'openai-chat-key'));
    assert.ok((await listBackends(clients, service)).length > 0, 'other backends stay');
  });

  void it('keeps what another API uses, even when that API is on a later page', async () => {
    const other = { service, apiId: 'api-00120' };
    await putApiPolicy(
      clients,
      other,
      '<policies><inbound><base /><set-backend-service backend-id="openai-chat-backend" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>',
      undefined,
    );
    const deps = await findExclusiveDependencies(clients, { service, apiId: 'openai-chat' });
    assert.deepEqual(deps.backends, [], 'the backend is shared');
    assert.deepEqual(deps.namedValues, [], 'and so is the named value its credentials use');
  });

  void it('keeps a named value another policy refers to directly', async () => {
    const other = { service, apiId: 'swagger-petstore' };
    await putApiPolicy(
      clients,
      other,
      '<policies><inbound><base /><set-header name="Authorization" exists-action="override"><value>{{openai-chat-key}}</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>',
      undefined,
    );
    const deps = await findExclusiveDependencies(clients, { service, apiId: 'openai-chat' });
    assert.deepEqual(
      deps.backends.map((b) => b.name),
      ['openai-chat-backend'],
    );
    assert.deepEqual(deps.namedValues, []);
  });

  void it('stops when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(findExclusiveDependencies(clients, { service, apiId: 'openai-chat' }, { abortSignal: abort.signal }));
  });
});
