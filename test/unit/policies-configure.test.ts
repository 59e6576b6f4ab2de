// "Configure AI Policies…" without Azure: the policy XML read into the page's settings and back (round trip), edits
// that change only what changed (byte for byte elsewhere), hostile values, groups the page must leave alone, the
// line diff and the validation of what the user changed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LmApiPolicies } from '../../src/domain/import/lmApiForm';
import { lmApiPolicySections } from '../../src/domain/import/lmApiPolicy';
import { buildPolicyXml } from '../../src/domain/import/policyXml';
import { validateConfiguredPolicies } from '../../src/domain/policies/configureValidation';
import { lineDiff } from '../../src/domain/policies/lineDiff';
import { editPolicyXml } from '../../src/domain/policies/policyEdit';
import { readLlmLogging, readPolicySettings, type XmlPolicies } from '../../src/domain/policies/readPolicySettings';
import { llmApiPolicy } from '../../src/sandbox/seed';

const ALL: LmApiPolicies = {
  tokenLimit: {
    tokensPerMinute: 2000,
    tokenQuota: 100000,
    tokenQuotaPeriod: 'Monthly',
    counterKey: 'ip',
    remainingTokensHeader: true,
    consumedTokensHeader: false,
  },
  tokenMetrics: { namespace: 'ns', dimensions: ['API ID', 'Operation ID'] },
  semanticCache: { embeddingsBackendId: 'emb', scoreThreshold: 0.85, durationSeconds: 300 },
  contentSafety: {
    backendId: 'cs',
    shieldPrompt: true,
    categories: [
      { name: 'Hate', threshold: 2 },
      { name: 'Violence', threshold: 6 },
    ],
    blocklists: ['list-a', 'list_b'],
  },
};

const built = (p: LmApiPolicies): string => buildPolicyXml(lmApiPolicySections('backend-1', p));
/** The edit of `xml` from what it reads as to `change(read)`. */
const edit = (xml: string, change: (p: LmApiPolicies) => LmApiPolicies): string => {
  const read = readPolicySettings(xml);
  return editPolicyXml(xml, read.policies, change(read.policies), read.locked);
};
const changedLines = (a: string, b: string) => lineDiff(a, b).filter((l) => l.kind !== 'same');

void describe('reading the policy XML', () => {
  void it('round trip: built from settings, it reads back as those settings, and again after building what was read', () => {
    for (const p of [ALL, { tokenLimit: ALL.tokenLimit }, { tokenMetrics: ALL.tokenMetrics, contentSafety: ALL.contentSafety }, {}]) {
      const read = readPolicySettings(built(p));
      assert.deepEqual(read, { policies: p, locked: {} });
      assert.deepEqual(readPolicySettings(built(read.policies)).policies, read.policies);
    }
  });

  void it('reads the seeded API: token limit by subscription and metrics whose dimensions carry values', () => {
    assert.deepEqual(readPolicySettings(llmApiPolicy('b')).policies, {
      tokenLimit: { tokensPerMinute: 5000, counterKey: 'subscription', remainingTokensHeader: true, consumedTokensHeader: true },
      tokenMetrics: { namespace: 'ai-gateway', dimensions: ['API ID', 'Subscription ID'] },
    });
  });

  void it('reads the Azure OpenAI flavour as the same settings', () => {
    const azure = built(ALL).replace(/llm-(token-limit|emit-token-metric|semantic-cache-lookup|semantic-cache-store)/g, 'azure-openai-$1');
    assert.deepEqual(readPolicySettings(azure).policies, ALL);
  });

  void it('locks what it cannot represent, each with one sentence, and reads the rest', () => {
    const nested = built({ tokenMetrics: ALL.tokenMetrics }).replace(
      '<base/>',
      '<base/><choose><when condition="@(true)"><llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="1"/></when></choose>',
    );
    const cases: [string, keyof XmlPolicies, RegExp][] = [
      [nested, 'tokenLimit', /sits inside another policy element/],
      [
        built({ tokenLimit: ALL.tokenLimit }).replace(
          '@(context.Request.IpAddress)',
          '@(context.Request.Headers.GetValueOrDefault(&quot;x-team&quot;,&quot;&quot;))',
        ),
        'tokenLimit',
        /counter key/,
      ],
      [
        built({ tokenLimit: ALL.tokenLimit }).replace('tokens-per-minute="2000"', 'tokens-per-minute="@(2000)"'),
        'tokenLimit',
        /not a number/,
      ],
      [
        built({ tokenMetrics: ALL.tokenMetrics }).replace('<dimension name="API ID"/>', '<dimension name="Team" value="@(1)"/>'),
        'tokenMetrics',
        /dimension of its own/,
      ],
      [
        built({ tokenMetrics: ALL.tokenMetrics }).replace('</inbound>', '<llm-emit-token-metric namespace="x"/></inbound>'),
        'tokenMetrics',
        /appears 2 times/,
      ],
    ];
    for (const [xml, group, sentence] of cases) {
      const read = readPolicySettings(xml);
      assert.match(read.locked[group] ?? '', sentence, xml);
      assert.equal(read.policies[group], undefined);
    }
    assert.deepEqual(readPolicySettings(nested).policies.tokenMetrics, ALL.tokenMetrics);
  });

  void it('refuses a policy that is not XML, and reads LLM logging from the azuremonitor diagnostic', () => {
    assert.throws(() => readPolicySettings('<policies><inbound>'), /not valid XML/);
    assert.deepEqual(
      readLlmLogging({
        largeLanguageModel: { logs: 'enabled', requests: { messages: 'all', maxSizeInBytes: 1000 }, responses: { messages: 'none' } },
      }),
      { promptBytes: 1000, completionBytes: 0 },
    );
    assert.equal(readLlmLogging({ largeLanguageModel: { logs: 'disabled' } }), undefined);
    assert.equal(readLlmLogging(undefined), undefined);
  });
});

void describe('editing the policy XML', () => {
  const seed = llmApiPolicy('openai-chat-backend');

  void it('a new tokens per minute changes that value and not one other character', () => {
    const after = edit(seed, (p) => ({ ...p, tokenLimit: { ...p.tokenLimit!, tokensPerMinute: 7000 } }));
    assert.equal(after, seed.replace('tokens-per-minute="5000"', 'tokens-per-minute="7000"'));
  });

  void it('keeps elements it does not manage byte for byte: comments, CRLF, quoting, expressions, CDATA', () => {
    const xml = [
      '<policies>',
      '\t<inbound>',
      '\t\t<base />',
      '\t\t<!-- routing: do not touch -->',
      '\t\t<set-header name=\'x-team\' exists-action="override"><value>@(context.Request.Headers.GetValueOrDefault("a","&lt;b&gt;"))</value></set-header>',
      '\t\t<llm-token-limit   counter-key=\'@(context.Subscription.Id)\'  tokens-per-minute=\'100\' estimate-prompt-tokens="true" retry-after-header-name="r" />',
      '\t\t<set-body><![CDATA[ <raw> & stuff ]]></set-body>',
      '\t</inbound>',
      '\t<outbound><base /></outbound>',
      '</policies>',
    ].join('\r\n');
    const after = edit(xml, (p) => ({ ...p, tokenLimit: { ...p.tokenLimit!, tokensPerMinute: 250, consumedTokensHeader: true } }));
    assert.equal(
      after,
      xml.replace(
        'tokens-per-minute=\'100\' estimate-prompt-tokens="true" retry-after-header-name="r"',
        'tokens-per-minute=\'250\' estimate-prompt-tokens="true" retry-after-header-name="r" tokens-consumed-header-name="x-ratelimit-consumed-tokens"',
      ),
    );
  });

  void it('turning a policy off removes only its element; a dimension added keeps the others as they are', () => {
    const off = edit(seed, (p) => ({ tokenMetrics: p.tokenMetrics! }));
    assert.deepEqual(
      changedLines(seed, off).map((l) => l.kind),
      ['removed'],
    );
    const more = edit(seed, (p) => ({ ...p, tokenMetrics: { ...p.tokenMetrics!, dimensions: ['API ID', 'Subscription ID', 'Location'] } }));
    assert.deepEqual(changedLines(seed, more), [{ kind: 'added', text: '      <dimension name="Location"/>' }]);
  });

  void it('a policy turned on goes where the import puts it: content safety before the token limit, caching in both sections', () => {
    const after = edit(seed, (p) => ({
      ...p,
      contentSafety: { backendId: 'cs', shieldPrompt: true, categories: [] },
      semanticCache: ALL.semanticCache,
    }));
    const lines = after.split('\n').map((l) => l.trim());
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    assert.ok(at('<llm-content-safety') < at('<llm-token-limit'));
    assert.ok(at('<llm-semantic-cache-lookup') < at('<llm-emit-token-metric'));
    assert.ok(at('<llm-semantic-cache-store') > at('<outbound>'));
    assert.deepEqual(readPolicySettings(after).policies.semanticCache, ALL.semanticCache);
  });

  void it('an Azure OpenAI API keeps its flavour for a policy it gets', () => {
    const azure = seed.replace('llm-token-limit', 'azure-openai-token-limit').replace(/llm-emit-token-metric/g, 'x-metric');
    const read = readPolicySettings(azure);
    const after = editPolicyXml(azure, read.policies, { ...read.policies, tokenMetrics: { namespace: 'n', dimensions: [] } }, read.locked);
    assert.match(after, /<azure-openai-emit-token-metric namespace="n"\/>/);
  });

  void it('escapes hostile values and writes them so that they read back exactly', () => {
    const hostile = `a"b'<c>&d\n`;
    const after = edit(seed, (p) => ({ ...p, tokenMetrics: { ...p.tokenMetrics!, namespace: hostile } }));
    assert.equal(readPolicySettings(after).policies.tokenMetrics?.namespace, hostile);
    const single = seed.replace('namespace="ai-gateway"', "namespace='ai-gateway'");
    assert.equal(
      readPolicySettings(edit(single, (p) => ({ ...p, tokenMetrics: { ...p.tokenMetrics!, namespace: hostile } }))).policies.tokenMetrics
        ?.namespace,
      hostile,
    );
  });

  void it('leaves a locked group as it is whatever the page says, and adds to a policy that has none', () => {
    const xml = seed.replace('@(context.Subscription.Id)" tokens-per-minute', '@(context.Api.Id)" tokens-per-minute');
    const read = readPolicySettings(xml);
    assert.ok(read.locked.tokenLimit);
    assert.equal(editPolicyXml(xml, read.policies, { ...read.policies }, read.locked), xml);
    assert.deepEqual(readPolicySettings(editPolicyXml(undefined, {}, { tokenLimit: ALL.tokenLimit })).policies, {
      tokenLimit: ALL.tokenLimit,
    });
    assert.equal(editPolicyXml(undefined, {}, {}), '');
  });

  void it('an empty self-closed section still gets its element (laid out again, nothing lost)', () => {
    const xml = '<policies><inbound><base /><set-backend-service backend-id="b" /></inbound><outbound /></policies>';
    const after = edit(xml, () => ({ semanticCache: ALL.semanticCache }));
    assert.deepEqual(readPolicySettings(after).policies, { semanticCache: ALL.semanticCache });
    assert.match(after, /<set-backend-service backend-id="b"\/>/);
  });
});

void describe('the line diff', () => {
  void it('marks what was removed and added and keeps the rest', () => {
    assert.deepEqual(lineDiff('a\nb\nc\nd', 'a\nB\nc\nd\ne'), [
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
      { kind: 'same', text: 'd' },
      { kind: 'added', text: 'e' },
    ]);
    assert.deepEqual(lineDiff('', 'x'), [{ kind: 'added', text: 'x' }]);
  });
});

void describe('validation of what the user changed', () => {
  const initial = readPolicySettings(llmApiPolicy('b')).policies;

  void it('one sentence for a bad tokens per minute and for six dimensions', () => {
    for (const tpm of [0, Number.NaN, 1.5]) {
      const errors = validateConfiguredPolicies({ ...initial, tokenLimit: { ...initial.tokenLimit!, tokensPerMinute: tpm } }, initial, {});
      assert.deepEqual(errors, { 'policies.tokensPerMinute': 'Tokens per minute must be a whole number from 1 to 100,000,000.' });
    }
    const six = {
      ...initial.tokenMetrics!,
      dimensions: ['API ID', 'Operation ID', 'Product ID', 'Subscription ID', 'User ID', 'Location'] as const,
    };
    assert.equal(
      validateConfiguredPolicies({ ...initial, tokenMetrics: six }, initial, {})['policies.dimensions'],
      'Choose at most 5 dimensions.',
    );
  });

  void it('a group left as the API has it is not judged again', () => {
    // The seeded metrics have no logger choice on the page here; unchanged, they are not asked for one.
    const facts = {
      prerequisites: {
        loggers: [],
        externalCaches: [],
        llmLogSettings: [],
        components: [],
        redisDatabases: [],
        contentSafetyAccounts: [],
        embeddingsDeployments: [],
        workspaces: [],
        failures: [],
      },
    };
    assert.deepEqual(validateConfiguredPolicies(initial, initial, facts), {});
    assert.match(
      validateConfiguredPolicies({ ...initial, tokenMetrics: { ...initial.tokenMetrics!, namespace: 'other' } }, initial, facts)[
        'policies.metricsDestination'
      ] ?? '',
      /need an Application Insights logger/,
    );
  });
});
