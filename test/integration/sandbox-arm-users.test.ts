// Sandbox ARM: users (the built-in administrator 1 exists without being created), subscription owners, and the
// product settings the teams feature writes, checked with the real SDK client as Azure would answer them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_NAMES, collect, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;

void describe('sandbox ARM: users, owners and product limits', () => {
  const sb = sandboxPerSuite();

  void it('lists and reads the built-in administrator, and creates users', async () => {
    const client = sb.apim();
    const admin = await client.user.get(RG, SVC, '1');
    assert.equal(admin.firstName, 'Administrator');
    assert.equal(admin.state, 'active');
    const created = await client.user.createOrUpdate(RG, SVC, 'alice', { email: 'alice@contoso.com', firstName: 'Alice', lastName: 'Lee' });
    assert.equal(created.state, 'active');
    assert.deepEqual(
      (await collect(client.user.listByService(RG, SVC))).map((u) => u.name),
      ['1', 'alice'],
    );
    await assert.rejects(client.user.createOrUpdate(RG, SVC, 'bob', { email: 'not-an-email', firstName: 'Bob', lastName: '' }), {
      statusCode: 400,
    });
    await assert.rejects(client.user.get(RG, SVC, 'nobody'), { statusCode: 404 });
  });

  void it('keeps an owner as a full user id and refuses an unknown owner', async () => {
    const client = sb.apim();
    const sub = await client.subscription.createOrUpdate(RG, SVC, 'alice-starter', {
      displayName: 'Alice',
      scope: '/products/unlimited',
      ownerId: '/users/alice',
      state: 'active',
    });
    assert.match(sub.ownerId ?? '', /\/service\/contoso-ai-gateway\/users\/alice$/);
    await assert.rejects(
      client.subscription.createOrUpdate(RG, SVC, 'ghost', { displayName: 'Ghost', scope: '/products/unlimited', ownerId: '/users/ghost' }),
      { statusCode: 400 },
    );
  });

  void it('validates subscriptionsLimit and approvalRequired, and deletes a product with its subscriptions on request', async () => {
    const client = sb.apim();
    await assert.rejects(client.product.createOrUpdate(RG, SVC, 'bad', { displayName: 'Bad', subscriptionsLimit: -1 }), {
      statusCode: 400,
    });
    const gold = await client.product.createOrUpdate(RG, SVC, 'gold', {
      displayName: 'Gold',
      subscriptionsLimit: 2,
      approvalRequired: true,
      state: 'published',
    });
    assert.equal(gold.subscriptionsLimit, 2);
    assert.equal(gold.approvalRequired, true);
    await client.subscription.createOrUpdate(RG, SVC, 'gold-1', { displayName: 'Gold 1', scope: '/products/gold' });
    assert.deepEqual(
      (await collect(client.productSubscriptions.list(RG, SVC, 'gold'))).map((s) => [s.name, s.state, s.primaryKey]),
      [['gold-1', 'submitted', undefined]],
    );
    await client.product.delete(RG, SVC, 'gold', '*', { deleteSubscriptions: true });
    await assert.rejects(client.subscription.get(RG, SVC, 'gold-1'), { statusCode: 404 });
  });
});
