/** listPagesInParallel over a scripted fetcher: bounded concurrency, nextLink fallback, throttling, cancellation, resume. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  listAllInParallel,
  listPagesInParallel,
  odataString,
  throttledFor,
  type CountedPage,
  type PageFetcher,
} from '../../src/apim/paging';

/** A list of `size` numbers paged like APIM (100 a page, nextLink = next offset, `count` unless told not to). */
function scriptedList(size: () => number, options: { count?: boolean; fail?: (skip: number, attempt: number) => Error | undefined } = {}) {
  const calls: { skip: number; token?: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const attempts = new Map<number, number>();
  const fetch: PageFetcher<number> = async ({ skip, continuationToken, abortSignal }) => {
    calls.push({ skip, ...(continuationToken ? { token: continuationToken } : {}) });
    const start = continuationToken ? Number(continuationToken) : skip;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((r) => setImmediate(r));
      if (abortSignal?.aborted) throw Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
      const attempt = attempts.get(start) ?? 0;
      attempts.set(start, attempt + 1);
      const failure = options.fail?.(start, attempt);
      if (failure) throw failure;
      const n = size();
      const items = Array.from({ length: Math.max(0, Math.min(100, n - start)) }, (_, i) => start + i);
      const page: CountedPage<number> = {
        items,
        ...(start + 100 < n ? { continuationToken: String(start + 100) } : {}),
        ...(options.count === false ? {} : { count: n }),
      };
      return page;
    } finally {
      inFlight--;
    }
  };
  return { fetch, calls, maxInFlight: () => maxInFlight };
}

const throttled = (headers: Record<string, string>, statusCode = 429) =>
  Object.assign(new Error('Too many requests'), { statusCode, response: { headers: { get: (n: string) => headers[n.toLowerCase()] } } });

void describe('listPagesInParallel', () => {
  void it('reads the first page, then every other page by $skip with at most `concurrency` in flight', async () => {
    const list = scriptedList(() => 1234);
    const all = await listAllInParallel(list.fetch, String, { concurrency: 4 });
    assert.deepEqual(
      all,
      Array.from({ length: 1234 }, (_, i) => i),
    );
    assert.equal(list.calls.length, 13);
    assert.equal(list.calls[0].skip, 0);
    assert.ok(
      list.calls.every((c) => c.token === undefined),
      'no nextLink walked',
    );
    assert.ok(list.maxInFlight() <= 4 && list.maxInFlight() > 1, `in flight: ${list.maxInFlight()}`);
  });

  void it('walks nextLink when the service sends no count', async () => {
    const list = scriptedList(() => 250, { count: false });
    const all = await listAllInParallel(list.fetch, String);
    assert.equal(all.length, 250);
    assert.deepEqual(
      list.calls.map((c) => c.token),
      [undefined, '100', '200'],
    );
  });

  void it('follows the last page when the list grew meanwhile, and dedupes what shifted', async () => {
    let size = 200;
    const list = scriptedList(() => size++);
    const all = await listAllInParallel(list.fetch, String, { concurrency: 1 });
    assert.equal(new Set(all).size, all.length);
    assert.ok(list.calls.at(-1)?.token !== undefined, 'the grown tail came by nextLink');
  });

  void it('waits as long as a 429 says (Retry-After), halves the pages in flight, and completes', async () => {
    const waits: number[] = [];
    const list = scriptedList(() => 1000, {
      fail: (skip, attempt) => (skip === 300 && attempt < 2 ? throttled({ 'retry-after-ms': '5' }) : undefined),
    });
    const all = await listAllInParallel(list.fetch, String, { concurrency: 8, onThrottled: (ms) => waits.push(ms) });
    assert.equal(all.length, 1000);
    assert.deepEqual(waits, [5, 5]);
    assert.equal(list.calls.filter((c) => c.skip === 300).length, 3);
  });

  void it('gives up on a page after its own retries, and cancels the pages still in flight', async () => {
    const list = scriptedList(() => 5000, { fail: (skip) => (skip === 100 ? throttled({ 'retry-after-ms': '0' }) : undefined) });
    await assert.rejects(listPagesInParallel(list.fetch, { throttleRetries: 2 }), /Too many requests/);
    assert.equal(list.calls.filter((c) => c.skip === 100).length, 3);
    assert.ok(list.calls.length < 50, `stopped early: ${list.calls.length} calls`);
  });

  void it('does not retry other errors', async () => {
    const list = scriptedList(() => 300, {
      fail: (skip) => (skip === 200 ? Object.assign(new Error('Forbidden'), { statusCode: 403 }) : undefined),
    });
    await assert.rejects(listPagesInParallel(list.fetch), /Forbidden/);
    assert.equal(list.calls.filter((c) => c.skip === 200).length, 1);
  });

  void it('stops when cancelled, and a second run asks only the pages still missing', async () => {
    const list = scriptedList(() => 2000);
    const abort = new AbortController();
    const loaded = new Map<number, readonly number[]>();
    let total: number | undefined;
    await assert.rejects(
      listPagesInParallel(list.fetch, {
        concurrency: 2,
        abortSignal: abort.signal,
        onPage: (skip, page) => {
          loaded.set(skip, page.items);
          total ??= page.count;
          if (loaded.size === 5) abort.abort();
        },
      }),
    );
    const before = list.calls.length;
    assert.ok(before < 20);
    await listPagesInParallel(list.fetch, {
      total: total!,
      loaded: new Set(loaded.keys()),
      onPage: (skip, page) => loaded.set(skip, page.items),
    });
    assert.equal(loaded.size, 20);
    const again = list.calls.slice(before).map((c) => c.skip);
    assert.ok(
      again.every((skip) => ![...loaded.keys()].slice(0, 5).includes(skip)),
      'pages loaded before are not asked again',
    );
  });

  void it('reads how long ARM asks to wait', () => {
    const cases: [unknown, number, number | undefined][] = [
      [throttled({ 'retry-after': '3' }), 0, 3000],
      [throttled({ 'retry-after-ms': '250' }), 0, 250],
      [throttled({ 'x-ms-retry-after-ms': '40' }), 0, 40],
      [throttled({ 'retry-after': '2' }, 503), 0, 2000],
      [throttled({}, 503), 0, undefined],
      [throttled({}), 2, 4000],
      [Object.assign(new Error('x'), { statusCode: 500 }), 0, undefined],
      [new Error('network'), 0, undefined],
    ];
    for (const [error, attempt, expected] of cases) assert.equal(throttledFor(error, attempt), expected);
    const at = throttledFor(throttled({ 'retry-after': new Date(Date.now() + 60_000).toUTCString() }), 0)!;
    assert.ok(at > 55_000 && at <= 60_000, String(at));
  });
});

void describe('odataString', () => {
  void it('doubles single quotes', () => assert.equal(odataString("it's"), "'it''s'"));
});
