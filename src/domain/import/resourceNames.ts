/**
 * Resource ids derived from a display name, so that a re-run of the same import targets the same resources (which is
 * what makes it idempotent) and the names in the portal are recognisable.
 */

const MAX_ID = 80;

/** `"<x & \"y\"> API"` → `x-y-api`: lowercase letters, digits and single dashes, at most 80 characters. */
export function slugify(displayName: string, fallback = 'llm-api'): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID)
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}

export interface LmApiResourceNames {
  readonly apiId: string;
  readonly backendId: string;
  readonly namedValueId: string;
  /** The Pool backend, when the API spreads over several backends. */
  readonly poolId: string;
}

/** `apiId` replaces the id made from the display name (the wizard's "Use a new path"); the other names follow it. */
export function lmApiResourceNames(displayName: string, apiId?: string): LmApiResourceNames {
  const id = apiId ?? slugify(displayName);
  const base = id.slice(0, MAX_ID - '-backend'.length).replace(/-+$/, '');
  return { apiId: id, backendId: `${base}-backend`, namedValueId: `${base}-key`, poolId: `${base}-pool` };
}

/** What an API id chosen instead of the derived one must look like: a slug as `slugify` makes. */
export const API_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_API_ID = MAX_ID;
