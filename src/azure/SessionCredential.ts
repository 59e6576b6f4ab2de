/**
 * A TokenCredential over VS Code's authentication sessions. The session API hides the token's lifetime, so we read it
 * from the JWT itself; the SDK's bearer policy then refreshes at the right time by calling getToken again, which asks
 * VS Code silently (VS Code refreshes the session behind it).
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { jwtExpiresOnMs } from './jwt';

export interface SessionRequest {
  readonly scopes: readonly string[];
  /** Never prompt: the credential is used in the background. */
  readonly silent: true;
}

/** What VS Code's `authentication.getSession` gives us, reduced to what we use. */
export type SessionSource = (request: SessionRequest) => Promise<{ readonly accessToken: string } | undefined>;

/** Thrown when there is no session or it expired and cannot be refreshed silently. */
export class SignInRequiredError extends Error {
  override readonly name = 'SignInRequiredError';
}

/** Lifetime assumed for a token whose expiry cannot be read: short, so that we ask again soon rather than fail. */
const unknownLifetimeMs = 5 * 60_000;

export class SessionCredential implements TokenCredential {
  constructor(
    private readonly source: SessionSource,
    /** Extra scopes such as `VSCODE_TENANT:{id}` that pick the tenant. */
    private readonly extraScopes: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const requested = [...(Array.isArray(scopes) ? scopes : [scopes]), ...this.extraScopes];
    const tenantScope = options?.tenantId ? [`VSCODE_TENANT:${options.tenantId}`] : [];
    const all = [...new Set([...requested, ...tenantScope])];
    const session = await this.source({ scopes: all, silent: true });
    if (!session) {
      throw new SignInRequiredError('You are not signed in to Azure. Run "AI Gateway: Sign In" and try again.');
    }
    const expiresOnTimestamp = jwtExpiresOnMs(session.accessToken) ?? this.now() + unknownLifetimeMs;
    if (expiresOnTimestamp <= this.now()) {
      throw new SignInRequiredError('Your Azure session has expired. Run "AI Gateway: Sign In" to sign in again.');
    }
    return { token: session.accessToken, expiresOnTimestamp, tokenType: 'Bearer' };
  }
}
