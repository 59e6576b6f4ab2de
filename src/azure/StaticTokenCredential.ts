import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** The sandbox's credential: one fixed bearer token that lives as long as the sandbox does. */
export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}

  getToken(): Promise<AccessToken> {
    return Promise.resolve({ token: this.token, expiresOnTimestamp: Date.now() + 60 * 60_000, tokenType: 'Bearer' });
  }
}
