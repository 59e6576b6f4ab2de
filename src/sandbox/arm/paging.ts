/**
 * ARM list responses: `{ value, nextLink }` pages. `$top` and `$skip` work as in APIM (the page size is capped, and
 * nextLink carries `$skip` forward with the other query parameters), so SDK iterators walk every page.
 */
import { ArmError } from './errors';
import { ok, type ArmRequest, type ArmResponse } from './request';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 100;

export function pageOf<T>(req: ArmRequest, items: readonly T[], render: (item: T) => unknown, withCount = false): ArmResponse {
  const top = intParam(req, '$top');
  const skip = intParam(req, '$skip') ?? 0;
  const size = Math.min(top ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const slice = items.slice(skip, skip + size);
  const body: { value: unknown[]; count?: number; nextLink?: string } = { value: slice.map(render) };
  if (withCount) body.count = items.length;
  if (skip + slice.length < items.length && slice.length > 0) {
    // Keep the other parameters ($filter, $top, api-version) exactly as sent, with a literal `$skip` like ARM's links.
    const kept = req.url.search
      .slice(1)
      .split('&')
      .filter((p) => p !== '' && !/^(\$|%24)skip=/i.test(p));
    body.nextLink = `${req.ctx.origin}${req.url.pathname}?${[...kept, `$skip=${skip + slice.length}`].join('&')}`;
  }
  return ok(body);
}

function intParam(req: ArmRequest, name: string): number | undefined {
  const raw = req.url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || (name === '$top' && n < 1)) {
    throw new ArmError(
      400,
      'ValidationError',
      `The value '${raw}' of query parameter '${name}' is invalid; it must be a ${name === '$top' ? 'positive' : 'non-negative'} integer.`,
    );
  }
  return n;
}
