// Policy XML parsing and <base/> composition across global, product, API and operation scopes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composePolicies, DEFAULT_GLOBAL_POLICY } from '../../src/sandbox/gateway/policy/compose';
import { parsePolicyXml, PolicyXmlError } from '../../src/sandbox/gateway/policy/xml';

const names = (nodes: ReadonlyArray<{ name: string; attrs: Readonly<Record<string, string>> }>): string[] =>
  nodes.map((n) => n.attrs.id ?? n.name);
const doc = (inbound: string, extra = ''): ReturnType<typeof parsePolicyXml> =>
  parsePolicyXml(`<policies><inbound>${inbound}</inbound>${extra}</policies>`);

void test('parsePolicyXml reads sections, attributes, child elements and text', () => {
  const d = parsePolicyXml(
    '<policies><inbound><base /><set-header name="x" exists-action="override"><value>{{nv}}</value></set-header></inbound><backend><forward-request timeout="5" /></backend><outbound /><on-error /></policies>',
  );
  assert.deepEqual(names(d.inbound!), ['base', 'set-header']);
  assert.deepEqual(d.inbound![1].attrs, { name: 'x', 'exists-action': 'override' });
  assert.equal(d.inbound![1].children[0].text, '{{nv}}');
  assert.equal(d.backend![0].attrs.timeout, '5');
  assert.deepEqual(d.outbound, []);
});

void test('parsePolicyXml rejects malformed XML and a wrong root', () => {
  assert.throws(() => parsePolicyXml('<policies><inbound></policies>'), PolicyXmlError);
  assert.throws(() => parsePolicyXml('<policy><inbound /></policy>'), PolicyXmlError);
});

void test('<base/> expands outer scopes in place, innermost last', () => {
  const global = doc('<g id="global" />', '<backend><forward-request /></backend>');
  const product = doc('<base /><p id="product" />');
  const api = doc('<a id="api-before" /><base /><a id="api-after" />');
  const operation = doc('<base /><o id="operation" />');
  const composed = composePolicies([global, product, api, operation]);
  assert.deepEqual(names(composed.inbound), ['api-before', 'global', 'product', 'api-after', 'operation']);
  assert.deepEqual(names(composed.backend), ['forward-request']);
});

void test('a section without <base/> drops the outer scopes; a missing scope or section inherits them', () => {
  const global = doc('<g id="global" />');
  assert.deepEqual(names(composePolicies([global, undefined, doc('<a id="api" />')]).inbound), ['api']);
  assert.deepEqual(names(composePolicies([global, undefined, undefined, doc('<base /><o id="op" />')]).inbound), ['global', 'op']);
  assert.deepEqual(
    names(composePolicies([DEFAULT_GLOBAL_POLICY, parsePolicyXml('<policies><inbound><base /></inbound></policies>')]).backend),
    ['forward-request'],
  );
});
