/** The handlers of a pool edit's plan: the ordinary APIM steps, the Azure OpenAI identity and role, and the backend edits. */
import type { PoolEditStep } from '../domain/pools/poolEditSteps';
import { roleAssignmentHandler, serviceIdentityHandler } from './azureOpenAiStepHandlers';
import { apimStepHandlers } from './apimStepHandlers';
import type { StepHandlers } from './importExecutor';
import { backendBreakerHandler, backendDeleteHandler } from './steps/backendEditSteps';

export const poolEditStepHandlers: StepHandlers<PoolEditStep> = {
  ...apimStepHandlers,
  serviceIdentity: serviceIdentityHandler,
  roleAssignment: roleAssignmentHandler,
  backendBreaker: backendBreakerHandler,
  backendDelete: backendDeleteHandler,
};
