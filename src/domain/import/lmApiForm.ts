/**
 * What the user fills in to import a Language Model API. Holds no secret: the key travels separately, only in the
 * "create" message and only in memory, until it is written to the secret named value.
 */
import type { BreakerSettings } from '../pools/breakerRule';
import type { ProviderId } from './providers';

export const LM_API_TYPES = ['chat-completions', 'passthrough'] as const;
export type LmApiType = (typeof LM_API_TYPES)[number];

export const SUBSCRIPTION_KEY_HEADERS = ['api-key', 'Ocp-Apim-Subscription-Key'] as const;
export type SubscriptionKeyHeader = (typeof SUBSCRIPTION_KEY_HEADERS)[number];

export const QUOTA_PERIODS = ['Hourly', 'Daily', 'Weekly', 'Monthly', 'Yearly'] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

export const COUNTER_KEYS = ['subscription', 'ip'] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];

/** Dimensions `llm-emit-token-metric` fills in by itself (no `value` needed); at most five per policy. */
export const METRIC_DIMENSIONS = [
  'API ID',
  'Operation ID',
  'Product ID',
  'Subscription ID',
  'User ID',
  'Location',
  'Gateway ID',
  'Backend ID',
] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];
export const MAX_METRIC_DIMENSIONS = 5;

export const SAFETY_CATEGORIES = ['Hate', 'Sexual', 'SelfHarm', 'Violence'] as const;
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

export interface TokenLimitSettings {
  readonly tokensPerMinute: number;
  /** Optional quota over `tokenQuotaPeriod`; both or neither. */
  readonly tokenQuota?: number;
  readonly tokenQuotaPeriod?: QuotaPeriod;
  readonly counterKey: CounterKey;
  readonly remainingTokensHeader: boolean;
  readonly consumedTokensHeader: boolean;
}

export interface TokenMetricsSettings {
  readonly namespace: string;
  readonly dimensions: readonly MetricDimension[];
}

export interface SemanticCacheSettings {
  readonly embeddingsBackendId: string;
  /** 0..1: how close a prompt must be to a cached one to reuse its answer. */
  readonly scoreThreshold: number;
  readonly durationSeconds: number;
}

export interface ContentSafetySettings {
  readonly backendId: string;
  /** Severity threshold 0..7 per category; a category absent from the list is not checked. */
  readonly categories: readonly { readonly name: SafetyCategory; readonly threshold: number }[];
  readonly shieldPrompt: boolean;
}

export interface LmApiPolicies {
  readonly tokenLimit?: TokenLimitSettings;
  readonly tokenMetrics?: TokenMetricsSettings;
  readonly semanticCache?: SemanticCacheSettings;
  readonly contentSafety?: ContentSafetySettings;
}

/** Where a backend stands in the pool and when its circuit opens. */
export interface PoolMemberSettings {
  readonly priority: number;
  readonly weight: number;
  readonly breaker: BreakerSettings;
}

/** Another URL of the same kind of model, with its own key (sent in the same header, kept in its own named value). */
export interface LmExtraBackend extends PoolMemberSettings {
  readonly url: string;
}

/** Set when the API spreads over several backends: the form's URL is the first member, `extra` the others. */
export interface LmPoolSettings {
  readonly primary: PoolMemberSettings;
  readonly extra: readonly LmExtraBackend[];
}

export interface LmApiForm {
  readonly provider: ProviderId;
  readonly displayName: string;
  readonly description: string;
  /** The OpenAI-compatible base URL of the model. */
  readonly url: string;
  /** The API's URL suffix in the gateway. */
  readonly path: string;
  readonly type: LmApiType;
  readonly headerName: string;
  /** How the key becomes the header value, e.g. `Bearer {key}`. */
  readonly headerValueFormat: string;
  /** Product ids to link the API to. */
  readonly products: readonly string[];
  readonly subscriptionKeyHeader: SubscriptionKeyHeader;
  readonly policies: LmApiPolicies;
  /** Load balancing and failover over more URLs; absent for a single backend. */
  readonly pool?: LmPoolSettings;
}

export type LmApiField = Exclude<keyof LmApiForm, 'policies' | 'pool'> | 'key' | `policies.${string}` | `pool.${string}`;
