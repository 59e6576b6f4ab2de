// Bad input to "Onboard a Team…": a duplicate product id, a quota of 0, a subscription limit reached and a team name
// with nothing to make an id from each get one clear sentence, and nothing is written to the instance.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { TeamFieldErrors, TeamForm } from '../../src/domain/teams/teamForm';
import { loadTeamFacts } from '../../src/teams/teamFactsLoader';
import { reviewOnboarding } from '../../src/teams/onboarding';
import { comparable } from './helpers/aoaiFixtures';
import { gatewayService, sandboxClients, stepContext } from './helpers/lmImport';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';
import { teamForm } from './helpers/teams';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;

void describe('Team onboarding: bad input', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;

  before(async () => {
    service = await gatewayService(sb);
    // The administrator already holds the one subscription the seeded "starter" product allows per user.
    await sb.apim().subscription.createOrUpdate(RG, SVC, 'admin-starter', {
      displayName: 'Administrator (Starter)',
      scope: '/products/starter',
      ownerId: '/users/1',
      state: 'active',
    });
  });

  const cases: { name: string; form: () => TeamForm; field: keyof TeamFieldErrors; sentence: RegExp }[] = [
    {
      name: 'a product id that exists',
      form: () =>
        teamForm('Starter', {
          product: { mode: 'new', productId: 'starter', displayName: 'Starter', description: '', published: true, approvalRequired: false },
        }),
      field: 'productId',
      sentence: /^A product with the id "starter" already exists \("Starter"\)\. Choose "Existing product", or enter another id\.$/,
    },
    {
      name: 'a token quota of 0',
      form: () => teamForm('Zero team', { limits: { tokenQuota: 0, tokenQuotaPeriod: 'Monthly' } }),
      field: 'tokenQuota',
      sentence: /^A token quota of 0 would block the team from the first call\. Enter at least 1 token, or leave the quota empty\.$/,
    },
    {
      name: 'a subscription limit reached',
      form: () =>
        teamForm('Late team', {
          product: { mode: 'existing', productId: 'starter' },
          subscription: { subscriptionId: 'late-team', displayName: 'Late team', ownerUserId: '1' },
        }),
      field: 'ownerUserId',
      sentence:
        /^Administrator <apim-admins@contoso\.com> already holds the 1 subscription the product "starter" allows per user\. Choose another owner or product, or raise the product's limit\.$/,
    },
    {
      name: 'a team name with nothing to make an id from',
      form: () => ({ ...teamForm('x'), teamName: '¿¡ — !?' }),
      field: 'teamName',
      sentence:
        /^The team name "¿¡ — !\?" has no letter or digit to make the product and subscription ids from\. Use a name such as "Search team"\.$/,
    },
  ];

  for (const c of cases) {
    void it(`${c.name}: one sentence, nothing written`, async () => {
      const before = comparable(await sb.hooks.state());
      const facts = await loadTeamFacts(sandboxClients(sb), service);
      const review = await reviewOnboarding(c.form(), facts, stepContext(sb, service, undefined));
      assert.equal(review.status, 'invalid');
      assert.ok(review.status === 'invalid');
      assert.deepEqual(Object.keys(review.errors), [c.field], JSON.stringify(review.errors));
      assert.match(review.errors[c.field]!, c.sentence);
      assert.deepEqual(comparable(await sb.hooks.state()), before);
    });
  }

  void it('the sandbox itself refuses a subscription past the per-user limit, as APIM does', async () => {
    await assert.rejects(
      sb
        .apim()
        .subscription.createOrUpdate(RG, SVC, 'admin-starter-2', { displayName: 'Again', scope: '/products/starter', ownerId: '/users/1' }),
      (e: { statusCode?: number; code?: string; message?: string }) =>
        e.statusCode === 400 && e.code === 'ValidationError' && e.message === 'Subscriptions limit reached for same user',
    );
  });
});
