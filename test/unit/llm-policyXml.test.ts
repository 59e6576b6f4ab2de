import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import fc from 'fast-check';
import { lmApiPolicySections } from '../../src/domain/import/lmApiPolicy';
import { PolicyXmlError, buildPolicyXml, mergePolicyXml, normalizePolicyXml } from '../../src/domain/import/policyXml';

const parse = (xml: string) => new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');

void test('a minimal policy routes to the backend with <base /> in every section', () => {
  const xml = buildPolicyXml(lmApiPolicySections('gemini-backend', {}));
  assert.equal(
    xml,
    [
      '<policies>',
      '  <inbound>',
      '    <base/>',
      '    <set-backend-service backend-id="gemini-backend"/>',
      '  </inbound>',
      '  <backend>',
      '    <base/>',
      '  </backend>',
      '  <outbound>',
      '    <base/>',
      '  </outbound>',
      '  <on-error>',
      '    <base/>',
      '  </on-error>',
      '</policies>',
    ].join('\n'),
  );
});

void test('hostile values are escaped and the document stays valid XML', () => {
  const hostile = `<x & "y"> ' ]]> <!-- --> {{nv}}`;
  const xml = buildPolicyXml({
    inbound: [{ name: 'set-header', attributes: [['name', hostile]], children: [{ name: 'value', text: hostile }] }],
  });
  const doc = parse(xml);
  const header = doc.getElementsByTagName('set-header')[0];
  assert.equal(header.getAttribute('name'), hostile);
  assert.equal(header.getElementsByTagName('value')[0].textContent, hostile);
  assert.ok(!xml.includes('<x &'), 'raw markup must not appear');
});

void test('property: any attribute or text value round-trips through valid XML', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (value) => {
      // XML 1.0 cannot carry most control characters or lone surrogates at all; the validators reject them earlier.
      const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g, '');
      const xml = buildPolicyXml({ inbound: [{ name: 'x', attributes: [['a', clean]], text: clean }] });
      const el = parse(xml).getElementsByTagName('x')[0];
      assert.equal(el.getAttribute('a'), clean);
      assert.equal(el.textContent, clean.replace(/\r\n?/g, '\n'));
    }),
    { numRuns: 1000 },
  );
});

void test('every optional policy appears with its settings', () => {
  const xml = buildPolicyXml(
    lmApiPolicySections('b', {
      tokenLimit: {
        tokensPerMinute: 1000,
        tokenQuota: 50000,
        tokenQuotaPeriod: 'Daily',
        counterKey: 'ip',
        remainingTokensHeader: true,
        consumedTokensHeader: true,
      },
      tokenMetrics: { namespace: 'llm', dimensions: ['API ID', 'Subscription ID'] },
      semanticCache: { embeddingsBackendId: 'emb', scoreThreshold: 0.8, durationSeconds: 120 },
      contentSafety: { backendId: 'cs', categories: [{ name: 'Hate', threshold: 4 }], shieldPrompt: true },
    }),
  );
  const doc = parse(xml);
  const limit = doc.getElementsByTagName('llm-token-limit')[0];
  assert.equal(limit.getAttribute('counter-key'), '@(context.Request.IpAddress)');
  assert.equal(limit.getAttribute('tokens-per-minute'), '1000');
  assert.equal(limit.getAttribute('token-quota'), '50000');
  assert.equal(limit.getAttribute('token-quota-period'), 'Daily');
  assert.equal(limit.getAttribute('remaining-tokens-header-name'), 'x-ratelimit-remaining-tokens');
  assert.equal(limit.getAttribute('tokens-consumed-header-name'), 'x-ratelimit-consumed-tokens');
  const dims = Array.from(doc.getElementsByTagName('dimension')).map((d) => d.getAttribute('name'));
  assert.deepEqual(dims, ['API ID', 'Subscription ID']);
  assert.equal(doc.getElementsByTagName('llm-semantic-cache-lookup')[0].getAttribute('embeddings-backend-id'), 'emb');
  const store = doc.getElementsByTagName('llm-semantic-cache-store')[0];
  assert.equal(store.parentNode!.nodeName, 'outbound');
  assert.equal(store.getAttribute('duration'), '120');
  const cs = doc.getElementsByTagName('llm-content-safety')[0];
  assert.equal(cs.getAttribute('shield-prompt'), 'true');
  assert.equal(doc.getElementsByTagName('category')[0].getAttribute('threshold'), '4');
  // Safety runs before the token limit: a blocked prompt costs no tokens.
  const order = Array.from(doc.getElementsByTagName('inbound')[0].childNodes)
    .filter((n) => n.nodeType === 1)
    .map((n) => n.nodeName);
  assert.deepEqual(order, [
    'base',
    'set-backend-service',
    'llm-content-safety',
    'llm-token-limit',
    'llm-semantic-cache-lookup',
    'llm-emit-token-metric',
  ]);
});

void test('counter key by subscription and no headers when both are off', () => {
  const xml = buildPolicyXml(
    lmApiPolicySections('b', {
      tokenLimit: { tokensPerMinute: 5, counterKey: 'subscription', remainingTokensHeader: false, consumedTokensHeader: false },
    }),
  );
  const limit = parse(xml).getElementsByTagName('llm-token-limit')[0];
  assert.equal(limit.getAttribute('counter-key'), '@(context.Subscription.Id)');
  assert.equal(limit.hasAttribute('remaining-tokens-header-name'), false);
  assert.equal(limit.hasAttribute('tokens-consumed-header-name'), false);
  assert.equal(limit.hasAttribute('token-quota'), false);
});

void test('merging keeps what the existing policy has and replaces only our elements', () => {
  const existing = `<policies>
  <inbound><base /><rate-limit calls="10" renewal-period="60" /><set-backend-service backend-id="old" />
    <set-header name="x-a" exists-action="override"><value>@(context.Request.Headers.GetValueOrDefault("a",""))</value></set-header>
  </inbound>
  <backend><forward-request /></backend>
  <outbound><base /></outbound>
</policies>`;
  const merged = mergePolicyXml(
    existing,
    lmApiPolicySections('new-backend', { semanticCache: { embeddingsBackendId: 'e', scoreThreshold: 0.9, durationSeconds: 60 } }),
  );
  const doc = parse(merged);
  const inbound = doc.getElementsByTagName('inbound')[0];
  const names = Array.from(inbound.childNodes)
    .filter((n) => n.nodeType === 1)
    .map((n) => n.nodeName);
  assert.deepEqual(names, ['base', 'rate-limit', 'set-backend-service', 'set-header', 'llm-semantic-cache-lookup']);
  assert.equal(doc.getElementsByTagName('set-backend-service').length, 1);
  assert.equal(doc.getElementsByTagName('set-backend-service')[0].getAttribute('backend-id'), 'new-backend');
  assert.equal(doc.getElementsByTagName('forward-request').length, 1, 'the backend section is kept');
  assert.match(merged, /GetValueOrDefault\("a",""\)|GetValueOrDefault\(&quot;a&quot;,&quot;&quot;\)/);
  assert.equal(doc.getElementsByTagName('llm-semantic-cache-store')[0].parentNode!.nodeName, 'outbound');
  assert.equal(doc.getElementsByTagName('on-error').length, 0, 'sections we add nothing to are not invented');
});

void test('merging twice is the same as merging once', () => {
  const sections = lmApiPolicySections('b', { tokenMetrics: { namespace: 'n', dimensions: ['API ID'] } });
  const once = mergePolicyXml('<policies><inbound><base/><cors/></inbound></policies>', sections);
  assert.equal(mergePolicyXml(once, sections), once);
  assert.equal(normalizePolicyXml(buildPolicyXml(sections)), buildPolicyXml(sections));
});

void test('a missing section is created in document order', () => {
  const merged = mergePolicyXml('<policies><inbound><base/></inbound><on-error><base/></on-error></policies>', {
    outbound: [{ name: 'llm-semantic-cache-store', attributes: [['duration', '1']] }],
  });
  const order = Array.from(parse(merged).documentElement!.childNodes)
    .filter((n) => n.nodeType === 1)
    .map((n) => n.nodeName);
  assert.deepEqual(order, ['inbound', 'outbound', 'on-error']);
});

void test('an invalid existing policy is reported, not overwritten', () => {
  assert.throws(() => mergePolicyXml('<policies><inbound></policies>', {}), PolicyXmlError);
  assert.throws(() => mergePolicyXml('<not-policies/>', {}), /no <policies> root/);
});
