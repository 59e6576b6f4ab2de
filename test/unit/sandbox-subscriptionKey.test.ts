// Subscription key validation: key names, scopes given short or as full ids, product links, states.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSubscriptionKey, keyNamesOf } from '../../src/sandbox/gateway/subscriptionKey';
import { ResourceStore } from '../../src/sandbox/store';

const svc = '/subscriptions/s/resourceGroups/r/providers/Microsoft.ApiManagement/service/apim';
const store = new ResourceStore();
store.put({ id: svc, name: 'apim', type: 'Microsoft.ApiManagement/service', properties: {} });
const api = store.put({ id: `${svc}/apis/chat`, name: 'chat', type: 'Microsoft.ApiManagement/service/apis', properties: { path: 'chat' } });
const open = store.put({
  id: `${svc}/apis/open`,
  name: 'open',
  type: 'Microsoft.ApiManagement/service/apis',
  properties: { path: 'open', subscriptionRequired: false },
});
store.put({ id: `${svc}/products/gold`, name: 'gold', type: 'Microsoft.ApiManagement/service/products', properties: {} });
store.put({ id: `${svc}/products/gold/apis/chat`, name: 'chat', type: 'Microsoft.ApiManagement/service/products/apis', properties: {} });
const sub = (name: string, scope: string, state = 'active'): void => {
  store.put({
    id: `${svc}/subscriptions/${name}`,
    name,
    type: 'Microsoft.ApiManagement/service/subscriptions',
    properties: { scope, primaryKey: `${name}-p`, secondaryKey: `${name}-s`, state },
  });
};
sub('master', `${svc}/`);
sub('all-short', '/apis');
sub('api-full', `${svc}/apis/chat`);
sub('other-api', '/apis/open');
sub('product', `${svc}/products/gold`);
sub('other-product', '/products/silver');
sub('suspended', '/apis', 'suspended');

void test('a key is valid when an active subscription scope covers the API', () => {
  const cases: Array<[string | undefined, boolean, string | undefined]> = [
    ['master-p', true, undefined],
    ['all-short-s', true, undefined],
    ['api-full-p', true, undefined],
    ['product-p', true, 'gold'],
    ['other-api-p', false, undefined],
    ['other-product-p', false, undefined],
    ['suspended-p', false, undefined],
    ['nonsense', false, undefined],
    [undefined, false, undefined],
  ];
  for (const [key, ok, product] of cases) {
    const result = checkSubscriptionKey(store, store.get(svc)!, api, key);
    assert.equal(result.ok, ok, String(key));
    if (result.ok) assert.equal(result.productId, product, String(key));
    else assert.match(result.message, key === undefined ? /missing subscription key/ : /invalid subscription key/);
  }
});

void test('an API that does not require a subscription accepts no key or an unknown one', () => {
  assert.equal(checkSubscriptionKey(store, store.get(svc)!, open, undefined).ok, true);
  assert.equal(checkSubscriptionKey(store, store.get(svc)!, open, 'nonsense').ok, true);
});

void test('key names default to APIM defaults', () => {
  assert.deepEqual(keyNamesOf(api), { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' });
  const custom = { ...api, properties: { subscriptionKeyParameterNames: { header: 'api-key', query: 'key' } } };
  assert.deepEqual(keyNamesOf(custom), { header: 'api-key', query: 'key' });
});
