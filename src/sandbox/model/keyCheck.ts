/** Constant-time comparison of a presented secret with the expected ones. */
import { timingSafeEqual } from 'node:crypto';

export function matchesAnyKey(presented: string | undefined, keys: readonly string[]): boolean {
  if (!presented) return false;
  const p = Buffer.from(presented);
  return keys.some((k) => {
    const b = Buffer.from(k);
    return k !== '' && b.length === p.length && timingSafeEqual(b, p);
  });
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m ? m[1].trim() : undefined;
}
