/**
 * Optional persistence of the sandbox state (`--state-dir`): the store snapshot plus what must stay stable with it
 * (seed, tenant, model key, the origin it was saved under), written at most once per second after a change and on
 * close, and loaded on start. The file can hold the sandbox's own fake secrets, so it is readable by the owner only.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedName } from './seed';
import type { ResourceStore, StoreSnapshot } from './store';

export interface PersistedState {
  readonly version: 1;
  readonly seed: SeedName;
  readonly tenantId: string;
  readonly modelKey: string;
  readonly subscriptionIds: readonly string[];
  /** The origin URLs in the snapshot point at; rewritten to the new origin on load. */
  readonly origin: string;
  readonly snapshot: StoreSnapshot;
}

const FILE = 'sandbox-state.json';

/** Loads the saved state, with URLs moved from the saved origin to `origin`; undefined when there is none. */
export function loadState(dir: string, origin: string): PersistedState | undefined {
  const file = join(dir, FILE);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const unreadable = `${file} is not a sandbox state file (version 1). Delete it or choose another --state-dir.`;
  let saved: PersistedState;
  try {
    saved = JSON.parse(text) as PersistedState;
  } catch {
    throw new Error(unreadable);
  }
  if (saved?.version !== 1 || !saved.snapshot || !Array.isArray(saved.snapshot.resources) || typeof saved.origin !== 'string') {
    throw new Error(unreadable);
  }
  if (saved.origin === origin) return saved;
  return JSON.parse(text.split(saved.origin).join(origin)) as PersistedState;
}

export function saveState(dir: string, state: PersistedState): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, file);
}

/** Saves after changes, debounced; `flush()` saves now if something is pending. Returns a stop function too. */
export function persistOnChange(store: ResourceStore, save: () => void, debounceMs = 1000): { flush(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    save();
  };
  const unsubscribe = store.onDidChange(() => {
    // Unref'd: a pending save must not keep the process alive; close() flushes it.
    timer ??= setTimeout(flush, debounceMs).unref();
  });
  return {
    flush,
    stop: () => {
      flush();
      unsubscribe();
    },
  };
}
