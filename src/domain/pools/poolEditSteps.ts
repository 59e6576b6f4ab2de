/**
 * The plan steps of changing a pool on an existing API (src/apim/poolEditStepHandlers.ts runs them), beside the
 * ordinary APIM steps and the Azure OpenAI identity and role: a member's circuit-breaker rule set on a backend that
 * exists (everything else of it kept), and deleting a pool nobody uses any more.
 */
import type { ApimStep } from '../import/apimSteps';
import type { RoleAssignmentStep, ServiceIdentityStep } from '../import/azureOpenAi/steps';
import type { PlanStep } from '../import/importPlan';
import type { BreakerRulePayload } from './breakerRule';

/** The backend's first rule becomes `rule`; its URL, credentials and any further rules stay as they are. */
export type BackendBreakerStep = PlanStep<'backendBreaker', { readonly backendId: string; readonly rule: BreakerRulePayload }>;

/** Deletes a backend (a pool this API no longer routes to); undone by writing it back as it was. */
export type BackendDeleteStep = PlanStep<'backendDelete', { readonly backendId: string }>;

export type PoolEditStep = ApimStep | ServiceIdentityStep | RoleAssignmentStep | BackendBreakerStep | BackendDeleteStep;
