/**
 * APIM subscriptions (keys): scope `/apis`, `/apis/{id}` or `/products/{id}` (or the full ids), keys generated when
 * not given and never returned by GET or list, only by `listSecrets`. Every service has the built-in all-access
 * subscription `master` (created by the seed).
 */
import { randomBytes } from 'node:crypto';
import type { ArmResource } from '../store';
import { entityNotFound, validationError } from './errors';
import { entityRoutes, type BuildInput } from './entities';
import { etagHeaders } from './etag';
import { TYPES } from './ids';
import { ok, type ArmRequest, type ArmRoute } from './request';
import { SERVICE, findService } from './scopes';

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
  return {
    ...p,
    scope,
    state: p.state ?? 'active',
    allowTracing: p.allowTracing ?? false,
    createdDate: existing?.properties.createdDate ?? new Date().toISOString(),
    primaryKey: str(p.primaryKey) ?? str(existing?.properties.primaryKey) ?? newSubscriptionKey(),
    secondaryKey: str(p.secondaryKey) ?? str(existing?.properties.secondaryKey) ?? newSubscriptionKey(),
  };
}

/** `/apis/x` → `{serviceId}/apis/x`; full ids are kept. */
export function fullScope(serviceId: string, scope: string): string {
  if (scope.toLowerCase().startsWith(serviceId.toLowerCase())) return serviceId + scope.slice(serviceId.length);
  return `${serviceId}${scope.startsWith('/') ? '' : '/'}${scope}`.replace(/\/+$/, '');
}

function renderSubscription(sub: ArmResource): Record<string, unknown> {
  const { primaryKey: _p, secondaryKey: _s, ...visible } = sub.properties;
  return visible;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
