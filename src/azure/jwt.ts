/** Reads the expiry of an access token without verifying it: the credential only needs to know when to refresh. */

/** The `exp` claim of a JWT in milliseconds since the epoch, or undefined when the token is not a readable JWT. */
export function jwtExpiresOnMs(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const exp = (claims as Record<string, unknown>).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
