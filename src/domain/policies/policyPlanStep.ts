/** Every step an import or "Configure AI Policies…" with prerequisites may hold. */
import type { ApimStep } from '../import/apimSteps';
import type { RoleAssignmentStep, ServiceIdentityStep } from '../import/azureOpenAi/steps';
import type { PrerequisiteStep } from './steps';

export type PolicyPlanStep = ApimStep | PrerequisiteStep | ServiceIdentityStep | RoleAssignmentStep;
