/**
 * The plan steps only an Azure OpenAI import has, beside the ordinary APIM steps of apimSteps.ts: enabling APIM's
 * system-assigned identity, granting it a role on the account, and creating the API by importing an OpenAPI document.
 * src/apim/azureOpenAiStepHandlers.ts executes (and rolls back) them.
 */
import type { ApimStep, NamedValueStep } from '../apimSteps';
import type { PlanStep } from '../importPlan';
import type { SpecOperation } from './openApiDocument';
import type { PrerequisiteStep } from '../../policies/steps';

export type ServiceIdentityStep = PlanStep<
  'serviceIdentity',
  {
    readonly serviceName: string;
    /** Already there: the step only reads its principal id. */
    readonly alreadyEnabled: boolean;
    /** User-assigned identities the PATCH keeps. */
    readonly keptUserAssigned: readonly string[];
  }
>;

export type RoleAssignmentStep = PlanStep<
  'roleAssignment',
  {
    readonly accountId: string;
    readonly accountName: string;
    readonly roleGuid: string;
    readonly roleName: string;
    /** How the sentence for a user who may not assign roles names the account (default "Azure OpenAI resource"). */
    readonly resourceKind?: string;
    /** The step whose result is the principal to grant the role to. */
    readonly identityStepId: string;
  }
>;

export type ApiImportStep = PlanStep<
  'apiImport',
  {
    readonly apiId: string;
    readonly displayName: string;
    readonly description: string;
    readonly path: string;
    readonly subscriptionKeyHeader: string;
    readonly format: 'openapi+json' | 'swagger-json';
    /** The OpenAPI document, servers already pointed at the resource. */
    readonly value: string;
    /** What APIM will create from it, for Review and for checking the result. */
    readonly operations: readonly SpecOperation[];
  }
>;

/**
 * "Use an API key instead": a secret named value whose value is a key of the account. The handler reads the key from
 * Azure itself when it runs, so the key never travels through the wizard, the plan or any message.
 */
export type AccountKeyNamedValueStep = PlanStep<'accountKeyNamedValue', NamedValueStep['payload'] & { readonly accountId: string }>;

export type AoaiOnlyStep = ServiceIdentityStep | RoleAssignmentStep | ApiImportStep | AccountKeyNamedValueStep;
/** With the AI policies' prerequisites, which an Azure OpenAI import sets up as the Language Model API does. */
export type AoaiStep = ApimStep | AoaiOnlyStep | PrerequisiteStep;
