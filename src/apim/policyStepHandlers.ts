/**
 * The handlers of every step an import or "Configure AI Policies…" with prerequisites may hold: the ordinary APIM
 * steps, the managed identity and its role (shared with the Azure OpenAI import), and the prerequisites' own.
 */
import type { PolicyPlanStep } from '../domain/policies/policyPlanStep';
import { apimStepHandlers } from './apimStepHandlers';
import { roleAssignmentHandler, serviceIdentityHandler } from './azureOpenAiStepHandlers';
import type { StepHandlers } from './importExecutor';
import { prerequisiteStepHandlers } from './prerequisiteStepHandlers';

export const policyStepHandlers: StepHandlers<PolicyPlanStep> = {
  ...apimStepHandlers,
  serviceIdentity: serviceIdentityHandler,
  roleAssignment: roleAssignmentHandler,
  ...prerequisiteStepHandlers,
};
