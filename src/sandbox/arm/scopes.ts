/** Route prefixes and parent lookups shared by the APIM families: a missing parent is a 404, as in Azure. */
import type { ArmResource } from '../store';
import { ArmError, entityNotFound, resourceNotFound } from './errors';
import { resourceGroupId, serviceId } from './ids';
import type { ArmRequest } from './request';

export const SUBSCRIPTION = '/subscriptions/{sub}';
export const RESOURCE_GROUP = `${SUBSCRIPTION}/resourceGroups/{rg}`;
export const SERVICE = `${RESOURCE_GROUP}/providers/Microsoft.ApiManagement/service/{service}`;
export const API = `${SERVICE}/apis/{apiId}`;
export const OPERATION = `${API}/operations/{operationId}`;
export const PRODUCT = `${SERVICE}/products/{productId}`;
export const ACCOUNT = `${RESOURCE_GROUP}/providers/Microsoft.CognitiveServices/accounts/{account}`;

export function findResourceGroup(req: ArmRequest): ArmResource {
  const sub = req.params.sub;
  if (!req.store.get(`/subscriptions/${sub}`)) {
    throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  }
  const rg = req.store.get(resourceGroupId(sub, req.params.rg));
  if (!rg) throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${req.params.rg}' could not be found.`);
  return rg;
}

export function findService(req: ArmRequest): ArmResource {
  findResourceGroup(req);
  const svc = req.store.get(serviceId(req.params.sub, req.params.rg, req.params.service));
  if (!svc) throw resourceNotFound('Microsoft.ApiManagement/service', req.params.service, req.params.rg);
  return svc;
}

export function findApi(req: ArmRequest): ArmResource {
  const api = req.store.get(`${findService(req).id}/apis/${req.params.apiId}`);
  if (!api) throw entityNotFound('Api');
  return api;
}

export function findOperation(req: ArmRequest): ArmResource {
  const op = req.store.get(`${findApi(req).id}/operations/${req.params.operationId}`);
  if (!op) throw entityNotFound('Operation');
  return op;
}

export function findProduct(req: ArmRequest): ArmResource {
  const product = req.store.get(`${findService(req).id}/products/${req.params.productId}`);
  if (!product) throw entityNotFound('Product');
  return product;
}

/** Every resource of `type` in the request's subscription (a 404 when the subscription does not exist). */
export function ofTypeInSubscription(req: ArmRequest, type: string): ArmResource[] {
  if (!req.store.get(`/subscriptions/${req.params.sub}`)) {
    throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${req.params.sub}' could not be found.`);
  }
  const prefix = `/subscriptions/${req.params.sub}/`.toLowerCase();
  return req.store.ofType(type).filter((r) => r.id.toLowerCase().startsWith(prefix));
}
