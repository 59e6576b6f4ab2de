/** Policy reads and conditional writes against the sandbox: the ETag read with a policy is the only licence to overwrite it. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ConflictError, explainError } from '../../src/apim/errors';
import { getApiPolicy, getServicePolicyXml, putApiPolicy } from '../../src/apim/policies';
import type { ServiceRef } from '../../src/apim/refs';
import type { AzureAccountClients } from '../../src/azure/clientFactory';
import { aiGatewayService, sandboxClients } from './helpers/azureClients';
import { sandboxPerSuite } from './helpers/sandbox';

void describe('API policies', () => {
  const sb = sandboxPerSuite();
  let clients: AzureAccountClients;
  let service: ServiceRef;

  before(async () => {
    clients = sandboxClients(sb);
    service = await aiGatewayService(clients, sb);
  });

  void it('reads the raw XML with its ETag, and the service-wide policy', async () => {
    const policy = await getApiPolicy(clients, { service, apiId: 'openai-chat' });
    assert.ok(policy?.etag);
    assert.match(policy.xml, /<set-backend-service backend-id="openai-chat-backend" \/>/);
    assert.match(policy.xml, /counter-key="@\(context\.Subscription\.Id\)"/, 'expressions come back unescaped (rawxml)');
    assert.match((await getServicePolicyXml(clients, service)) ?? '', /<forward-request \/>/);
  });

  void it('writes with If-Match, and refuses a stale ETag as a conflict without changing the policy', async () => {
    const api = { service, apiId: 'openai-chat' };
    const opened = (await getApiPolicy(clients, api))!;
    const mine = opened.xml.replace('tokens-per-minute="5000"', 'tokens-per-minute="6000"');
    const newEtag = await putApiPolicy(clients, api, mine, opened.etag);
    assert.ok(newEtag && newEtag !== opened.etag);
    assert.match((await getApiPolicy(clients, api))!.xml, /tokens-per-minute="6000"/);

    // Someone else's editor still holds the first ETag.
    const theirs = opened.xml.replace('tokens-per-minute="5000"', 'tokens-per-minute="1"');
    const conflict = await putApiPolicy(clients, api, theirs, opened.etag).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(conflict instanceof ConflictError);
    assert.match(explainError(conflict, 'save the policy'), /changed in Azure since you opened it\. Reopen it to get the latest/);
    assert.match((await getApiPolicy(clients, api))!.xml, /tokens-per-minute="6000"/, 'the newer policy was kept');
  });

  void it('creates a policy where there is none, but not over one created meanwhile', async () => {
    const api = { service, apiId: 'swagger-petstore' };
    assert.equal(await getApiPolicy(clients, api), undefined);
    const xml =
      '<policies><inbound><base /><set-header name="x-demo" exists-action="override"><value>1</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>';
    const etag = await putApiPolicy(clients, api, xml, undefined);
    assert.ok(etag);
    await assert.rejects(putApiPolicy(clients, api, xml, undefined), ConflictError);
  });

  void it('reports a missing API as not found', async () => {
    const error = await putApiPolicy(clients, { service, apiId: 'no-such-api' }, '<policies />', 'W/"x"').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.match(explainError(error, 'save the policy'), /not found|changed in Azure/);
  });
});
