// The pure planning of "Add Backend to Pool…", "Edit Pool…" and "Remove from Pool": what the policy routes to, which
// writes each plan makes (and only those), the merged policy Review shows, the other APIs named, one sentence per bad input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergePolicyXml } from '../../src/domain/import/policyXml';
import { planAddMember, type AddMemberRequest } from '../../src/domain/pools/addMemberPlan';
import { breakerRule, DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import { planEditPool, planRemoveMember } from '../../src/domain/pools/editPoolPlan';
import type { PoolEditOutcome } from '../../src/domain/pools/poolEditCommon';
import { breakerSettingsOf, isoToSeconds, type BackendFact, type PoolEditFacts } from '../../src/domain/pools/poolFacts';
import { readPolicyFacts } from '../../src/domain/pools/policyRouting';

const policy = (inbound: string, backend = '<base />') =>
  `<policies><inbound><base />${inbound}</inbound><backend>${backend}</backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;
const RETRY =
  '<retry count="1" interval="0" first-fast-retry="true" condition="@(true)"><set-backend-service backend-id="chat-pool" /><forward-request buffer-request-body="true" /></retry>';

const single = (id: string, extra: Partial<BackendFact> = {}): BackendFact => ({
  id,
  type: 'Single',
  url: `https://${id}.example.com/v1`,
  breakerRules: [],
  members: [],
  ...extra,
});
const rule = breakerRule(DEFAULT_BREAKER);
const ruleFact = { name: rule.name, ...rule.failureCondition, tripDuration: rule.tripDuration, acceptRetryAfter: rule.acceptRetryAfter };

function facts(apiPolicy: string, backends: BackendFact[], others: Array<[string, string]> = []): PoolEditFacts {
  return {
    apiId: 'chat',
    apis: [
      { apiId: 'chat', displayName: 'Chat', policy: readPolicyFacts(apiPolicy), policyXml: apiPolicy },
      ...others.map(([id, xml]) => ({ apiId: id, displayName: id.toUpperCase(), policy: readPolicyFacts(xml) })),
    ],
    backends,
    namedValueIds: ['chat-key'],
  };
}

const singleFacts = (others: Array<[string, string]> = []) =>
  facts(
    policy('<set-backend-service backend-id="chat-backend" />'),
    [
      single('chat-backend', { keyHeader: { name: 'api-key', valueFormat: '{key}' } }),
      single('spare'),
      { ...single('other-pool'), type: 'Pool', members: [{ backendId: 'spare', priority: 1, weight: 1 }] },
    ],
    others,
  );
const pooledFacts = (members = 2, others: Array<[string, string]> = []) =>
  facts(
    policy('<set-backend-service backend-id="chat-pool" />', RETRY),
    [
      single('chat-backend', { breakerRules: [ruleFact] }),
      single('chat-backend-2', { breakerRules: [ruleFact] }),
      single('spare'),
      {
        id: 'chat-pool',
        type: 'Pool',
        breakerRules: [],
        members: [
          { backendId: 'chat-backend', priority: 1, weight: 1 },
          { backendId: 'chat-backend-2', priority: 2, weight: 1 },
        ].slice(0, members),
      },
    ],
    others,
  );

const url = (u: string, extra: Partial<AddMemberRequest> = {}): AddMemberRequest => ({
  member: { kind: 'url', url: u, keyHeader: { name: 'api-key', valueFormat: '{key}' } },
  priority: 1,
  weight: 1,
  breaker: DEFAULT_BREAKER,
  ...extra,
});
const ready = (o: PoolEditOutcome) => {
  assert.equal(o.status, 'ready', o.status === 'invalid' ? o.message : '');
  return o;
};
const sentence = (o: PoolEditOutcome): string => {
  assert.equal(o.status, 'invalid');
  return o.status === 'invalid' ? o.message : '';
};

void describe('policy routing', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['a backend', policy('<set-backend-service backend-id="b" />'), 'backend'],
    ['no policy', undefined, 'noPolicy'],
    ['the service URL', policy(''), 'serviceUrl'],
    ['a condition', policy('<choose><when condition="@(true)"><set-backend-service backend-id="b" /></when></choose>'), 'conditional'],
    ['broken XML', '<policies><inbound>', 'unreadable'],
  ];
  for (const [what, xml, expected] of cases) {
    void it(`reads ${what}`, () => {
      const r = readPolicyFacts(xml).routing;
      assert.equal(r.kind === 'backend' ? 'backend' : r.reason, expected);
    });
  }
  void it('collects every backend id and the managed identity', () => {
    const f = readPolicyFacts(policy('<authentication-managed-identity resource="x" /><set-backend-service backend-id="A" />', RETRY));
    assert.deepEqual(f.backendIds, ['a', 'chat-pool']);
    assert.equal(f.managedIdentity, true);
  });
});

void describe('Add Backend to Pool', () => {
  void it('turns a single backend into a pool: key, member, breaker on the current backend, pool, merged policy', () => {
    const o = ready(planAddMember(singleFacts(), url('https://second.example.com/v1')));
    assert.deepEqual(
      o.plan.steps.map((s) => s.id),
      ['namedValue:chat-backend-2-key', 'backend:chat-backend-2', 'backendBreaker:chat-backend', 'backendPool:chat-pool', 'apiPolicy:chat'],
    );
    const pool = o.plan.steps.find((s) => s.kind === 'backendPool')!;
    assert.deepEqual(pool.dependsOn, ['backend:chat-backend-2', 'backendBreaker:chat-backend']);
    const preview = o.plan.steps.at(-1)!.preview!;
    assert.match(preview, /<set-backend-service backend-id="chat-pool"\/>/);
    assert.match(preview, /<backend>\s*<retry count="1"/);
    assert.doesNotMatch(preview, /chat-backend"/);
    assert.deepEqual(o.shared, []);
  });

  void it('adds to an existing pool: pool updated, retry count follows, nothing else written', () => {
    const o = ready(planAddMember(pooledFacts(), { ...url('x'), member: { kind: 'existing', backendId: 'spare' } }));
    assert.deepEqual(
      o.plan.steps.map((s) => s.id),
      ['backendBreaker:spare', 'backendPool:chat-pool', 'apiPolicy:chat'],
    );
    assert.match(o.plan.steps.at(-1)!.preview!, /<retry count="2"/);
    assert.equal(o.plan.steps[1].onExisting, 'update');
    assert.deepEqual(o.shared, [], 'spare is in other-pool, which no API uses');
  });

  void it('names the APIs that use a changed backend or pool', () => {
    const other = policy('<set-backend-service backend-id="chat-pool" />');
    const o = ready(planAddMember(pooledFacts(2, [['team-api', other]]), url('https://third.example.com')));
    assert.deepEqual(o.shared, [
      '"chat-pool" is also used by "TEAM-API": the pool serves their requests too, so "chat-backend-3" will receive them as well.',
    ]);
  });

  void it('an Azure OpenAI account: identity, role, then the backend; only on an API signed by the managed identity', () => {
    const request: AddMemberRequest = {
      ...url('x'),
      member: {
        kind: 'azureOpenAi',
        account: {
          id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/east',
          name: 'east',
          subscriptionId: 's',
          endpoint: 'https://east.openai.azure.com/',
        },
        deployment: 'gpt-4o-mini',
        service: { name: 'apim', identityType: 'SystemAssigned', userAssignedIdentities: [] },
      },
    };
    assert.match(sentence(planAddMember(singleFacts(), request)), /does not authenticate with the instance's managed identity/);
    const mi = facts(
      policy(
        '<authentication-managed-identity resource="https://cognitiveservices.azure.com" /><set-backend-service backend-id="chat-backend" />',
      ),
      [single('chat-backend', { url: 'https://west.openai.azure.com/openai' })],
    );
    const o = ready(planAddMember(mi, request));
    assert.deepEqual(
      o.plan.steps.map((s) => s.kind),
      ['serviceIdentity', 'roleAssignment', 'backend', 'backendBreaker', 'backendPool', 'apiPolicy'],
    );
    const backend = o.plan.steps.find((s) => s.id === 'backend:chat-backend-2')!;
    assert.equal((backend.payload as { url: string }).url, 'https://east.openai.azure.com/openai');
    assert.deepEqual(backend.dependsOn, ['roleAssignment:east']);
  });

  void it('bad input: one sentence each', () => {
    const f = singleFacts();
    assert.match(sentence(planAddMember(f, url('https://b.example.com', { weight: 0 }))), /weight of .* from 1 to 100/);
    assert.match(sentence(planAddMember(f, url('https://b.example.com', { weight: 1001 }))), /weight of .* from 1 to 100/);
    assert.match(sentence(planAddMember(f, url('https://b.example.com', { priority: 0 }))), /priority of .* from 1/);
    assert.match(sentence(planAddMember(f, { ...url('x'), member: { kind: 'existing', backendId: 'chat-backend' } })), /in the pool twice/);
    assert.match(
      sentence(planAddMember(f, { ...url('x'), member: { kind: 'existing', backendId: 'other-pool' } })),
      /is a pool, and a pool can only contain single backends/,
    );
    assert.match(
      sentence(planAddMember(f, { ...url('x'), member: { kind: 'existing', backendId: 'nope' } })),
      /There is no backend "nope"/,
    );
    assert.match(sentence(planAddMember(f, url('https://chat-backend.example.com/v1/'))), /already sends the pool's requests/);
    assert.match(sentence(planAddMember(f, url('ftp://x'))), /must start with https:\/\//);
    assert.match(sentence(planAddMember(facts(policy(''), []), url('https://b.example.com'))), /service URL, not to a backend/);
  });
});

void describe('Edit Pool and Remove from Pool', () => {
  const members = (weight: number) => [
    { backendId: 'chat-backend', priority: 1, weight, breaker: DEFAULT_BREAKER },
    { backendId: 'chat-backend-2', priority: 2, weight: 1, breaker: DEFAULT_BREAKER },
  ];
  void it('writes only what changed', () => {
    assert.deepEqual(
      ready(planEditPool(pooledFacts(), members(5))).plan.steps.map((s) => s.id),
      ['backendPool:chat-pool'],
    );
    assert.match(sentence(planEditPool(pooledFacts(), members(1))), /Nothing changed/);
    assert.match(sentence(planEditPool(pooledFacts(), members(0))), /weight of "chat-backend" must be a whole number from 1 to 100/);
    assert.match(sentence(planEditPool(pooledFacts(), members(1).slice(0, 1))), /changed since they were read/);
    assert.match(sentence(planEditPool(singleFacts(), members(1))), /not to a pool\. Use Add Backend to Pool/);
  });

  void it('the last-but-one member: back to one backend, the pool deleted after the policy no longer names it', () => {
    const o = ready(planRemoveMember(pooledFacts(), { backendId: 'chat-backend-2', toSingle: true }));
    assert.deepEqual(
      o.plan.steps.map((s) => s.id),
      ['apiPolicy:chat', 'backendDelete:chat-pool'],
    );
    assert.deepEqual(o.plan.steps[1].dependsOn, ['apiPolicy:chat']);
    const preview = o.plan.steps[0].preview!;
    assert.match(preview, /<set-backend-service backend-id="chat-backend"\/>/);
    assert.match(preview, /<backend>\s*<base\/>\s*<\/backend>/);
    const kept = ready(planRemoveMember(pooledFacts(), { backendId: 'chat-backend-2', toSingle: false }));
    assert.deepEqual(
      kept.plan.steps.map((s) => s.id),
      ['backendPool:chat-pool', 'apiPolicy:chat'],
    );
    assert.match(kept.plan.steps[1].preview!, /<retry count="0"/);
  });

  void it('refuses an empty pool and a backend that is not a member', () => {
    assert.match(sentence(planRemoveMember(pooledFacts(1), { backendId: 'chat-backend', toSingle: true })), /a pool cannot be empty/);
    assert.match(
      sentence(planRemoveMember(pooledFacts(), { backendId: 'spare', toSingle: false })),
      /is not a member of the pool "chat-pool"/,
    );
  });
});

void describe('policy removal and breaker reading', () => {
  void it('takes out only the matching retry and keeps what we do not manage', () => {
    const xml = policy(
      '<set-backend-service backend-id="chat-pool" /><set-header name="x" exists-action="override"><value>1</value></set-header>',
      `${RETRY}<retry count="3" condition="@(false)"><forward-request /></retry>`,
    );
    const out = mergePolicyXml(
      xml,
      { inbound: [{ name: 'set-backend-service', attributes: [['backend-id', 'b']] }] },
      {
        backend: [{ name: 'retry', children: [{ name: 'set-backend-service', attributes: [['backend-id', 'chat-pool']] }] }],
      },
    );
    assert.match(out, /<set-header name="x"/);
    assert.match(out, /<retry count="3"/, 'a retry of someone else stays');
    assert.doesNotMatch(out, /chat-pool/);
  });

  void it('reads back the rules it writes and refuses what it cannot edit', () => {
    assert.deepEqual(breakerSettingsOf(ruleFact), DEFAULT_BREAKER);
    assert.equal(breakerSettingsOf({ ...ruleFact, percentage: 50 }), undefined);
    assert.equal(breakerSettingsOf({ ...ruleFact, statusCodeRanges: [{ min: 400, max: 499 }] }), undefined);
    assert.equal(isoToSeconds('PT1H30M'), 5400);
    assert.equal(isoToSeconds('P1D'), undefined);
  });
});
