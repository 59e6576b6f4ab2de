/**
 * Page-at-a-time reads over the SDK's paged lists, so that the tree shows the first page at once and loads the rest
 * on demand ("Load more") or resumes after an error from the same continuation token.
 */
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

export interface PageOptions {
  readonly continuationToken?: string;
  readonly abortSignal?: AbortSignal;
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

/** Reads every page; for collections that are small by nature (backends, products, named values of one service). */
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

/** An OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
