// The onboarding's pure core: ids from the team name, validation (one sentence per field), the plan's steps and order,
// and the per-subscription token limit policy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TeamFacts } from '../../src/domain/teams/teamFacts';
import type { TeamForm } from '../../src/domain/teams/teamForm';
import { hasIdSource, teamIds } from '../../src/domain/teams/teamNames';
import { buildTeamPlan } from '../../src/domain/teams/teamPlan';
import { validateTeamForm, validateTeamName } from '../../src/domain/teams/teamValidation';

const FACTS: TeamFacts = {
  products: [{ id: 'starter', displayName: 'Starter', subscriptionsLimit: 1 }],
  apis: [
    { id: 'openai-chat', displayName: 'OpenAI chat', llm: true },
    { id: 'echo-api', displayName: 'Echo API', llm: false },
  ],
  users: [{ id: '1', label: 'Administrator <admin@contoso.com>' }],
  subscriptions: [{ id: 'master', scope: '/apis', state: 'active' }],
};

const FORM: TeamForm = {
  teamName: 'Search team',
  product: { mode: 'new', productId: 'search-team', displayName: 'Search team', description: '', published: true, approvalRequired: false },
  apiIds: ['openai-chat'],
  limits: { tokensPerMinute: 1000, tokenQuota: 100_000, tokenQuotaPeriod: 'Monthly' },
  subscription: { subscriptionId: 'search-team', displayName: 'Search team key', ownerUserId: '1' },
};

void describe('team ids and names', () => {
  for (const [name, ids] of [
    ['Search team', 'search-team'],
    ['Équipe Données & IA', 'equipe-donnees-ia'],
    ['  R&D 2  ', 'r-d-2'],
  ] as const) {
    void it(`"${name}" → ${ids}`, () => assert.deepEqual(teamIds(name), { productId: ids, subscriptionId: ids }));
  }
  void it('a name of symbols has no id source and gets one sentence', () => {
    assert.equal(hasIdSource('!!! ???'), false);
    assert.match(validateTeamName('!!! ???') ?? '', /^The team name "!!! \?\?\?" has no letter or digit/);
    assert.equal(validateTeamName('Search team'), undefined);
  });
});

void describe('team form validation', () => {
  void it('accepts a valid form', () => assert.deepEqual(validateTeamForm(FORM, FACTS), {}));
  const cases: [string, TeamForm, string][] = [
    ['no APIs', { ...FORM, apiIds: [] }, 'apiIds'],
    ['an unknown API', { ...FORM, apiIds: ['nope'] }, 'apiIds'],
    ['tokens per minute of 0', { ...FORM, limits: { tokensPerMinute: 0 } }, 'tokensPerMinute'],
    ['a quota without a period', { ...FORM, limits: { tokenQuota: 5 } }, 'tokenQuota'],
    ['limits with neither rate nor quota', { ...FORM, limits: {} }, 'tokensPerMinute'],
    ['a taken subscription id', { ...FORM, subscription: { ...FORM.subscription, subscriptionId: 'master' } }, 'subscriptionId'],
    ['an unknown owner', { ...FORM, subscription: { ...FORM.subscription, ownerUserId: '42' } }, 'ownerUserId'],
    ['an existing product that does not exist', { ...FORM, product: { mode: 'existing', productId: 'gold' } }, 'productId'],
    ['a product id with capitals', { ...FORM, product: { ...FORM.product, productId: 'Search' } }, 'productId'],
    [
      'a subscription limit of 0',
      { ...FORM, product: { ...FORM.product, subscriptionsLimit: 0 } as TeamForm['product'] },
      'subscriptionsLimit',
    ],
  ];
  for (const [name, form, field] of cases) {
    void it(`${name}: one sentence on ${field}`, () => {
      const errors = validateTeamForm(form, FACTS);
      assert.deepEqual(Object.keys(errors), [field]);
      assert.match(Object.values(errors)[0] ?? '', /^[A-Z].*\.$/);
    });
  }
});

void describe('team plan', () => {
  void it('creates the product, links its APIs, sets its limits and creates the subscription last', () => {
    const plan = buildTeamPlan({ ...FORM, apiIds: ['openai-chat', 'echo-api'] });
    assert.deepEqual(
      plan.steps.map((s) => s.id),
      [
        'product:search-team',
        'productApi:search-team/openai-chat',
        'productApi:search-team/echo-api',
        'productPolicy:search-team',
        'subscription:search-team',
      ],
    );
    const sub = plan.steps.at(-1)!;
    assert.deepEqual(
      sub.dependsOn,
      plan.steps.slice(0, -1).map((s) => s.id),
    );
    const policy = plan.steps.find((s) => s.kind === 'productPolicy')!;
    assert.match(
      policy.preview ?? '',
      /<llm-token-limit counter-key="@\(context\.Subscription\.Id\)" tokens-per-minute="1000" token-quota="100000" token-quota-period="Monthly" estimate-prompt-tokens="true"/,
    );
    assert.equal(policy.onExisting, 'update');
  });
  void it('for an existing product without limits: links and the subscription only', () => {
    const plan = buildTeamPlan({ ...FORM, product: { mode: 'existing', productId: 'starter' }, limits: undefined });
    assert.deepEqual(
      plan.steps.map((s) => s.kind),
      ['productApi', 'subscription'],
    );
  });
  void it('holds no secret: the plan is plain JSON without keys', () => {
    assert.doesNotMatch(JSON.stringify(buildTeamPlan(FORM)), /primaryKey|secondaryKey|[0-9a-f]{32}/);
  });
});
