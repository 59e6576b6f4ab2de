/**
 * Messages between the "Configure AI Policies…" panel and its webview, both ways, with runtime parsers. The page sends
 * only policy settings (parsed here by the import's own parsers, validated again by the host); it never holds a
 * secret: prerequisites read keys and connection strings inside their plan steps.
 */
import type { FieldErrors } from '../domain/import/validation';
import type { LmApiPolicies } from '../domain/import/lmApiForm';
import { STEP_STATUSES, type StepStatus } from '../domain/import/importPlan';
import type { DiffLine } from '../domain/policies/lineDiff';
import type { LockedGroups } from '../domain/policies/readPolicySettings';
import { isRecord, ok, readMessageType, type Parsed } from '../domain/guards';
import type { ReviewStep, WizardFacts } from './importWizard';
import { readRequestId } from './parsers';
import { parseLmApiPolicies } from './policySettings';

export type { DiffLine, LockedGroups };

/** In `#app[data-state]`: what the page shows before the host answers. */
export interface PoliciesBootState {
  readonly api: string;
  readonly instance: string;
}

export interface PoliciesInit {
  /** The page's first values, read from the API's policy and diagnostics. */
  readonly initial: LmApiPolicies;
  /** Groups the page leaves as they are, each with the sentence that says why. */
  readonly locked: LockedGroups;
  /** Backends of the instance; the prerequisites arrive later in a `facts` event (they read across subscriptions). */
  readonly facts: WizardFacts;
}

export interface PoliciesReview {
  readonly title: string;
  readonly steps: readonly ReviewStep[];
  /** The policy XML, before → after, line by line. */
  readonly diff: readonly DiffLine[];
  /** Nothing would be written: the page says "No changes" and offers no Apply. */
  readonly noChanges: boolean;
  /** A step cannot be written (e.g. the policy changed since the page read it). */
  readonly blocked?: string;
}

export type PoliciesOutcome =
  | { readonly status: 'succeeded'; readonly message: string }
  | { readonly status: 'noChanges'; readonly message: string }
  /** Failed and rolled back (or what could not be rolled back is named). */
  | { readonly status: 'failed'; readonly message: string }
  /** The policy changed since Review: nothing was written. */
  | { readonly status: 'conflict'; readonly message: string };

export type PoliciesRequest =
  { readonly type: 'ready' } | { readonly type: 'review' | 'apply'; readonly requestId: number; readonly policies: LmApiPolicies };

export type PoliciesEvent =
  | { readonly type: 'init'; readonly init: PoliciesInit }
  | { readonly type: 'facts'; readonly facts: WizardFacts }
  | { readonly type: 'loadFailed'; readonly message: string }
  | { readonly type: 'invalid'; readonly requestId: number; readonly errors: FieldErrors }
  | { readonly type: 'reviewReady'; readonly requestId: number; readonly review: PoliciesReview }
  | {
      readonly type: 'progress';
      readonly requestId: number;
      readonly stepId: string;
      readonly status: StepStatus;
      readonly message?: string;
    }
  | { readonly type: 'finished'; readonly requestId: number; readonly outcome: PoliciesOutcome }
  | { readonly type: 'error'; readonly requestId?: number; readonly message: string };

const REQUEST_TYPES = ['ready', 'review', 'apply'] as const;

export function parsePoliciesRequest(raw: unknown): Parsed<PoliciesRequest> {
  const type = readMessageType(raw, REQUEST_TYPES);
  if (!type.ok) return type;
  const m = raw as Record<string, unknown>;
  if (type.value === 'ready') return ok({ type: 'ready' });
  const id = readRequestId(m);
  if (!id.ok) return id;
  const policies = parseLmApiPolicies(m.policies);
  return policies.ok ? ok({ type: type.value, requestId: id.value, policies: policies.value }) : policies;
}

const EVENT_TYPES = ['init', 'facts', 'loadFailed', 'invalid', 'reviewReady', 'progress', 'finished', 'error'];

/** The webview trusts the host but drops what is not one of its events (other extensions' noise, bugs). */
export function parsePoliciesEvent(raw: unknown): PoliciesEvent | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !EVENT_TYPES.includes(raw.type)) return undefined;
  if (raw.type === 'progress' && !(STEP_STATUSES as readonly unknown[]).includes(raw.status)) return undefined;
  return raw as unknown as PoliciesEvent;
}
