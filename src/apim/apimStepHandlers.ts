/**
 * Executes the APIM plan steps of src/domain/import/apimSteps.ts with the real SDK: reads to inspect, conditional writes
 * (If-None-Match: * to create, If-Match with the ETag read before to update), deletes or restores to undo.
 */
import type { ApimStep } from '../domain/import/apimSteps';
import type { StepHandlers } from './importExecutor';
import { apiHandler } from './steps/apiStep';
import { apiPolicyHandler } from './steps/apiPolicyStep';
import { backendPoolHandler } from './steps/backendPoolStep';
import { backendHandler } from './steps/backendStep';
import { namedValueHandler } from './steps/namedValueStep';
import { operationHandler } from './steps/operationStep';
import { productApiHandler } from './steps/productApiStep';

/** The handlers of every APIM step kind; an import with more kinds spreads this into its own registry. */
export const apimStepHandlers: StepHandlers<ApimStep> = {
  namedValue: namedValueHandler,
  backend: backendHandler,
  backendPool: backendPoolHandler,
  api: apiHandler,
  operation: operationHandler,
  apiPolicy: apiPolicyHandler,
  productApi: productApiHandler,
};
