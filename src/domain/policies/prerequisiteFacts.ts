/**
 * What the host knows about the resources the AI policies depend on, for the Policies page to offer and for validation
 * to check choices against: the instance's Application Insights loggers and external caches, and — across the selected
 * subscriptions — Application Insights components, Azure Managed Redis databases, Azure AI Content Safety accounts,
 * embeddings deployments and Log Analytics workspaces. Never a credential: keys and connection strings are read only
 * inside the plan step that writes them.
 */

export interface LoggerFact {
  /** The logger's id in the instance (its name). */
  readonly id: string;
  /** The Application Insights component it sends to, when APIM knows it. */
  readonly componentId?: string;
  readonly description?: string;
}

export interface ComponentFact {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
  /** "Custom metrics with dimensions" on the component: without it, the metrics arrive without their dimensions. */
  readonly withDimensions: boolean;
}

export interface ExternalCacheFact {
  readonly id: string;
  readonly description?: string;
  /** The Redis resource it points at, when APIM knows it. */
  readonly resourceId?: string;
}

export interface RedisDatabaseFact {
  /** ARM id of the database (`…/redisEnterprise/{cluster}/databases/{db}`). */
  readonly id: string;
  readonly clusterName: string;
  readonly name: string;
  readonly location?: string;
  /** Module names, e.g. RediSearch, RedisJSON. */
  readonly modules: readonly string[];
}

export interface ContentSafetyAccountFact {
  readonly id: string;
  readonly name: string;
  readonly endpoint: string;
  readonly location?: string;
}

export interface EmbeddingsDeploymentFact {
  readonly accountId: string;
  readonly accountName: string;
  readonly deployment: string;
  readonly model?: string;
}

export interface WorkspaceFact {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
}

export interface PrerequisiteFacts {
  readonly loggers: readonly LoggerFact[];
  readonly externalCaches: readonly ExternalCacheFact[];
  /** Names of the instance's diagnostic settings that send GatewayLlmLogs to a Log Analytics workspace. */
  readonly llmLogSettings: readonly string[];
  readonly components: readonly ComponentFact[];
  readonly redisDatabases: readonly RedisDatabaseFact[];
  readonly contentSafetyAccounts: readonly ContentSafetyAccountFact[];
  readonly embeddingsDeployments: readonly EmbeddingsDeploymentFact[];
  readonly workspaces: readonly WorkspaceFact[];
  /** One sentence per read that failed (a subscription, a resource type); the rest is still offered. */
  readonly failures: readonly string[];
}

/** The module an external cache for semantic caching must have; it can only be chosen when a database is created. */
export const REDISEARCH_MODULE = 'RediSearch';

export const hasRediSearch = (db: Pick<RedisDatabaseFact, 'modules'>): boolean =>
  db.modules.some((m) => m.toLowerCase() === REDISEARCH_MODULE.toLowerCase());

/** Components, Redis databases and accounts live in subscriptions; ids compare without case, as ARM does. */
export const sameArmId = (a: string, b: string): boolean => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/** An embeddings backend is one whose URL ends in an embeddings operation (Azure OpenAI deployment or OpenAI-compatible). */
export function isEmbeddingsUrl(url: string): boolean {
  return /\/embeddings\/?$/i.test(url.split('?')[0] ?? '');
}
