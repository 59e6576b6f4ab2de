/**
 * Values derived from the store (indexes for the gateway's routing, the model's account lookup), computed once and
 * forgotten whenever the store changes. Requests read far more often than ARM writes, and a large instance (10,000
 * APIs) makes scanning the store on every request cost tens of milliseconds.
 */
import type { ResourceStore } from './store';

const memos = new WeakMap<ResourceStore, Map<string, unknown>>();

export function memo<T>(store: ResourceStore, key: string, compute: () => T): T {
  let values = memos.get(store);
  if (!values) {
    const created = new Map<string, unknown>();
    store.onDidChange(() => created.clear());
    memos.set(store, (values = created));
  }
  if (values.has(key)) return values.get(key) as T;
  const value = compute();
  values.set(key, value);
  return value;
}
