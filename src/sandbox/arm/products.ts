/**
 * Products and their API links (`PUT/DELETE {product}/apis/{apiId}`, list both ways). A link is stored as a child of
 * the product; listing a product's APIs renders the APIs themselves, as APIM does.
 */
import type { ArmResource } from '../store';
import { renderSubscription } from './apimSubscriptions';
import { entityNotFound, validationError } from './errors';
import { entityRoutes, envelope } from './entities';
import { TYPES, nameOf, serviceIdOf } from './ids';
import { pageOf } from './paging';
import type { ArmRequest, ArmRoute } from './request';
import { API, PRODUCT, findApi, findProduct, findService } from './scopes';

export function productRoutes(): ArmRoute[] {
  return [
    ...entityRoutes({
      pattern: PRODUCT,
      collection: 'products',
      idParam: 'productId',
      type: TYPES.product,
      label: 'Product',
      parent: findService,
      build: ({ properties: p }) => {
        if (typeof p.displayName !== 'string' || p.displayName === '') throw validationError('displayName', "'displayName' is required.");
        if (p.state !== undefined && p.state !== 'published' && p.state !== 'notPublished') {
          throw validationError('state', "'state' must be 'published' or 'notPublished'.");
        }
        for (const field of ['subscriptionRequired', 'approvalRequired'] as const) {
          if (p[field] !== undefined && typeof p[field] !== 'boolean') throw validationError(field, `'${field}' must be true or false.`);
        }
        const limit = p.subscriptionsLimit;
        if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)) {
          throw validationError('subscriptionsLimit', "'subscriptionsLimit' must be a non-negative integer, or null for no limit.");
        }
        return {
          ...p,
          subscriptionRequired: p.subscriptionRequired ?? true,
          approvalRequired: p.approvalRequired ?? false,
          state: p.state ?? 'notPublished',
        };
      },
      render: (p) => ({ ...p.properties }),
      // `deleteSubscriptions=true` removes the product's subscriptions with it; the links and its policy always go.
      beforeDelete: (req, product) => {
        if (req.url.searchParams.get('deleteSubscriptions')?.toLowerCase() !== 'true') return;
        const service = serviceIdOf(product.id)!;
        for (const sub of req.store.children(service, 'subscriptions')) {
          if (typeof sub.properties.scope === 'string' && sub.properties.scope.toLowerCase() === product.id.toLowerCase()) {
            req.store.delete(sub.id);
          }
        }
      },
    }),
    {
      method: 'GET',
      pattern: `${PRODUCT}/apis`,
      handler: (req) => pageOf(req, linkedApis(req, findProduct(req)), (api) => envelope(api, { ...api.properties }), true),
    },
    {
      // Only HEAD (checkEntityExists) is real APIM here; it answers 204 when the link exists.
      method: 'GET',
      pattern: `${PRODUCT}/apis/{apiId}`,
      handler: (req) => {
        const product = findProduct(req);
        if (!req.store.get(`${product.id}/apis/${req.params.apiId}`)) throw entityNotFound('Api');
        return { status: 204 };
      },
    },
    {
      method: 'PUT',
      pattern: `${PRODUCT}/apis/{apiId}`,
      handler: (req) => {
        const product = findProduct(req);
        const api = findApi(req);
        const linkId = `${product.id}/apis/${api.name}`;
        const existed = req.store.get(linkId) !== undefined;
        req.store.put({ id: linkId, name: api.name, type: TYPES.productApi, properties: { apiId: api.id } });
        return { status: existed ? 200 : 201, body: envelope(api, { ...api.properties }) };
      },
    },
    {
      method: 'DELETE',
      pattern: `${PRODUCT}/apis/{apiId}`,
      handler: (req) => {
        const product = findProduct(req);
        return { status: req.store.delete(`${product.id}/apis/${req.params.apiId}`) ? 200 : 204 };
      },
    },
    {
      // The product's subscriptions (`productSubscriptions.list`), keys left out as in every subscription read.
      method: 'GET',
      pattern: `${PRODUCT}/subscriptions`,
      handler: (req) => {
        const product = findProduct(req);
        const subs = req.store
          .children(findService(req).id, 'subscriptions')
          .filter((s) => typeof s.properties.scope === 'string' && s.properties.scope.toLowerCase() === product.id.toLowerCase());
        return pageOf(req, subs, (s) => envelope(s, renderSubscription(s)), true);
      },
    },
    {
      method: 'GET',
      pattern: `${API}/products`,
      handler: (req) => {
        const api = findApi(req);
        const service = findService(req);
        const products = req.store.children(service.id, 'products').filter((p) => req.store.get(`${p.id}/apis/${api.name}`));
        return pageOf(req, products, (p) => envelope(p, { ...p.properties }), true);
      },
    },
  ];
}

function linkedApis(req: ArmRequest, product: ArmResource): ArmResource[] {
  const out: ArmResource[] = [];
  for (const link of req.store.children(product.id, 'apis')) {
    const api = req.store.get(`${serviceIdOf(product.id)!}/apis/${nameOf(link.id)}`);
    if (api) out.push(api);
  }
  return out;
}
