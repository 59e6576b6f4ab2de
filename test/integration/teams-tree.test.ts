// Products in the tree after an onboarding, over the sandbox: the product row, then its policy, APIs and
// subscriptions, the subscription row carrying its state as a contextValue flag (which the menus match).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProductsNode } from '../../src/explorer/serviceResourceNodes';
import { ServiceNode } from '../../src/explorer/ServiceNode';
import type { TreeNode } from '../../src/explorer/TreeNode';
import { setSubscriptionState } from '../../src/apim/subscriptionWrites';
import { aiGatewayService, recordingHost, sandboxClients } from './helpers/azureClients';
import { sandboxPerSuite } from './helpers/sandbox';
import { onboard, teamForm } from './helpers/teams';

const labels = (nodes: readonly TreeNode[]): string[] => nodes.map((n) => n.item().label);

void describe('products in the tree', () => {
  const sb = sandboxPerSuite();

  void it("shows the team's product with its policy, APIs and subscriptions and their state", async () => {
    const clients = sandboxClients(sb);
    const serviceRef = await aiGatewayService(clients, sb);
    await onboard(sb, serviceRef, teamForm('Tree team'));
    await setSubscriptionState(clients, serviceRef, 'tree-team', 'suspended');

    const service = new ServiceNode(undefined as never, serviceRef, recordingHost(clients));
    const products = new ProductsNode(service, recordingHost(clients));
    const product = (await products.children()).find((n) => n.item().label === 'Tree team');
    assert.ok(product, labels(await products.children()).join(', '));
    assert.equal(product.item().contextValue, 'aiGateway.product');
    const [policy, apis, subscriptions] = await product.children();
    assert.deepEqual(labels([policy, apis, subscriptions]), ['Policy', 'APIs', 'Subscriptions']);
    assert.deepEqual(labels(await apis.children()), ['OpenAI chat']);
    const [sub] = await subscriptions.children();
    assert.equal(sub.item().label, 'Tree team key');
    assert.equal(sub.item().contextValue, 'aiGateway.apimSubscription;suspended');
    assert.match(sub.item().description ?? '', /^suspended · owner: administrator$/);
  });
});
