// Store-derived indexes are computed once and recomputed after any change to the store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResourceStore } from '../../src/sandbox/store';
import { memo } from '../../src/sandbox/storeMemo';

void test('memo recomputes only after the store changed', () => {
  const store = new ResourceStore();
  let computed = 0;
  const count = (): number =>
    memo(store, 'count', () => {
      computed++;
      return store.size;
    });
  assert.equal(count(), 0);
  assert.equal(count(), 0);
  assert.equal(computed, 1);
  store.put({ id: '/subscriptions/s', name: 's', type: 'Microsoft.Resources/subscriptions', properties: {} });
  assert.equal(count(), 1);
  assert.equal(computed, 2);
  store.delete('/subscriptions/s');
  assert.equal(count(), 0);
  store.restore({ version: 1, resources: [{ id: '/subscriptions/t', name: 't', type: 'x', properties: {} }] });
  assert.equal(count(), 1);
  assert.equal(
    memo(new ResourceStore(), 'count', () => 'other store'),
    'other store',
  );
});
