// Pools in the domain: one clear sentence per bad input, the breaker rule in ARM's terms, the plan's steps and the
// policy that routes to the pool with the labs' retry in place of <base /> in backend.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLmApiPlan } from '../../src/domain/import/lmApiPlan';
import { buildPolicyXml, mergePolicyXml } from '../../src/domain/import/policyXml';
import { breakerRule, DEFAULT_BREAKER, describeBreaker, isoSeconds } from '../../src/domain/pools/breakerRule';
import { poolBackendSection } from '../../src/domain/pools/poolPolicy';
import { poolProblems, type PoolMemberDraft } from '../../src/domain/pools/poolValidation';
import { geminiForm } from './helpers/lmForms';

const member = (label: string, overrides: Partial<PoolMemberDraft> = {}): PoolMemberDraft => ({
  label: `"${label}"`,
  identity: label,
  priority: 1,
  weight: 1,
  breaker: DEFAULT_BREAKER,
  ...overrides,
});

void describe('pool validation', () => {
  const cases: Array<[string, PoolMemberDraft[], RegExp]> = [
    ['an empty pool', [], /^A pool needs at least one backend\. Add a backend to the pool\.$/],
    ['weight 0', [member('a', { weight: 0 })], /^The weight of "a" must be a whole number from 1 to 100\.$/],
    ['weight above 100', [member('a', { weight: 101 })], /^The weight of "a" must be a whole number from 1 to 100\.$/],
    ['weight 1,001', [member('a', { weight: 1001 })], /^The weight of "a" must be a whole number from 1 to 100\.$/],
    ['a fractional weight', [member('a', { weight: 1.5 })], /weight of "a"/],
    ['priority 0', [member('a', { priority: 0 })], /^The priority of "a" must be a whole number from 1 \(tried first\) to 100\.$/],
    ['a duplicate member', [member('a'), member('a')], /^"a" is in the pool twice\. Remove one of them\.$/],
    [
      'a pool as a member',
      [member('p', { isPool: true })],
      /^"p" is a pool, and a pool can only contain single backends\. Add its members instead\.$/,
    ],
    [
      'no failure kind',
      [member('a', { breaker: { ...DEFAULT_BREAKER, on429: false, on5xx: false } })],
      /needs at least one kind of failure/,
    ],
    ['a trip of 0 s', [member('a', { breaker: { ...DEFAULT_BREAKER, tripSeconds: 0 } })], /trip duration of "a"/],
  ];
  for (const [name, members, message] of cases) {
    void it(`refuses ${name} in one sentence`, () => {
      const problems = poolProblems(members);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0].message, message);
    });
  }
  void it('accepts a valid pool', () => assert.deepEqual(poolProblems([member('a'), member('b', { priority: 2, weight: 100 })]), []));
});

void describe('breaker rule', () => {
  void it('defaults to the labs’ rule: 429 and 5xx, one failure in a minute, a minute or Retry-After', () => {
    assert.deepEqual(breakerRule(DEFAULT_BREAKER), {
      name: 'llm-throttling-and-errors',
      failureCondition: {
        count: 1,
        interval: 'PT1M',
        statusCodeRanges: [
          { min: 429, max: 429 },
          { min: 500, max: 599 },
        ],
      },
      tripDuration: 'PT1M',
      acceptRetryAfter: true,
    });
    assert.equal(
      describeBreaker(breakerRule(DEFAULT_BREAKER)),
      'trips after 1 failure (429, 5xx) in 1 min for 1 min or as long as Retry-After asks',
    );
  });
  void it('writes ISO 8601 durations', () => assert.deepEqual([30, 60, 90, 3600].map(isoSeconds), ['PT30S', 'PT1M', 'PT90S', 'PT1H']));
});

void describe('pool policy', () => {
  void it('a new policy forwards once: the retry takes the place of <base /> in backend', () => {
    const xml = buildPolicyXml({ backend: poolBackendSection('p', 3) });
    assert.match(
      xml,
      /<backend>\s*<retry count="2" interval="0" first-fast-retry="true" condition="@\(context\.Response\.StatusCode == 429 \|\| context\.Response\.StatusCode == 503\)">/,
    );
    assert.match(xml, /<set-backend-service backend-id="p"\/>\s*<forward-request buffer-request-body="true"\/>/);
    assert.doesNotMatch(xml.slice(xml.indexOf('<backend>'), xml.indexOf('</backend>')), /<base\/>/);
  });
  void it('merged into an existing policy, it replaces <base /> and a plain forward-request and keeps the rest', () => {
    const existing =
      '<policies><inbound><base /><rate-limit calls="5" renewal-period="60" /></inbound><backend><base /><forward-request timeout="20" /></backend><outbound><base /></outbound></policies>';
    const merged = mergePolicyXml(existing, { backend: poolBackendSection('p', 2) });
    const backend = merged.slice(merged.indexOf('<backend>'), merged.indexOf('</backend>'));
    assert.doesNotMatch(backend, /<base\/>|<forward-request timeout/);
    assert.match(backend, /<retry count="1"/);
    assert.match(merged, /<rate-limit calls="5" renewal-period="60"\/>/);
    assert.equal(mergePolicyXml(merged, { backend: poolBackendSection('p', 2) }), merged, 'merging again changes nothing');
  });
});

void describe('Language Model API plan with a pool', () => {
  void it('writes a key and a backend with its breaker per member, then the pool, then the policy on the pool', () => {
    const form = {
      ...geminiForm,
      pool: {
        primary: { priority: 1, weight: 1, breaker: DEFAULT_BREAKER },
        extra: [{ url: 'https://other.example/v1/', priority: 2, weight: 1, breaker: DEFAULT_BREAKER }],
      },
    };
    const plan = buildLmApiPlan(form, { hasKey: true, onExisting: 'conflict' });
    const ids = plan.steps.map((s) => s.id);
    const base = ids.find((i) => i.startsWith('backend:'))!.slice('backend:'.length);
    const stem = base.slice(0, -'-backend'.length);
    for (const id of [
      `namedValue:${stem}-key`,
      `namedValue:${stem}-key-2`,
      `backend:${base}`,
      `backend:${base}-2`,
      `backendPool:${stem}-pool`,
    ]) {
      assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
    }
    const pool = plan.steps.find((s) => s.kind === 'backendPool')!;
    assert.deepEqual(pool.dependsOn, [`backend:${base}`, `backend:${base}-2`]);
    const policy = plan.steps.find((s) => s.kind === 'apiPolicy')!;
    assert.deepEqual(policy.dependsOn, [`api:${stem}`, pool.id]);
    assert.match(policy.preview ?? '', new RegExp(`<set-backend-service backend-id="${stem}-pool"/>`));
    const second = plan.steps.find((s) => s.id === `backend:${base}-2`)!;
    assert.equal((second.payload as { url: string }).url, 'https://other.example/v1');
    assert.match(second.title, /circuit breaker trips after 1 failure/);
    assert.doesNotMatch(JSON.stringify(plan), /secret-value/);
  });
});
