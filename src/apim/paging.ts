/**
 * Reads over the SDK's paged lists: one page at a time (the filter quick pick, the wizard's checks), and every page of
 * a large collection in parallel by `$skip` (the tree), with bounded concurrency, cancellation and ARM throttling
 * honoured.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSdk } from '../azure/loadSdk';

/**
 * The largest page we ask APIM for. The REST spec sets no maximum for `$top`; APIM serves at most 100 entities per
 * page whatever is asked and links the rest with nextLink, so asking for more would only hide the real page size.
 */
export const apimMaxPageSize = 100;

export interface Page<T> {
  readonly items: readonly T[];
  /** The nextLink to resume from; undefined on the last page (APIM sometimes sends "" for that). */
  readonly continuationToken?: string;
}

/** A page with the collection's total when the service sends it (APIM's `count`, across all pages). */
export interface CountedPage<T> extends Page<T> {
  readonly count?: number;
}

export interface PageOptions {
  readonly continuationToken?: string;
  readonly abortSignal?: AbortSignal;
}

/** Which page to read: by offset (`$skip`), or by the nextLink of the page before. */
export interface PageRequest {
  readonly skip: number;
  readonly continuationToken?: string;
  readonly abortSignal?: AbortSignal;
}

export type PageFetcher<T> = (request: PageRequest) => Promise<CountedPage<T>>;

/** The options every APIM `listByService` takes that paging needs. */
export interface SdkListOptions {
  top: number;
  skip?: number;
  abortSignal?: AbortSignal;
  onResponse?: (rawResponse: unknown, flatResponse: unknown) => void;
}

/** Anything with the SDK's `byPage()`. */
export interface SdkPagedList<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[]>;
}

/** Reads one page from the SDK's `byPage()` iterator and maps its items (dropping those mapped to undefined). */
export async function readPage<T, U>(pages: AsyncIterableIterator<T[]>, map: (item: T) => U | undefined): Promise<Page<U>> {
  const result = await pages.next();
  if (result.done === true) return { items: [] };
  const value = result.value;
  const { getContinuationToken } = await loadSdk();
  const continuationToken = getContinuationToken(value) || undefined;
  const items = value.map(map).filter((u): u is U => u !== undefined);
  return continuationToken ? { items, continuationToken } : { items };
}

/** Reads every page one after another; for collections that are small by nature (operations of one API). */
export async function readAll<T, U>(pages: AsyncIterableIterator<T[]>, map: (item: T) => U | undefined): Promise<U[]> {
  const out: U[] = [];
  for await (const page of pages) {
    for (const item of page) {
      const u = map(item);
      if (u !== undefined) out.push(u);
    }
  }
  return out;
}

/** A PageFetcher over an SDK list call: `$top=100`, `$skip` or the nextLink, and the `count` of the answer. */
export function sdkPageFetcher<T, U>(list: (options: SdkListOptions) => SdkPagedList<T>, map: (item: T) => U | undefined): PageFetcher<U> {
  return async ({ skip, continuationToken, abortSignal }) => {
    let count: number | undefined;
    const pages = list({
      top: apimMaxPageSize,
      ...(skip > 0 && !continuationToken ? { skip } : {}),
      ...(abortSignal ? { abortSignal } : {}),
      onResponse: (_raw, flat) => {
        const c = (flat as { count?: unknown } | undefined)?.count;
        if (typeof c === 'number' && Number.isInteger(c) && c >= 0) count = c;
      },
    }).byPage(continuationToken ? { continuationToken } : undefined);
    const page = await readPage(pages, map);
    return count === undefined ? page : { ...page, count };
  };
}

export interface ParallelListOptions<T> {
  /** Pages in flight at most (8 by default); halved each time ARM throttles. */
  readonly concurrency?: number;
  readonly abortSignal?: AbortSignal;
  /** Each page as it arrives (in any order), with its offset. */
  readonly onPage?: (skip: number, page: CountedPage<T>) => void;
  /** Offsets loaded by an earlier run that was cancelled: not asked again. */
  readonly loaded?: ReadonlySet<number>;
  /** The total that earlier run learnt from the first page. */
  readonly total?: number;
  /** Our own retries of a throttled page, after the SDK's (which already honour Retry-After, 3 by default). */
  readonly throttleRetries?: number;
  /** Told each time ARM throttles and every page waits; for the log. */
  readonly onThrottled?: (waitMs: number) => void;
}

/**
 * Every page of a collection, fast: the first page tells the total (APIM's `count`), then the other pages are asked
 * by `$skip`, `concurrency` at a time, instead of one after another through nextLink. A 429 that outlasts the SDK's
 * retries makes every worker wait as long as ARM said (Retry-After) and halves the pages in flight. Without a count,
 * or when the list grew meanwhile, the rest is walked through nextLink. Resolves with the total when every page is in.
 */
export async function listPagesInParallel<T>(fetch: PageFetcher<T>, options: ParallelListOptions<T> = {}): Promise<number | undefined> {
  // One failed page stops the others: their requests are cancelled rather than left running for nothing.
  const stop = new AbortController();
  const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, stop.signal]) : stop.signal;
  // Each page in flight listens to it (the SDK's request and its retry delays): more than Node's default of 10.
  setMaxListeners(64, signal);
  const throttle = new ThrottleGate(options.concurrency ?? 8, options.throttleRetries ?? 4, options.onThrottled);
  const loaded = options.loaded ?? new Set<number>();
  const get = (skip: number, continuationToken?: string): Promise<CountedPage<T>> =>
    throttle.run(signal, () => fetch({ skip, ...(continuationToken ? { continuationToken } : {}), abortSignal: signal }));
  const accept = (skip: number, page: CountedPage<T>): void => options.onPage?.(skip, page);
  try {
    let total = options.total;
    let tail: { skip: number; page: CountedPage<T> } | undefined;
    if (total === undefined || !loaded.has(0)) {
      const first = await get(0);
      accept(0, first);
      if (!first.continuationToken) return first.items.length;
      total = first.count;
      tail = { skip: 0, page: first };
    }
    if (total !== undefined) {
      const skips: number[] = [];
      for (let skip = apimMaxPageSize; skip < total; skip += apimMaxPageSize) if (!loaded.has(skip)) skips.push(skip);
      const last = Math.max(0, Math.ceil(total / apimMaxPageSize) - 1) * apimMaxPageSize;
      await throttle.pool(skips, async (skip) => {
        const page = await get(skip);
        if (skip === last) tail = { skip, page };
        accept(skip, page);
      });
      // The last page was loaded by an earlier run: whether the list grew since is for the next refresh to see.
      if (loaded.has(last) && last > 0) return total;
    }
    // Without a count, or when the list grew meanwhile, walk the rest through nextLink.
    // An empty page with a nextLink ends the walk too: a server that keeps linking to nothing must not keep us asking.
    while (tail?.page.continuationToken && tail.page.items.length > 0) {
      const skip = tail.skip + apimMaxPageSize;
      const page = await get(skip, tail.page.continuationToken);
      accept(skip, page);
      tail = { skip, page };
      if (total !== undefined) total = Math.max(total, skip + page.items.length);
    }
    return total ?? (tail ? tail.skip + tail.page.items.length : undefined);
  } catch (e) {
    stop.abort();
    throw e;
  }
}

/** Every item of a collection through listPagesInParallel, in list order, without the duplicates of a list that shifted. */
export async function listAllInParallel<T>(
  fetch: PageFetcher<T>,
  key: (item: T) => string,
  options: Omit<ParallelListOptions<T>, 'onPage' | 'loaded' | 'total'> = {},
): Promise<T[]> {
  const pages = new Map<number, readonly T[]>();
  await listPagesInParallel(fetch, { ...options, onPage: (skip, page) => pages.set(skip, page.items) });
  const seen = new Set<string>();
  return [...pages.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, items]) => items)
    .filter((item) => {
      const k = key(item);
      return !seen.has(k) && seen.add(k) !== undefined;
    });
}

/**
 * How long ARM asked us to wait, for a throttled answer (429, or 503 with a Retry-After) the SDK gave up on:
 * `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After` in seconds or as an HTTP date. Undefined otherwise.
 */
export function throttledFor(error: unknown, attempt: number): number | undefined {
  const e = error as { statusCode?: unknown; response?: { headers?: { get(name: string): string | undefined } } } | undefined;
  const status = e?.statusCode;
  const headers = e?.response?.headers;
  const header = (name: string): string | undefined => (typeof headers?.get === 'function' ? headers.get(name) : undefined);
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(header(name));
    if ((status === 429 || status === 503) && header(name) && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const retryAfter = header('retry-after');
  if ((status === 429 || status === 503) && retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  // A 429 without a hint: back off exponentially (1 s, 2 s, 4 s …), as ARM's throttling guidance says.
  return status === 429 ? 1000 * 2 ** attempt : undefined;
}

/** Shared by the workers of one listing: the pages in flight, and the time before which none may be asked. */
class ThrottleGate {
  private until = 0;

  constructor(
    private limit: number,
    private readonly retries: number,
    private readonly onThrottled: ((waitMs: number) => void) | undefined,
  ) {}

  /** Runs `work` over the items with at most `limit` in flight, the limit shrinking while ARM throttles. */
  async pool<I>(items: readonly I[], work: (item: I) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async (slot: number): Promise<void> => {
      while (next < items.length && slot < this.limit) await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.limit, items.length)) }, (_, slot) => worker(slot)));
  }

  async run<R>(signal: AbortSignal, call: () => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const wait = this.until - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal });
      signal.throwIfAborted();
      try {
        return await call();
      } catch (e) {
        const retryAfter = signal.aborted || attempt >= this.retries ? undefined : throttledFor(e, attempt);
        if (retryAfter === undefined) throw e;
        this.until = Math.max(this.until, Date.now() + retryAfter);
        this.limit = Math.max(1, Math.floor(this.limit / 2));
        this.onThrottled?.(retryAfter);
      }
    }
  }
}

/** An OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
