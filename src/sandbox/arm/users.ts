/**
 * APIM users (`service/users/{userId}`): the possible owners of subscriptions. Every instance has the built-in
 * administrator, user `1`, which exists without being created (as in Azure); the others are created with PUT.
 * Shapes follow the 2024-05-01 examples (ApiManagementGetUser.json): `firstName`, `lastName`, `email`, `state`,
 * `registrationDate`, `identities`.
 */
import type { ArmResource, ResourceStore } from '../store';
import { entityNotFound, validationError } from './errors';
import { entityRoutes, envelope } from './entities';
import { etagHeaders } from './etag';
import { TYPES } from './ids';
import { pageOf } from './paging';
import { ok, type ArmRoute } from './request';
import { SERVICE, findService } from './scopes';

const PATTERN = `${SERVICE}/users/{userId}`;
export const ADMINISTRATOR_USER_ID = '1';
const USER_STATES = ['active', 'blocked', 'pending', 'deleted'];

/** The built-in administrator of a service, unless it was written over with PUT. */
function builtInAdministrator(service: ArmResource): ArmResource {
  const email = typeof service.properties.publisherEmail === 'string' ? service.properties.publisherEmail : 'admin@contoso.com';
  return {
    id: `${service.id}/users/${ADMINISTRATOR_USER_ID}`,
    name: ADMINISTRATOR_USER_ID,
    type: TYPES.user,
    properties: {
      firstName: 'Administrator',
      lastName: '',
      email,
      state: 'active',
      registrationDate: '2025-01-01T00:00:00Z',
      identities: [{ provider: 'Azure', id: email }],
    },
  };
}

/** A user of the service by its name, the built-in administrator included. */
export function findUser(store: ResourceStore, service: ArmResource, userId: string): ArmResource | undefined {
  const stored = store.get(`${service.id}/users/${userId}`);
  if (stored) return stored;
  return userId === ADMINISTRATOR_USER_ID ? builtInAdministrator(service) : undefined;
}

function allUsers(store: ResourceStore, service: ArmResource): ArmResource[] {
  const stored = store.children(service.id, 'users');
  return stored.some((u) => u.name === ADMINISTRATOR_USER_ID) ? stored : [builtInAdministrator(service), ...stored];
}

export function userRoutes(): ArmRoute[] {
  const crud = entityRoutes({
    pattern: PATTERN,
    collection: 'users',
    idParam: 'userId',
    type: TYPES.user,
    label: 'User',
    parent: findService,
    build: ({ properties: p, existing }) => {
      for (const field of ['email', 'firstName', 'lastName'] as const) {
        if (typeof p[field] !== 'string' || (field !== 'lastName' && p[field] === '')) {
          throw validationError(field, `'${field}' is required.`);
        }
      }
      if (!/^[^@\s]+@[^@\s]+$/.test(p.email as string)) throw validationError('email', "'email' is not a valid email address.");
      if (p.state !== undefined && (typeof p.state !== 'string' || !USER_STATES.includes(p.state))) {
        throw validationError('state', `'state' must be one of ${USER_STATES.join(', ')}.`);
      }
      const { password: _password, confirmation: _confirmation, ...kept } = p;
      return {
        ...kept,
        state: p.state ?? 'active',
        registrationDate: existing?.properties.registrationDate ?? new Date().toISOString(),
        identities: [{ provider: 'Basic', id: p.email }],
      };
    },
    render: (u) => ({ ...u.properties }),
  });
  const writes = crud.filter((r) => r.method !== 'GET');
  return [
    {
      // The list and GET include the built-in administrator, which the store holds only once it was written.
      method: 'GET',
      pattern: `${SERVICE}/users`,
      handler: (req) => pageOf(req, allUsers(req.store, findService(req)), (u) => envelope(u, { ...u.properties }), true),
    },
    {
      method: 'GET',
      pattern: PATTERN,
      handler: (req) => {
        const user = findUser(req.store, findService(req), req.params.userId);
        if (!user) throw entityNotFound('User');
        return ok(envelope(user, { ...user.properties }), etagHeaders(user));
      },
    },
    ...writes,
  ];
}
