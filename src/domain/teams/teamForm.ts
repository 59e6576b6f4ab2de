/**
 * What "Onboard a Team…" asks for: a team becomes a product (new, or one that exists) holding its LLM APIs, with token
 * limits at product scope counted per subscription, and one subscription (the team's key). Plain JSON: the form
 * crosses the webview boundary, and holds no secret.
 */
import { QUOTA_PERIODS, type QuotaPeriod } from '../import/lmApiForm';

export { QUOTA_PERIODS, type QuotaPeriod };

export type TeamProductChoice =
  | {
      readonly mode: 'new';
      /** The product id, made from the team name unless the user typed another one. */
      readonly productId: string;
      readonly displayName: string;
      readonly description: string;
      /** Published products can be subscribed to from the developer portal too. */
      readonly published: boolean;
      readonly approvalRequired: boolean;
      /** Subscriptions one user may hold to the product at once; undefined for no limit. */
      readonly subscriptionsLimit?: number;
    }
  | { readonly mode: 'existing'; readonly productId: string };

export interface TeamTokenLimits {
  /** Tokens per minute per subscription (429 with Retry-After past it); undefined for no rate limit. */
  readonly tokensPerMinute?: number;
  /** Tokens per period per subscription (403 once spent); both or neither. */
  readonly tokenQuota?: number;
  readonly tokenQuotaPeriod?: QuotaPeriod;
}

export interface TeamSubscriptionChoice {
  /** The subscription's id (its name in the instance), made from the team name unless typed. */
  readonly subscriptionId: string;
  readonly displayName: string;
  /** An APIM user id (`1` is the built-in administrator); undefined for a subscription without an owner. */
  readonly ownerUserId?: string;
}

export interface TeamForm {
  readonly teamName: string;
  readonly product: TeamProductChoice;
  /** API ids (names in the instance) to put into the product. */
  readonly apiIds: readonly string[];
  /** Undefined: no token limit is written (an existing product's policy is then left as it is). */
  readonly limits?: TeamTokenLimits;
  readonly subscription: TeamSubscriptionChoice;
}

/** Field keys for errors, as the webview names its controls. */
export const TEAM_FIELDS = [
  'teamName',
  'productId',
  'productDisplayName',
  'productDescription',
  'apiIds',
  'tokensPerMinute',
  'tokenQuota',
  'subscriptionsLimit',
  'subscriptionId',
  'subscriptionDisplayName',
  'ownerUserId',
] as const;
export type TeamField = (typeof TEAM_FIELDS)[number];
export type TeamFieldErrors = Partial<Record<TeamField, string>>;
