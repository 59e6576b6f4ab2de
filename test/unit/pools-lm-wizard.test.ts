// The Language Model mode's Backends section as the host sees it: the plan for one and three members (a secret named
// value and a header credential per member, the pool, the policy on it with the labs' retry), the checks of weights,
// duplicate URLs and the members' keys, each key kept under its own secret name — and 1,000 random messages at the
// key and pool parts of the wizard's requests: no crash, one sentence per rejection, never a key in what comes back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AzureClients } from '../../src/azure/clients';
import type { LmApiForm, LmExtraBackend } from '../../src/domain/import/lmApiForm';
import { buildLmApiPlan, LM_API_KEY_SECRET, lmExtraKeySecret } from '../../src/domain/import/lmApiPlan';
import { validateLmApiForm } from '../../src/domain/import/validation';
import { DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import { ImportWizardController } from '../../src/importWizard/importWizardController';
import { languageModelMode } from '../../src/importWizard/languageModelMode';
import type { WizardEvent } from '../../src/protocol/importWizard';
import { geminiForm } from './helpers/lmForms';

const member = (priority: number, weight = 1) => ({ priority, weight, breaker: DEFAULT_BREAKER });
const extra = (url: string, priority = 2, weight = 1): LmExtraBackend => ({ ...member(priority, weight), url });
const pooled = (extras: LmExtraBackend[], primary = member(1)): LmApiForm => ({
  ...geminiForm,
  displayName: 'Spread',
  pool: { primary, extra: extras },
});

type Payload = Record<string, unknown>;
const payloadOf = (plan: ReturnType<typeof buildLmApiPlan>, id: string): Payload => {
  const step = plan.steps.find((s) => s.id === id);
  assert.ok(step, `${id} in ${plan.steps.map((s) => s.id).join(', ')}`);
  return step.payload;
};

void describe('Language Model API plan over more URLs', () => {
  void it('with one member: one named value, one backend, the policy on it, no pool and no retry', () => {
    const plan = buildLmApiPlan({ ...geminiForm, displayName: 'Spread' }, { hasKey: true, onExisting: 'conflict' });
    assert.deepEqual(
      plan.steps.map((s) => s.kind),
      ['namedValue', 'backend', 'api', 'operation', 'apiPolicy'],
    );
    const xml = plan.steps.find((s) => s.kind === 'apiPolicy')!.preview ?? '';
    assert.match(xml, /<set-backend-service backend-id="spread-backend"\/>/);
    assert.doesNotMatch(xml, /<retry/);
  });

  void it('with three members: a secret named value and a header credential from it per member, the pool, the retry', () => {
    const form = pooled([extra('https://b.example/v1', 1, 3), extra('https://c.example/v1/', 2)]);
    const plan = buildLmApiPlan(form, { hasKey: true, onExisting: 'conflict' });
    assert.deepEqual(
      plan.steps.map((s) => s.id),
      [
        'namedValue:spread-key',
        'namedValue:spread-key-2',
        'namedValue:spread-key-3',
        'backend:spread-backend',
        'backend:spread-backend-2',
        'backend:spread-backend-3',
        'backendPool:spread-pool',
        'api:spread',
        'operation:spread/chat-completions',
        'apiPolicy:spread',
      ],
    );
    // Each member's key is its own secret, referred to by name, and its backend sends it from that named value.
    const secrets = ['', '-2', '-3'].map((n) => (payloadOf(plan, `namedValue:spread-key${n}`).value as { secretRef: string }).secretRef);
    assert.deepEqual(secrets, [LM_API_KEY_SECRET, lmExtraKeySecret(0), lmExtraKeySecret(1)]);
    assert.equal(new Set(secrets).size, 3);
    for (const n of ['', '-2', '-3']) {
      const backend = plan.steps.find((s) => s.id === `backend:spread-backend${n}`)!;
      assert.deepEqual((backend.payload as { credentialsHeader?: unknown }).credentialsHeader, {
        name: 'Authorization',
        namedValueId: `spread-key${n}`,
      });
      assert.deepEqual(backend.dependsOn, [`namedValue:spread-key${n}`]);
      assert.match(backend.title, /circuit breaker trips after 1 failure \(429, 5xx\) in 1 min for 1 min or as long as Retry-After asks/);
    }
    assert.equal(payloadOf(plan, 'backend:spread-backend-3').url, 'https://c.example/v1');
    assert.deepEqual(payloadOf(plan, 'backendPool:spread-pool').members, [
      { backendId: 'spread-backend', priority: 1, weight: 1 },
      { backendId: 'spread-backend-2', priority: 1, weight: 3 },
      { backendId: 'spread-backend-3', priority: 2, weight: 1 },
    ]);
    const policy = plan.steps.find((s) => s.kind === 'apiPolicy')!;
    assert.deepEqual(policy.dependsOn, ['api:spread', 'backendPool:spread-pool']);
    const xml = policy.preview ?? '';
    assert.match(xml, /<set-backend-service backend-id="spread-pool"\/>/);
    assert.doesNotMatch(xml, /backend-id="spread-backend"/);
    assert.match(
      xml,
      /<retry count="2" interval="0" first-fast-retry="true" condition="@\(context\.Response\.StatusCode == 429 \|\| context\.Response\.StatusCode == 503\)">/,
    );
    assert.match(xml, /<forward-request buffer-request-body="true"\/>/);
  });

  void it('plans no named value for a member without a key (a provider that needs none), and a credential for the others', () => {
    const form = { ...pooled([extra('https://b.example/v1'), extra('https://c.example/v1')]), provider: 'ollama' as const };
    const plan = buildLmApiPlan(form, { hasKey: false, extraHasKey: [true, false], onExisting: 'conflict' });
    assert.deepEqual(
      plan.steps.filter((s) => s.kind === 'namedValue').map((s) => s.id),
      ['namedValue:spread-key-2'],
    );
    assert.equal(payloadOf(plan, 'backend:spread-backend').credentialsHeader, undefined);
    assert.equal(payloadOf(plan, 'backend:spread-backend-3').credentialsHeader, undefined);
  });

  void it('holds each member its own key by the secret name its named value refers to, and no empty one', () => {
    const input = {
      mode: 'languageModel' as const,
      form: pooled([extra('https://b.example/v1'), extra('https://c.example/v1')]),
      onExisting: 'conflict' as const,
    };
    const secrets = languageModelMode.secrets(input, { key: 'k-one', backendKeys: ['k-two', ''] });
    assert.deepEqual(
      [...secrets],
      [
        [LM_API_KEY_SECRET, 'k-one'],
        [lmExtraKeySecret(0), 'k-two'],
      ],
    );
  });
});

void describe('Language Model API pool checks', () => {
  const errorsOf = (form: LmApiForm, keys: string[] = form.pool?.extra.map(() => 'sk-other') ?? []) =>
    validateLmApiForm(form, {}, 'sk-first', keys) as Record<string, string | undefined>;

  const cases: Array<[string, LmApiForm, string, RegExp]> = [
    [
      'weight 0',
      pooled([extra('https://b.example/v1', 2, 0)]),
      'pool.1.weight',
      /^The weight of "https:\/\/b\.example\/v1" must be a whole number from 1 to 100\.$/,
    ],
    ['weight 101', pooled([extra('https://b.example/v1', 2, 101)]), 'pool.1.weight', /must be a whole number from 1 to 100\.$/],
    [
      'weight 1.5 on the first',
      pooled([extra('https://b.example/v1')], member(1, 1.5)),
      'pool.0.weight',
      /^The weight of "https:\/\/generativelanguage/,
    ],
    [
      'the same URL as the first (case and trailing slash aside)',
      pooled([extra('HTTPS://generativelanguage.googleapis.com/v1beta/openai/')]),
      'pool.1.member',
      /^"HTTPS:\/\/generativelanguage\.googleapis\.co…" is in the pool twice\. Remove one of them\.$/,
    ],
    [
      'the same extra URL twice',
      pooled([extra('https://b.example/v1'), extra('https://b.example/v1')]),
      'pool.2.member',
      /^"https:\/\/b\.example\/v1" is in the pool twice\. Remove one of them\.$/,
    ],
    ['an extra URL that is not https', pooled([extra('ftp://b.example/v1')]), 'pool.1.member', /\.$/],
    [
      'priority 0',
      pooled([extra('https://b.example/v1', 0)]),
      'pool.1.priority',
      /^The priority of "https:\/\/b\.example\/v1" must be a whole number from 1 \(tried first\) to 100\.$/,
    ],
  ];
  for (const [name, form, field, message] of cases) {
    void it(`refuses ${name} with one sentence beside the member`, () => {
      const errors = errorsOf(form);
      assert.match(errors[field] ?? '', message, JSON.stringify(errors));
      assert.ok(!(errors[field] ?? '').includes('\n'));
    });
  }

  void it('needs a key per extra backend of a provider that needs keys, and checks it like the first, never quoting it', () => {
    const form = pooled([extra('https://b.example/v1'), extra('https://c.example/v1')]);
    const errors = errorsOf(form, ['', 'Bearer sk-secret-value']);
    assert.equal(errors['pool.1.key'], 'Enter the API key of backend 2.');
    assert.equal(errors['pool.2.key'], 'The key of backend 3 already starts with "Bearer". Enter the key only; "Bearer" is added for you.');
    assert.doesNotMatch(JSON.stringify(errors), /sk-secret-value/);
    assert.deepEqual(errorsOf({ ...form, provider: 'ollama' }, ['', '']), {});
  });

  void it('refuses keys that do not match the backends one to one', () => {
    const errors = errorsOf(pooled([extra('https://b.example/v1')]), ['a', 'b']);
    assert.equal(errors['pool.members.member'], 'The wizard sent 2 keys for 1 more backend. Close the wizard and open it again.');
    assert.ok(errorsOf(geminiForm, ['stray'])['pool.members.member']);
  });

  void it('accepts a valid pool with its keys', () => assert.deepEqual(errorsOf(pooled([extra('https://b.example/v1')])), {}));
});

void describe('1,000 random messages at the key and pool parts of the wizard requests', () => {
  /** Deterministic, so that a failure can be replayed. */
  function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const rnd = random(11);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  let keyCount = 0;
  /** Every key is unique and recognisable, so that any echo of one is found. */
  const aKey = (): string => `sk-fuzz-${++keyCount}-${Math.floor(rnd() * 1e9)}`;
  const oddValue = (): unknown =>
    pick<unknown>([undefined, null, 0, -1, 1.5, 101, 1e9, Number.NaN, '', '2', 'x'.repeat(5000), [], {}, true, { toString: 'x' }, ['a']]);
  /** How often a part is malformed in this message: never, seldom or often, so that every outcome is reached. */
  let chaos = 0;
  const odd = (): boolean => rnd() < chaos;
  const oddBreaker = (): unknown =>
    odd()
      ? oddValue()
      : {
          ...DEFAULT_BREAKER,
          ...(odd() ? { [pick(['failureCount', 'tripSeconds', 'on429', 'on5xx', 'acceptRetryAfter'])]: oddValue() } : {}),
        };
  const oddMember = (withUrl: boolean): unknown => {
    if (odd()) return oddValue();
    const m: Record<string, unknown> = {
      priority: odd() ? oddValue() : pick([1, 1, 2, 3, 100, 0, 101]),
      weight: odd() ? oddValue() : pick([1, 1, 50, 100, 0, 101, 1.5]),
      breaker: oddBreaker(),
    };
    if (withUrl) {
      m.url = odd() ? oddValue() : pick(['https://b.example/v1', 'https://c.example/v1', 'https://d.example', geminiForm.url, 'not a url']);
    }
    return m;
  };
  const oddKeys = (n: number): unknown => {
    const keys = Array.from({ length: n }, () => (odd() ? pick(['', ' padded ', 'line\nbreak', 'Bearer ' + aKey(), oddValue()]) : aKey()));
    return odd() ? pick([oddValue(), keys.slice(1), [...keys, aKey()], Array.from({ length: 12 }, aKey)]) : keys;
  };
  function message(): { raw: Record<string, unknown>; keys: string[] } {
    chaos = pick([0, 0.02, 0.3]);
    const extras = Math.floor(rnd() * 4);
    const pool = odd()
      ? oddValue()
      : { primary: oddMember(false), extra: odd() ? oddValue() : Array.from({ length: extras }, () => oddMember(true)) };
    const key = odd() ? oddValue() : aKey();
    const backendKeys = oddKeys(extras);
    const raw: Record<string, unknown> = {
      type: pick(['review', 'create', 'useNewPath']),
      requestId: odd() ? oddValue() : Math.floor(rnd() * 1000),
      input: {
        mode: 'languageModel',
        form: { ...geminiForm, displayName: 'Fuzz', path: 'fuzz', ...(rnd() < 0.9 ? { pool } : {}) },
        onExisting: 'conflict',
      },
      key,
      ...(odd() ? {} : { backendKeys }),
    };
    const keys = [key, ...(Array.isArray(backendKeys) ? (backendKeys as unknown[]) : [])].filter(
      (k): k is string => typeof k === 'string' && k.includes('sk-fuzz'),
    );
    return { raw, keys: keys.map((k) => k.replace(/^Bearer /, '')) };
  }

  void it('never throws, answers each with one sentence per rejection, and never echoes a key', async () => {
    // A client that refuses every call: a message that passes every check ends at the first read of Azure, as an error.
    const refusing = new Proxy({}, { get: () => () => Promise.reject(new Error('No Azure in this test.')) }) as unknown as AzureClients;
    const events: WizardEvent[] = [];
    const logs: string[] = [];
    const controller = new ImportWizardController({
      clients: refusing,
      service: {
        id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.ApiManagement/service/a',
        subscriptionId: 's',
        resourceGroup: 'r',
        name: 'a',
      },
      post: (e) => events.push(e),
      log: (l) => logs.push(l),
      doneAction: () => Promise.resolve(),
      loadFacts: () => Promise.resolve({ products: [], backends: [], embeddingsBackends: [], existingApis: [] }),
    });
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const { raw, keys } = message();
      events.length = 0;
      logs.length = 0;
      await controller.handle(raw);
      const answers = events.filter((e) => e.type === 'error' || e.type === 'invalid' || e.type === 'reviewReady' || e.type === 'finished');
      assert.equal(answers.length, 1, `message ${i}: ${JSON.stringify(events)}`);
      const answer = answers[0];
      const outcome = answer.type === 'error' && answer.message.startsWith('The wizard sent a request') ? 'refused' : answer.type;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      const sentences = answer.type === 'invalid' ? Object.values(answer.errors) : answer.type === 'error' ? [answer.message] : [];
      for (const s of sentences) {
        assert.equal(typeof s, 'string');
        assert.match(s!, /^\S.*[.)]$/, `message ${i}: ${s}`);
        assert.ok(!s!.includes('\n') && s!.length < 400, `message ${i}: ${s}`);
      }
      const said = JSON.stringify(events) + logs.join('\n');
      for (const k of keys) assert.ok(!said.includes(k), `message ${i} echoed a key: ${said}`);
    }
    // The random messages reach every outcome: refused as a message, refused by a check, and valid up to Azure.
    for (const outcome of ['refused', 'invalid', 'error']) {
      assert.ok((outcomes.get(outcome) ?? 0) >= 20, `${outcome}: ${JSON.stringify([...outcomes])}`);
    }
  });
});
