// The sandbox's resource store: ids are case-insensitive, children are listed per collection in insertion order,
// deletes take the subtree, snapshots keep ETags.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceStore, type ArmResource } from '../../src/sandbox/store';

const SVC = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ApiManagement/service/svc';
const res = (id: string, type = 'T'): ArmResource => ({ id, name: id.slice(id.lastIndexOf('/') + 1), type, properties: { id } });

void describe('ResourceStore', () => {
  void it('finds resources whatever the case, and gives each write a new ETag', () => {
    const store = new ResourceStore();
    const first = store.put(res(`${SVC}/apis/Echo`));
    assert.equal(store.get(`${SVC.toUpperCase()}/APIS/echo/`)?.name, 'Echo');
    const second = store.put(res(`${SVC}/apis/Echo`));
    assert.notEqual(first.etag, second.etag);
    assert.equal(store.size, 1);
  });

  void it('lists children per collection, in insertion order, apart from other collections and grandchildren', () => {
    const store = new ResourceStore();
    store.put(res('/subscriptions/s/resourceGroups/rg'));
    store.put(res(SVC));
    for (const name of ['b', 'a', 'c']) store.put(res(`${SVC}/apis/${name}`));
    store.put(res(`${SVC}/backends/x`));
    store.put(res(`${SVC}/apis/a/operations/op`));
    store.put(res(`${SVC}/providers/Microsoft.Authorization/roleAssignments/ra`));
    assert.deepEqual(
      store.children(SVC, 'apis').map((r) => r.name),
      ['b', 'a', 'c'],
    );
    assert.deepEqual(
      store.children(SVC, 'backends').map((r) => r.name),
      ['x'],
    );
    assert.deepEqual(
      store.children(`${SVC}/apis/a`, 'operations').map((r) => r.name),
      ['op'],
    );
    assert.deepEqual(
      store.children('/subscriptions/s/resourceGroups/rg', 'providers/Microsoft.ApiManagement/service').map((r) => r.name),
      ['svc'],
    );
    assert.deepEqual(
      store.children(SVC, 'providers/microsoft.authorization/roleassignments').map((r) => r.name),
      ['ra'],
    );
  });

  void it('deletes a resource with everything below it', () => {
    const store = new ResourceStore();
    store.put(res(SVC));
    store.put(res(`${SVC}/apis/a`));
    store.put(res(`${SVC}/apis/a/operations/op`));
    store.put(res(`${SVC}/apis/a/operations/op/policies/policy`));
    store.put(res(`${SVC}/apis/b`));
    assert.equal(store.delete(`${SVC}/apis/a`), true);
    assert.equal(store.get(`${SVC}/apis/a/operations/op/policies/policy`), undefined);
    assert.deepEqual(
      store.children(SVC, 'apis').map((r) => r.name),
      ['b'],
    );
    assert.equal(store.delete(`${SVC}/apis/a`), false);
    assert.equal(store.size, 2);
  });

  void it('restores a snapshot with its ETags and tells listeners once', () => {
    const store = new ResourceStore();
    const stored = store.put(res(`${SVC}/apis/a`));
    const snapshot = store.snapshot();
    let changes = 0;
    const copy = new ResourceStore();
    copy.onDidChange(() => changes++);
    copy.restore(snapshot);
    assert.equal(copy.get(`${SVC}/apis/a`)?.etag, stored.etag);
    assert.equal(changes, 1);
  });
});
