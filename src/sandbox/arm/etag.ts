/**
 * Optimistic concurrency like APIM: every entity carries an ETag; `If-Match` (a quoted ETag or `*`) must match the
 * stored one or the write fails with 412. APIM makes If-Match mandatory on PATCH and DELETE.
 */
import type { ArmResource } from '../store';
import { ArmError } from './errors';
import type { ArmRequest } from './request';

export function ifMatchOf(req: ArmRequest): string | undefined {
  const header = req.headers['if-match'] as string | string[] | undefined;
  const value = Array.isArray(header) ? header[0] : header;
  return value === '' ? undefined : value;
}

export function checkIfMatch(req: ArmRequest, existing: ArmResource | undefined, required: boolean): void {
  const ifMatch = ifMatchOf(req);
  if (ifMatch === undefined) {
    if (required) throw preconditionRequired();
    return;
  }
  // `*` means "whatever the current version is": a PUT with it creates an entity that does not exist yet (201 in
  // APIM's examples, e.g. ApiManagementCreateApiPolicy); PATCH and DELETE of a missing entity are answered by their
  // callers (404 and 204) before this check.
  if (ifMatch.trim() === '*') return;
  if (!existing || normalize(ifMatch) !== normalize(existing.etag ?? '')) throw preconditionFailed();
}

/**
 * APIM's DELETE of an entity: If-Match is required; deleting one already gone is 204, an existing one 200.
 * `beforeDelete` may refuse (e.g. an entity still in use) by throwing.
 */
export function conditionalDelete(
  req: ArmRequest,
  existing: ArmResource | undefined,
  beforeDelete?: (req: ArmRequest, existing: ArmResource) => void,
): { status: 200 | 204 } {
  if (!existing) {
    if (ifMatchOf(req) === undefined) throw preconditionRequired();
    return { status: 204 };
  }
  checkIfMatch(req, existing, true);
  beforeDelete?.(req, existing);
  req.store.delete(existing.id);
  return { status: 200 };
}

export const etagHeaders = (resource: ArmResource): Record<string, string> => (resource.etag ? { ETag: resource.etag } : {});

const normalize = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

// Status and code are HTTP's standard ones for a missing If-Match; APIM's exact error code is unverified.
export const preconditionRequired = (): ArmError =>
  new ArmError(428, 'PreconditionRequired', "The 'If-Match' header is required. Send the entity's ETag, or '*' to update unconditionally.");

const preconditionFailed = (): ArmError =>
  new ArmError(
    412,
    'PreconditionFailed',
    'The entity has been modified since it was read (its ETag does not match If-Match). Read it again and retry.',
  );
