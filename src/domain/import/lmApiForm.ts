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

/**
 * Where `llm-emit-token-metric` sends its metrics: an Application Insights logger the instance has, or an Application
 * Insights component to create a logger for. Without either, Azure emits nothing and says nothing.
 */
export type MetricsDestination =
  { readonly kind: 'logger'; readonly loggerId: string } | { readonly kind: 'component'; readonly componentId: string };

export interface TokenMetricsSettings {
  readonly namespace: string;
  readonly dimensions: readonly MetricDimension[];
  /** Absent only in forms from before prerequisites were set up (then only the policy is written). */
  readonly destination?: MetricsDestination;
  /** Turn on "custom metrics with dimensions" on the component when it is off (else the dimensions are dropped). */
  readonly enableDimensions?: boolean;
}

/** An Azure OpenAI / AI Services embeddings deployment to create the embeddings backend from. */
export interface EmbeddingsDeploymentRef {
  readonly accountId: string;
  readonly deployment: string;
}

export interface SemanticCacheSettings {
  /** The backend the lookup calls for embeddings: an existing one, or the one created from `embeddingsDeployment`. */
  readonly embeddingsBackendId: string;
  readonly embeddingsDeployment?: EmbeddingsDeploymentRef;
  /** An Azure Managed Redis (Redis Enterprise) database with RediSearch to register as the instance's external cache. */
  readonly redisDatabaseId?: string;
  /** 0..1: how close a prompt must be to a cached one to reuse its answer. */
  readonly scoreThreshold: number;
  readonly durationSeconds: number;
  /** Answers are kept per subscription (default): one subscriber's cached answer never reaches another. */
  readonly varyBySubscription?: boolean;
}

export interface ContentSafetySettings {
  /** The backend the policy calls: an existing one, or the one created for `accountId`. */
  readonly backendId: string;
  /** An Azure AI Content Safety account (kind ContentSafety) to create the backend for, with managed identity. */
  readonly accountId?: string;
  /** Severity threshold 0..7 per category; a category absent from the list is not checked. */
  readonly categories: readonly { readonly name: SafetyCategory; readonly threshold: number }[];
  readonly shieldPrompt: boolean;
  /** Names of blocklists of the account to check prompts against. */
  readonly blocklists?: readonly string[];
}

/** "Log prompts and completions" on the API's `azuremonitor` diagnostic, up to the given bytes of each (0: not logged). */
export interface LlmLoggingSettings {
  readonly promptBytes: number;
  readonly completionBytes: number;
  /** A Log Analytics workspace to send the instance's GatewayLlmLogs to, when no diagnostic setting does yet. */
  readonly workspaceId?: string;
}

export interface LmApiPolicies {
  readonly tokenLimit?: TokenLimitSettings;
  readonly tokenMetrics?: TokenMetricsSettings;
  readonly semanticCache?: SemanticCacheSettings;
  readonly contentSafety?: ContentSafetySettings;
  readonly llmLogging?: LlmLoggingSettings;
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
