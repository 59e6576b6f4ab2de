/**
 * The sandbox's state: every emulated ARM resource keyed by its resource id (case-insensitive, as in ARM).
 * The ARM emulator writes it; the gateway and the mock model read it. Secret values (named value values,
 * subscription keys, account keys) are stored in the resource like any property: the ARM handlers strip them
 * from responses, the gateway needs them.
 */
import { randomUUID } from 'node:crypto';

export interface ArmResource {
  id: string;
  name: string;
  type: string;
  etag?: string;
  location?: string;
  kind?: string;
  sku?: Record<string, unknown>;
  identity?: Record<string, unknown>;
  tags?: Record<string, string>;
  properties: Record<string, unknown>;
  /**
   * Secrets that have no place in the resource's ARM shape (a Cognitive Services account's keys, returned only by
   * `listKeys`). Secrets that ARM does model as properties (a named value's `value`, a subscription's keys) stay in
   * `properties` and the ARM handlers strip them from responses.
   */
  secrets?: Record<string, string>;
}

export interface StoreSnapshot {
  readonly version: 1;
  readonly resources: ArmResource[];
}

const key = (id: string): string => id.toLowerCase().replace(/\/+$/, '');

export class ResourceStore {
  private readonly byId = new Map<string, ArmResource>();
  /**
   * Child ids per parent id and collection (lowercase), in insertion order, so that paging is stable and listing a
   * collection costs its own size, not the size of everything under the parent (10,000 APIs beside a few backends).
   */
  private readonly childrenOf = new Map<string, Map<string, Set<string>>>();
  private changeListeners: Array<() => void> = [];

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ArmResource | undefined {
    return this.byId.get(key(id));
  }

  /** Writes a resource (a copy) with a fresh ETag and returns the stored copy. */
  put(resource: ArmResource): ArmResource {
    const k = key(resource.id);
    const stored: ArmResource = { ...structuredClone(resource), etag: `"${randomUUID()}"` };
    this.byId.set(k, stored);
    const parent = parentKey(k);
    if (parent !== undefined) {
      let collections = this.childrenOf.get(parent);
      if (!collections) this.childrenOf.set(parent, (collections = new Map<string, Set<string>>()));
      const collection = collectionOf(parent, k);
      let set = collections.get(collection);
      if (!set) collections.set(collection, (set = new Set<string>()));
      set.add(k);
    }
    this.changed();
    return stored;
  }

  /** Deletes a resource and everything below it. Returns false when it did not exist. */
  delete(id: string): boolean {
    const k = key(id);
    if (!this.byId.has(k)) return false;
    this.deleteTree(k);
    const parent = parentKey(k);
    if (parent !== undefined) this.childrenOf.get(parent)?.get(collectionOf(parent, k))?.delete(k);
    this.changed();
    return true;
  }

  /**
   * Direct children of `parentId` in the collection `collection` (e.g. children(serviceId, 'apis')),
   * in insertion order.
   */
  children(parentId: string, collection: string): ArmResource[] {
    const out: ArmResource[] = [];
    for (const childKey of this.childrenOf.get(key(parentId))?.get(collection.toLowerCase()) ?? []) {
      const r = this.byId.get(childKey);
      if (r) out.push(r);
    }
    return out;
  }

  /** Every resource of an ARM type (case-insensitive), e.g. 'Microsoft.ApiManagement/service'. */
  ofType(type: string): ArmResource[] {
    const t = type.toLowerCase();
    return [...this.byId.values()].filter((r) => r.type.toLowerCase() === t);
  }

  all(): ArmResource[] {
    return [...this.byId.values()];
  }

  snapshot(): StoreSnapshot {
    return { version: 1, resources: structuredClone(this.all()) };
  }

  restore(snapshot: StoreSnapshot): void {
    this.byId.clear();
    this.childrenOf.clear();
    const listeners = this.changeListeners;
    this.changeListeners = [];
    for (const r of snapshot.resources) {
      const etag = r.etag;
      const stored = this.put(r);
      if (etag) stored.etag = etag;
    }
    this.changeListeners = listeners;
    this.changed();
  }

  onDidChange(listener: () => void): () => void {
    this.changeListeners.push(listener);
    return () => {
      this.changeListeners = this.changeListeners.filter((l) => l !== listener);
    };
  }

  private deleteTree(k: string): void {
    for (const set of this.childrenOf.get(k)?.values() ?? []) for (const child of set) this.deleteTree(child);
    this.childrenOf.delete(k);
    this.byId.delete(k);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }
}

/** The collection a child sits in below its parent: `apis`, or `providers/microsoft.apimanagement/service`. */
function collectionOf(parent: string, child: string): string {
  return child.slice(parent.length + 1, child.lastIndexOf('/'));
}

/**
 * The parent of `/a/b/providers/X/type/name/sub/name2` is `/a/b/providers/X/type/name`; a resource's id
 * always ends in `/{collection}/{name}`. Extension resources (`{scope}/providers/Microsoft.Authorization/roleAssignments/{id}`)
 * are children of their scope.
 */
function parentKey(k: string): string | undefined {
  const parts = k.split('/');
  if (parts.length < 3) return undefined;
  let parent = parts.slice(0, -2);
  if (parent[parent.length - 1] !== undefined && parent.length >= 2 && parent[parent.length - 2] === 'providers') {
    parent = parent.slice(0, -2);
  }
  const p = parent.join('/');
  return p === '' ? undefined : p;
}
