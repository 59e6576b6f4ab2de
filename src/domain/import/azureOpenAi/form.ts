/**
 * What the user fills in to import Azure OpenAI, in either mode of the wizard: "From the resource" (managed identity or
 * an API key, the bundled spec of the chosen version) or "From the OpenAPI spec" (a bundled version or a local file with
 * its servers pointed at the resource). Holds no secret: an API key is read from the account at execution time.
 */
import type { LmApiPolicies, PoolMemberSettings, SubscriptionKeyHeader } from '../lmApiForm';
import type { AoaiCompatibility } from './compatibility';
import type { InferenceApiVersion } from './inferenceVersions';

export const AOAI_MODES = ['resource', 'spec'] as const;
export type AoaiMode = (typeof AOAI_MODES)[number];

/**
 * How APIM authenticates to the model: its managed identity (no keys; the default), an account key kept in a secret
 * named value, or nothing (a spec imported as is; callers or a later policy bring the credentials).
 */
export const AOAI_AUTH = ['managedIdentity', 'apiKey', 'none'] as const;
export type AoaiAuth = (typeof AOAI_AUTH)[number];

export type AoaiSpecSource =
  | { readonly kind: 'bundled'; readonly version: InferenceApiVersion }
  /** A file the user picked; the host reads it (the webview never sees the path's content). */
  | { readonly kind: 'file'; readonly fileName: string };

/** The same four policy groups (and LLM logging) as the Language Model API; written in their Azure OpenAI flavour. */
export type AoaiPolicies = LmApiPolicies;

/** Another account (any region or subscription) serving the same deployment names, authenticated like the first. */
export interface AoaiExtraAccount extends PoolMemberSettings {
  readonly accountId: string;
}

/** Set when the API spreads over several accounts: the form's account is the first member, `extra` the others. */
export interface AoaiPoolSettings {
  readonly primary: PoolMemberSettings;
  readonly extra: readonly AoaiExtraAccount[];
}

export interface AoaiForm {
  readonly mode: AoaiMode;
  /** ARM id of the Cognitive Services account (kind OpenAI or AIServices). */
  readonly accountId: string;
  readonly spec: AoaiSpecSource;
  readonly displayName: string;
  readonly description: string;
  /** Must end in `/openai` (see basePath.ts). */
  readonly basePath: string;
  readonly products: readonly string[];
  readonly subscriptionKeyHeader: SubscriptionKeyHeader;
  readonly auth: AoaiAuth;
  readonly policies: AoaiPolicies;
  /** Load balancing and failover over more accounts; absent for a single backend. */
  readonly pool?: AoaiPoolSettings;
  /**
   * The client compatibility (compatibility.ts); absent means Azure OpenAI. From the resource, the user's choice: with
   * `modelInference` or `v1` the bundled spec of that surface is imported (the `spec` version is not used). From a local
   * OpenAPI file, the surface its server names (specCompatibility); the bundled specs allow none.
   */
  readonly compatibility?: AoaiCompatibility;
}

/**
 * The form's client compatibility: the resource mode's choice, or in the spec mode what a local file's server says
 * (the webview reads it from the file, the host checks it against the file); the bundled specs are Azure OpenAI.
 */
export function compatibilityOf(form: Pick<AoaiForm, 'mode' | 'compatibility' | 'spec'>): AoaiCompatibility {
  return form.mode === 'resource' || form.spec.kind === 'file' ? (form.compatibility ?? 'azureOpenAi') : 'azureOpenAi';
}

export type AoaiField = Exclude<keyof AoaiForm, 'policies' | 'pool'> | `policies.${string}` | `pool.${string}`;

/** The account as the plan needs it (read from Azure by the host, never taken from the webview). */
export interface AoaiAccountFacts {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  /** The account's Azure OpenAI endpoint. */
  readonly endpoint: string;
  /** Its deployment names, when read (Review says which ones every member of a pool serves). */
  readonly deployments?: readonly string[];
}

/** The APIM instance's identity as read just before planning, so Review says what will change. */
export interface AoaiServiceFacts {
  readonly name: string;
  readonly identityType: string;
  readonly principalId?: string;
  readonly userAssignedIdentities: readonly string[];
}
