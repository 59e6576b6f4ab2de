// ARM emulator with the real SDK clients: tenants and subscriptions, APIM services (list, get, PATCH identity LRO).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

void describe('sandbox ARM: subscriptions and APIM services', () => {
  const sb = sandboxPerSuite();

  void it('lists the tenant and the two demo subscriptions', async () => {
    const tenants = await sb.arm('/tenants?api-version=2022-12-01');
    assert.equal(tenants.status, 200);
    assert.deepEqual(
      tenants.json<{ value: Array<{ tenantId: string }> }>().value.map((t) => t.tenantId),
      [sb.connection.tenantId],
    );
    const subs = (await sb.arm('/subscriptions?api-version=2022-12-01')).json<{
      value: Array<{ subscriptionId: string; displayName: string; state: string }>;
    }>();
    assert.deepEqual(
      subs.value.map((s) => s.displayName),
      ['Contoso Production', 'Contoso Dev/Test'],
    );
    assert.deepEqual(
      subs.value.map((s) => s.subscriptionId),
      sb.connection.subscriptionIds,
    );
    assert.ok(subs.value.every((s) => s.state === 'Enabled'));
  });

  void it('lists services by subscription and by resource group with gateway URLs that point at the sandbox', async () => {
    const client = sb.apim();
    const all = [];
    for await (const s of client.apiManagementService.list()) all.push(s);
    assert.deepEqual(all.map((s) => s.name).sort(), ['contoso-ai-gateway', 'contoso-apim-prod']);
    const gw = all.find((s) => s.name === DEMO_NAMES.aiGateway.service)!;
    assert.equal(gw.location, 'westeurope');
    assert.equal(gw.sku.name, 'Developer');
    assert.equal(gw.gatewayUrl, `${sb.connection.armEndpoint}/gateway/contoso-ai-gateway`);
    const prod = all.find((s) => s.name === 'contoso-apim-prod')!;
    assert.equal(prod.sku.name, 'Premium');
    assert.equal(prod.location, 'eastus2');

    const dev = [];
    for await (const s of sb
      .apim(sb.connection.subscriptionIds[1])
      .apiManagementService.listByResourceGroup(DEMO_NAMES.apimDev.resourceGroup)) {
      dev.push(s);
    }
    assert.deepEqual(
      dev.map((s) => [s.name, s.location, s.sku.name]),
      [['contoso-dev-apim', 'swedencentral', 'BasicV2']],
    );
  });

  void it('gets a service and 404s a missing one with an ARM error body', async () => {
    const client = sb.apim();
    const svc = await client.apiManagementService.get(DEMO_NAMES.aiGateway.resourceGroup, DEMO_NAMES.aiGateway.service);
    assert.equal(svc.name, DEMO_NAMES.aiGateway.service);
    await assert.rejects(
      client.apiManagementService.get(DEMO_NAMES.aiGateway.resourceGroup, 'nope'),
      (e: { statusCode?: number; code?: string }) => {
        assert.equal(e.statusCode, 404);
        assert.equal(e.code, 'ResourceNotFound');
        return true;
      },
    );
    await assert.rejects(client.apiManagementService.get('rg-missing', 'x'), { statusCode: 404, code: 'ResourceGroupNotFound' });
  });

  void it('turns on a system-assigned identity through a polled LRO and keeps it stable', async () => {
    const client = sb.apim();
    const { resourceGroup, service } = DEMO_NAMES.aiGateway;
    const pollsBefore = (await sb.hooks.stats()).lroPolls;
    const updated = await client.apiManagementService.beginUpdateAndWait(resourceGroup, service, { identity: { type: 'SystemAssigned' } });
    assert.equal(updated.identity?.type, 'SystemAssigned');
    assert.match(updated.identity?.principalId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(updated.identity?.tenantId, sb.connection.tenantId);
    assert.ok((await sb.hooks.stats()).lroPolls > pollsBefore, 'the SDK poller polled the operation');
    const again = await client.apiManagementService.beginUpdateAndWait(resourceGroup, service, { identity: { type: 'SystemAssigned' } });
    assert.equal(again.identity?.principalId, updated.identity?.principalId);
  });

  void it('keeps user-assigned identities when both kinds are asked for, and replaces them like Azure otherwise', async () => {
    const client = sb.apim();
    const { resourceGroup, service } = DEMO_NAMES.apimProd;
    const before = await client.apiManagementService.get(resourceGroup, service);
    assert.equal(before.identity?.type, 'UserAssigned');
    const both = await client.apiManagementService.beginUpdateAndWait(resourceGroup, service, {
      identity: { type: 'SystemAssigned, UserAssigned' },
    });
    assert.equal(both.identity?.type, 'SystemAssigned, UserAssigned');
    assert.deepEqual(Object.keys(both.identity?.userAssignedIdentities ?? {}), Object.keys(before.identity?.userAssignedIdentities ?? {}));
    assert.ok(both.identity?.principalId);
    const systemOnly = await client.apiManagementService.beginUpdateAndWait(resourceGroup, service, {
      identity: { type: 'SystemAssigned' },
    });
    assert.equal(systemOnly.identity?.type, 'SystemAssigned');
    assert.equal(systemOnly.identity?.userAssignedIdentities, undefined);
    assert.equal(systemOnly.identity?.principalId, both.identity?.principalId);
    await assert.rejects(client.apiManagementService.beginUpdateAndWait(resourceGroup, service, { identity: { type: 'Bogus' } }), {
      statusCode: 400,
    });
  });
});
