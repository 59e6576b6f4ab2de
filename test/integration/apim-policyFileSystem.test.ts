/**
 * The policy editor's file system (aigateway-policy:) over the sandbox: open, save with the ETag it read, and a save
 * over a policy changed in Azure meanwhile refused with the conflict sentence instead of overwriting it.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { getApiPolicy, putApiPolicy } from '../../src/apim/policies';
import type { ServiceRef } from '../../src/apim/refs';
import type { AzureAccountClients } from '../../src/azure/clientFactory';
import { createFakeVscode, installFakeVscode } from '../unit/helpers/fakeVscode';
import { aiGatewayService, recordingHost, sandboxClients } from './helpers/azureClients';
import { sandboxPerSuite } from './helpers/sandbox';

installFakeVscode(createFakeVscode());

void describe('policy file system', async () => {
  const { PolicyFileSystem, policyUri, parsePolicyUri, policyConflictMessage } = await import('../../src/explorer/PolicyFileSystem.js');
  const sb = sandboxPerSuite();
  let clients: AzureAccountClients;
  let service: ServiceRef;

  before(async () => {
    clients = sandboxClients(sb);
    service = await aiGatewayService(clients, sb);
  });

  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const bytes = (s: string) => new TextEncoder().encode(s);

  void it('round-trips the API reference through the URI', () => {
    const uri = policyUri({ service, apiId: 'openai-chat' });
    assert.equal(uri.scheme, 'aigateway-policy');
    const back = parsePolicyUri(uri);
    assert.equal(back.apiId, 'openai-chat');
    assert.equal(back.service.id.toLowerCase(), service.id.toLowerCase());
  });

  void it('opens the policy and saves an edit back to Azure', async () => {
    const fs = new PolicyFileSystem(() => clients, recordingHost(clients).log);
    const uri = policyUri({ service, apiId: 'openai-chat' });
    const opened = text(await fs.readFile(uri));
    assert.match(opened, /<set-backend-service backend-id="openai-chat-backend" \/>/);
    await fs.writeFile(uri, bytes(opened.replace('tokens-per-minute="5000"', 'tokens-per-minute="7000"')));
    assert.match((await getApiPolicy(clients, { service, apiId: 'openai-chat' }))!.xml, /tokens-per-minute="7000"/);
    // A second save from the same editor uses the ETag of the first save.
    await fs.writeFile(uri, bytes(opened.replace('tokens-per-minute="5000"', 'tokens-per-minute="8000"')));
    assert.match((await getApiPolicy(clients, { service, apiId: 'openai-chat' }))!.xml, /tokens-per-minute="8000"/);
  });

  void it('refuses to overwrite a policy changed in Azure since it was opened', async () => {
    const fs = new PolicyFileSystem(() => clients, recordingHost(clients).log);
    const api = { service, apiId: 'openai-chat' };
    const uri = policyUri(api);
    const opened = text(await fs.readFile(uri));
    const current = (await getApiPolicy(clients, api))!;
    await putApiPolicy(clients, api, current.xml.replace(/tokens-per-minute="\d+"/, 'tokens-per-minute="42"'), current.etag);
    await assert.rejects(
      fs.writeFile(uri, bytes(opened.replace(/tokens-per-minute="\d+"/, 'tokens-per-minute="1"'))),
      (e: Error) => e.message === policyConflictMessage,
    );
    assert.match((await getApiPolicy(clients, api))!.xml, /tokens-per-minute="42"/, 'the change made in Azure is kept');
  });

  void it('opens an empty policy skeleton for an API without one', async () => {
    const fs = new PolicyFileSystem(() => clients, recordingHost(clients).log);
    const xml = text(await fs.readFile(policyUri({ service, apiId: 'echo-api' })));
    assert.match(xml, /^<policies>[\s\S]*<base \/>[\s\S]*<\/policies>$/);
  });
});
