/** Operations of an API: `{ displayName, method, urlTemplate }` required, as in APIM; the gateway routes on them. */
import { validationError } from './errors';
import { checkMaxLength } from './limits';
import { entityRoutes } from './entities';
import { TYPES } from './ids';
import type { ArmRoute } from './request';
import { OPERATION, findApi } from './scopes';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];

export function operationRoutes(): ArmRoute[] {
  return entityRoutes({
    pattern: OPERATION,
    collection: 'operations',
    idParam: 'operationId',
    maxNameLength: 80,
    type: TYPES.operation,
    label: 'Operation',
    parent: findApi,
    build: ({ properties }) => operationProperties(properties),
    render: (op) => ({ ...op.properties, request: op.properties.request ?? emptyRequest() }),
  });
}

/** Validates an operation's properties and fills APIM's defaults. */
export function operationProperties(props: Record<string, unknown>): Record<string, unknown> {
  if (typeof props.displayName !== 'string' || props.displayName === '') throw validationError('displayName', "'displayName' is required.");
  if (typeof props.method !== 'string' || !METHODS.includes(props.method.toUpperCase())) {
    throw validationError('method', `'method' must be one of ${METHODS.join(', ')}.`);
  }
  if (typeof props.urlTemplate !== 'string' || !props.urlTemplate.startsWith('/')) {
    throw validationError('urlTemplate', "'urlTemplate' is required and must start with '/'.");
  }
  checkMaxLength(props, 'displayName', 300);
  checkMaxLength(props, 'urlTemplate', 1000);
  checkMaxLength(props, 'description', 1000);
  return {
    ...props,
    method: props.method.toUpperCase(),
    templateParameters: Array.isArray(props.templateParameters) ? props.templateParameters : [],
    description: typeof props.description === 'string' ? props.description : '',
    responses: Array.isArray(props.responses) ? props.responses : [],
    request: typeof props.request === 'object' && props.request !== null ? props.request : emptyRequest(),
  };
}

/** APIM answers `request` even for an operation without parameters (ApiManagementGetApiOperationPetStore). */
export const emptyRequest = (): Record<string, unknown> => ({ queryParameters: [], headers: [], representations: [] });
