/**
 * APIM subscriptions (keys): scope `/apis`, `/apis/{id}` or `/products/{id}` (or the full ids), keys generated when
 * not given and never returned by GET or list, only by `listSecrets`. Every service has the built-in all-access
 * subscription `master` (created by the seed). As in Azure, a subscription created without a state is `submitted`
 * (the 2024-05-01 example ApiManagementCreateSubscription.json answers so), an owner is an existing user, and a
 * product's `subscriptionsLimit` caps the subscriptions one user holds to it ("Subscriptions limit reached for same
 * user", the error APIM answers).
 */
import { randomBytes } from 'node:crypto';
import type { ArmResource } from '../store';
import { ArmError, entityNotFound, validationError } from './errors';
import { entityRoutes, type BuildInput } from './entities';
import { etagHeaders } from './etag';
import { TYPES, serviceIdOf } from './ids';
import { ok, type ArmRequest, type ArmRoute } from './request';
import { SERVICE, findService } from './scopes';
import { findUser } from './users';

const PATTERN = `${SERVICE}/subscriptions/{sid}`;
const STATES = ['suspended', 'active', 'expired', 'submitted', 'rejected', 'cancelled'];

/** A new subscription key: 32 hex characters, like APIM's. */
export const newSubscriptionKey = (): string => randomBytes(16).toString('hex');

export function apimSubscriptionRoutes(): ArmRoute[] {
  const find = (req: ArmRequest): ArmResource => {
    const sub = req.store.get(`${findService(req).id}/subscriptions/${req.params.sid}`);
    if (!sub) throw entityNotFound('Subscription');
    return sub;
  };
  const regenerate = (field: 'primaryKey' | 'secondaryKey') => (req: ArmRequest) => {
    const sub = find(req);
    req.store.put({ ...sub, properties: { ...sub.properties, [field]: newSubscriptionKey() } });
    return { status: 204 };
  };
  return [
    ...entityRoutes({
      pattern: PATTERN,
      collection: 'subscriptions',
      idParam: 'sid',
      type: TYPES.apimSubscription,
      label: 'Subscription',
      parent: findService,
      build: buildSubscription,
      render: renderSubscription,
      filterField: (r, field) => (field.toLowerCase() === 'name' ? r.name : (r.properties[field] as string | undefined)),
    }),
    {
      method: 'POST',
      pattern: `${PATTERN}/listSecrets`,
      handler: (req) => {
        const sub = find(req);
        return ok({ primaryKey: sub.properties.primaryKey, secondaryKey: sub.properties.secondaryKey }, etagHeaders(sub));
      },
    },
    { method: 'POST', pattern: `${PATTERN}/regeneratePrimaryKey`, handler: regenerate('primaryKey') },
    { method: 'POST', pattern: `${PATTERN}/regenerateSecondaryKey`, handler: regenerate('secondaryKey') },
  ];
}

function buildSubscription({ req, parent, properties: p, existing }: BuildInput): Record<string, unknown> {
  if (typeof p.displayName !== 'string' || p.displayName === '') throw validationError('displayName', "'displayName' is required.");
  if (typeof p.scope !== 'string') {
    throw validationError('scope', "'scope' is required: '/apis', '/apis/{apiId}' or '/products/{productId}'.");
  }
  const scope = fullScope(parent.id, p.scope);
  const target = scope.slice(parent.id.length);
  if (target !== '/apis' && !req.store.get(scope)) throw validationError('scope', `Subscription scope '${p.scope}' does not exist.`);
  if (p.state !== undefined && (typeof p.state !== 'string' || !STATES.includes(p.state))) {
    throw validationError('state', `'state' must be one of ${STATES.join(', ')}.`);
  }
  const ownerId = p.ownerId === undefined || p.ownerId === null ? undefined : ownerOf(req, parent, p.ownerId);
  if (!existing && ownerId) checkSubscriptionsLimit(req, scope, ownerId);
  return {
    ...p,
    scope,
    ...(ownerId ? { ownerId } : {}),
    state: p.state ?? 'submitted',
    allowTracing: p.allowTracing ?? false,
    createdDate: existing?.properties.createdDate ?? new Date().toISOString(),
    primaryKey: str(p.primaryKey) ?? str(existing?.properties.primaryKey) ?? newSubscriptionKey(),
    secondaryKey: str(p.secondaryKey) ?? str(existing?.properties.secondaryKey) ?? newSubscriptionKey(),
  };
}

/** The owner as a full user id; the user must exist (the built-in administrator `1` always does). */
function ownerOf(req: ArmRequest, service: ArmResource, ownerId: unknown): string {
  const m = typeof ownerId === 'string' ? /(?:^|\/)users\/([^/]+)\/?$/i.exec(ownerId) : null;
  if (!m) throw validationError('ownerId', "'ownerId' must be a user id: '/users/{userId}'.");
  const user = findUser(req.store, service, m[1]);
  // The wording of APIM's answer for an unknown owner is unverified.
  if (!user) throw validationError('ownerId', `User '${m[1]}' not found.`);
  return user.id;
}

/** States that hold a place under a product's per-user limit; which ones APIM counts is unverified beyond these. */
const HOLDS_A_PLACE = ['active', 'suspended', 'submitted'];

function checkSubscriptionsLimit(req: ArmRequest, scope: string, ownerId: string): void {
  if (!/\/products\/[^/]+$/i.test(scope)) return;
  const limit = req.store.get(scope)?.properties.subscriptionsLimit;
  if (typeof limit !== 'number') return;
  const held = req.store
    .children(serviceIdOf(scope)!, 'subscriptions')
    .filter(
      (s) =>
        typeof s.properties.scope === 'string' &&
        s.properties.scope.toLowerCase() === scope.toLowerCase() &&
        typeof s.properties.ownerId === 'string' &&
        s.properties.ownerId.toLowerCase() === ownerId.toLowerCase() &&
        HOLDS_A_PLACE.includes(typeof s.properties.state === 'string' ? s.properties.state : 'active'),
    ).length;
  if (held >= limit) throw new ArmError(400, 'ValidationError', 'Subscriptions limit reached for same user');
}

/** `/apis/x` → `{serviceId}/apis/x`; full ids are kept. */
export function fullScope(serviceId: string, scope: string): string {
  if (scope.toLowerCase().startsWith(serviceId.toLowerCase())) return serviceId + scope.slice(serviceId.length);
  return `${serviceId}${scope.startsWith('/') ? '' : '/'}${scope}`.replace(/\/+$/, '');
}

export function renderSubscription(sub: ArmResource): Record<string, unknown> {
  const { primaryKey: _p, secondaryKey: _s, ...visible } = sub.properties;
  return visible;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
