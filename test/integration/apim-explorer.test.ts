/**
 * The explorer's nodes (free of 'vscode') over the real SDK clients made by our factory, against the sandbox:
 * subscriptions and instances in parallel, LLM APIs recognised, the whole list of 260+ APIs in the background, the
 * server-side filter, secrets never shown, a 403 on one subscription and a network failure as error rows with retry.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ApiGroupNode } from '../../src/explorer/ApiGroupNode';
import { ApiNode } from '../../src/explorer/ApiNode';
import { ExplorerModel, type EmptyReason } from '../../src/explorer/ExplorerModel';
import { ErrorNode, LoadMoreNode } from '../../src/explorer/messageNodes';
import { ServiceNode } from '../../src/explorer/ServiceNode';
import { SubscriptionNode } from '../../src/explorer/SubscriptionNode';
import type { TreeNode } from '../../src/explorer/TreeNode';
import type { AzureAccountClients } from '../../src/azure/clientFactory';
import { recordingHost, sandboxClients, type RecordingHost } from './helpers/azureClients';
import { DEMO_NAMES, demoServiceId, sandboxPerSuite } from './helpers/sandbox';

const EXTRA_APIS = 260;
const labels = (nodes: TreeNode[]) => nodes.map((n) => n.item().label);

void describe('explorer over the sandbox', () => {
  const sb = sandboxPerSuite({ apis: EXTRA_APIS });
  let clients: AzureAccountClients;
  let host: RecordingHost;
  let reasons: EmptyReason[];
  let model: ExplorerModel;

  before(() => {
    // No retries: a dropped connection must become an error row now, not after the SDK's back-off.
    clients = sandboxClients(sb, { maxRetries: 0 });
    host = recordingHost(clients);
    reasons = [];
    model = new ExplorerModel(host, { subscriptions: () => clients.listSubscriptions() }, (r) => reasons.push(r));
  });

  const gatewayService = async () => {
    const id = demoServiceId(sb, 'aiGateway');
    const node = await model.findService(id);
    assert.ok(node, 'the AI gateway instance is in the tree');
    return node;
  };

  void it('lists subscriptions with their instances already loaded, with region, SKU and gateway URL', async () => {
    const roots = await model.rootNodes();
    assert.deepEqual(labels(roots), ['Contoso Dev/Test', 'Contoso Production']);
    assert.deepEqual(reasons.at(-1), 'none');
    const prod = roots.find((r) => r.item().label === 'Contoso Production')!;
    assert.ok((await prod.loadedChildren()) !== undefined, 'services were fetched with the subscriptions');
    const services = (await prod.children()) as ServiceNode[];
    assert.deepEqual(labels(services), [DEMO_NAMES.aiGateway.service, DEMO_NAMES.apimProd.service]);
    const gateway = services[0].item();
    assert.equal(gateway.description, 'westeurope · Developer');
    assert.match(gateway.tooltip ?? '', /Gateway URL: https:\/\/127\.0\.0\.1:\d+\/gateway\/contoso-ai-gateway/);
    assert.equal(services[0].id, services[0].service.id.toLowerCase(), 'ids come from ARM ids');
  });

  void it('splits the APIs into LLM APIs (with the provider) and other APIs, under the instance resources', async () => {
    const service = await gatewayService();
    assert.deepEqual(labels(await service.children()), ['LLM APIs', 'Other APIs', 'Backends', 'Named values', 'Products']);
    const llm = await service.llmGroup.children();
    const chat = llm.find((n): n is ApiNode => n instanceof ApiNode && n.api.apiId === 'openai-chat');
    assert.ok(chat, 'the seeded LLM API is under LLM APIs');
    assert.equal(chat.item().description, 'OpenAI');
    assert.equal(chat.item().contextValue, 'aiGateway.api;llm');
    const other = await service.otherGroup.children();
    assert.ok(!other.some((n) => n instanceof ApiNode && n.api.apiId === 'openai-chat'));
    assert.ok(other.some((n) => n instanceof ApiNode && n.api.apiId === 'swagger-petstore'));
  });

  void it('lists the whole instance in the background, and shows "Other APIs" 100 rows at a time from memory', async () => {
    const service = await gatewayService();
    service.refresh();
    await service.otherGroup.children();
    await service.catalog.whenComplete();
    const { loaded, total, complete } = service.catalog.progress;
    assert.equal(complete, true);
    assert.equal(loaded, total);
    assert.ok(loaded >= EXTRA_APIS + 3);
    let rows = await service.otherGroup.children();
    let more = rows.at(-1);
    assert.ok(more instanceof LoadMoreNode);
    let clicks = 0;
    while (more instanceof LoadMoreNode) {
      const before = host.changes.length;
      await more.loader.loadMore();
      clicks++;
      assert.deepEqual(host.changes.slice(before), [service.otherGroup], '"Show more" redraws its group only');
      rows = await service.otherGroup.children();
      more = rows.at(-1);
    }
    const apis = rows.filter((n): n is ApiNode => n instanceof ApiNode);
    const llmCount = (await service.llmGroup.children()).filter((n) => n instanceof ApiNode).length;
    assert.equal(loaded, apis.length + llmCount);
    assert.equal(clicks, Math.ceil(apis.length / 100) - 1);
    assert.equal(new Set(apis.map((a) => a.id)).size, apis.length, 'no duplicates across pages');
  });

  void it('filters an instance on the server by display name, and clears the filter', async () => {
    const service = await gatewayService();
    service.setFilter('Sample API 0012');
    const rows = await service.otherGroup.children();
    assert.deepEqual(
      rows.filter((n) => n instanceof ApiNode).map((n) => n.item().label),
      Array.from({ length: 10 }, (_, i) => `Sample API 0012${i}`),
    );
    assert.match(service.item().description ?? '', /filter: Sample API 0012/);
    assert.equal(service.item().contextValue, 'aiGateway.service;filtered');
    service.setFilter("nothing like this'name");
    assert.deepEqual(labels(await service.otherGroup.children()), ['No APIs match "nothing like this\'name"']);
    service.setFilter(undefined);
    assert.equal(service.catalog.filter, undefined);
    await service.catalog.whenComplete();
    assert.equal((await service.otherGroup.children()).at(-1) instanceof LoadMoreNode, true);
  });

  void it('shows an API with its policy, backend and operations, and named values without their values', async () => {
    const service = await gatewayService();
    const chat = (await service.llmGroup.children()).find((n): n is ApiNode => n instanceof ApiNode && n.api.apiId === 'openai-chat')!;
    const children = await chat.children();
    assert.deepEqual(labels(children), ['Policy', 'Backend: openai-chat-backend', 'Creates a chat completion']);
    assert.match(children[1].item().description ?? '', /\/openai\/v1$/);
    assert.equal(children[2].item().description, 'POST /chat/completions');

    const namedValues = await (await service.children())[3].children();
    const key = namedValues.find((n) => n.item().label === 'openai-chat-key')!;
    assert.equal(key.item().description, 'secret');
    const everything = JSON.stringify(namedValues.map((n) => n.item()));
    assert.equal(everything.includes(sb.connection.modelKey), false, 'the secret value appears nowhere in the tree');
  });

  void it('shows a 403 on one subscription as an error row while the other subscription loads, and retries', async () => {
    const devSub = sb.connection.subscriptionIds[1];
    await sb.hooks.addFault({
      method: 'GET',
      path: `^/subscriptions/${devSub}/providers/Microsoft\\.ApiManagement/service$`,
      status: 403,
      body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action.' } },
      times: 1,
    });
    model.reset();
    const roots = (await model.rootNodes()) as SubscriptionNode[];
    const dev = roots.find((r) => r.subscription.subscriptionId === devSub)!;
    const prod = roots.find((r) => r.subscription.subscriptionId !== devSub)!;
    const devRows = await dev.children();
    assert.equal(devRows.length, 1);
    assert.ok(devRows[0] instanceof ErrorNode);
    assert.match(
      devRows[0].message,
      /^Could not list the API Management instances of "Contoso Dev\/Test": you do not have permission\. Ask an owner/,
    );
    assert.equal(devRows[0].item().command?.command, 'aiGateway.retry');
    assert.deepEqual(labels(await prod.children()), [DEMO_NAMES.aiGateway.service, DEMO_NAMES.apimProd.service]);
    dev.refresh();
    assert.deepEqual(labels(await dev.children()), [DEMO_NAMES.apimDev.service]);
  });

  void it('explains a subscription without the Microsoft.ApiManagement provider registered', async () => {
    const devSub = sb.connection.subscriptionIds[1];
    await sb.hooks.addFault({
      method: 'GET',
      path: `^/subscriptions/${devSub}/providers/Microsoft\\.ApiManagement/service$`,
      status: 409,
      body: {
        error: {
          code: 'MissingSubscriptionRegistration',
          message: "The subscription is not registered to use namespace 'Microsoft.ApiManagement'.",
        },
      },
      times: 1,
    });
    model.reset();
    const roots = (await model.rootNodes()) as SubscriptionNode[];
    const rows = await roots.find((r) => r.subscription.subscriptionId === devSub)!.children();
    assert.ok(rows[0] instanceof ErrorNode);
    assert.match(
      rows[0].message,
      /no Microsoft\.ApiManagement resource provider registered\. Register it .* "az provider register --namespace Microsoft\.ApiManagement/,
    );
  });

  void it('shows a dropped connection as an error row with retry, and recovers on retry', async () => {
    const service = await gatewayService();
    const group = service.otherGroup;
    await sb.hooks.addFault({ method: 'GET', path: `/service/${DEMO_NAMES.aiGateway.service}/apis$`, drop: true, times: 1 });
    service.refresh();
    const rows = await group.children();
    assert.equal(rows.length, 1);
    assert.ok(rows[0] instanceof ErrorNode);
    assert.match(rows[0].message, /could not be reached\. Check your network connection/);
    assert.equal(rows[0].parent, group);
    group.parent!.refresh();
    const again = await group.children();
    assert.ok(again.some((n) => n instanceof ApiNode));
    assert.ok(group instanceof ApiGroupNode);
  });
  void it('tells the welcome views why the tree is empty: no subscriptions, or no instances in them', async () => {
    const none = new ExplorerModel(host, { subscriptions: () => Promise.resolve([]) }, (r) => reasons.push(r));
    assert.deepEqual(await none.rootNodes(), []);
    assert.equal(reasons.at(-1), 'noSubscriptions');

    const devSub = sb.connection.subscriptionIds[1];
    // The sandbox cannot delete an instance; a subscription without instances answers an empty list.
    await sb.hooks.addFault({
      method: 'GET',
      path: `^/subscriptions/${devSub}/providers/Microsoft\\.ApiManagement/service$`,
      status: 200,
      body: { value: [] },
      times: 1,
    });
    const dev = new ExplorerModel(
      host,
      { subscriptions: async () => (await clients.listSubscriptions()).filter((s) => s.subscriptionId === devSub) },
      (r) => reasons.push(r),
    );
    assert.deepEqual(await dev.rootNodes(), []);
    assert.equal(reasons.at(-1), 'noInstances');
    assert.equal(dev.empty, 'noInstances');
  });
});
