// What the tree says of pools as ARM returns them (every field optional, rules by count or percentage), and which
// APIs use a backend from the policies read so far, without claiming anything about the policies not read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiSummary } from '../../src/apim/apis';
import { BackendRoutes, backendUsers } from '../../src/explorer/backendUsage';
import {
  longBreaker,
  memberDescription,
  memberNameOf,
  membersInOrder,
  shortBreaker,
  type ReadBreakerRule,
} from '../../src/domain/pools/poolView';

const rule = (overrides: Partial<ReadBreakerRule> = {}): ReadBreakerRule => ({
  name: 'r',
  failureCondition: {
    count: 3,
    interval: 'PT1M',
    statusCodeRanges: [
      { min: 429, max: 429 },
      { min: 500, max: 599 },
    ],
  },
  tripDuration: 'PT1M',
  ...overrides,
});

void describe('pool members as the tree shows them', () => {
  void it('describes a member by priority, weight and breaker, saying what is not set', () => {
    const cases: Array<[Parameters<typeof memberDescription>, string]> = [
      [[{ id: '/backends/a', priority: 1, weight: 50 }, [rule()]], 'priority 1 · weight 50 · trips after 3×429/5xx in 1 min for 1 min'],
      [
        [{ id: 'a', priority: 2, weight: 1 }, [rule({ acceptRetryAfter: true, tripDuration: 'PT30S' })]],
        'priority 2 · weight 1 · trips after 3×429/5xx in 1 min for 30 s (or Retry-After)',
      ],
      [[{ id: 'a' }, []], 'priority not set · weight not set · no circuit breaker'],
      [[{ id: 'a', priority: 1, weight: 1 }, undefined], 'priority 1 · weight 1'],
    ];
    for (const [args, expected] of cases) assert.equal(memberDescription(...args), expected);
  });

  void it('words rules by percentage, error reasons and odd ranges without inventing a count', () => {
    assert.equal(
      shortBreaker({
        failureCondition: { percentage: 50, interval: 'PT5M', statusCodeRanges: [{ min: 500, max: 503 }] },
        tripDuration: 'PT1H',
      }),
      'trips after 50% 500–503 in 5 min for 1 h',
    );
    assert.equal(
      shortBreaker({ failureCondition: { count: 1, errorReasons: ['timeout'] } }),
      'trips after 1×no status code/timeout in ? for ?',
    );
    assert.equal(
      longBreaker(rule({ acceptRetryAfter: true })),
      'Rule "r": trips after 3 failures (429, 5xx) in 1 min for 1 min or as long as Retry-After asks',
    );
    assert.equal(
      longBreaker(rule({ failureCondition: { percentage: 10, interval: 'PT1M' } })),
      'Rule "r": trips after 10% no status code in 1 min for 1 min',
    );
  });

  void it('orders members as the gateway tries them and names them by their last id segment', () => {
    const ordered = membersInOrder([
      { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ApiManagement/service/x/backends/c', priority: 2 },
      { id: '/backends/u' },
      { id: '/backends/a', priority: 1 },
      { id: '/backends/b', priority: 1 },
    ]);
    assert.deepEqual(
      ordered.map((s) => memberNameOf(s.id)),
      ['a', 'b', 'c', 'u'],
    );
  });
});

void describe("a backend's users", () => {
  const api = (apiId: string): ApiSummary => ({ apiId, displayName: apiId.toUpperCase(), path: apiId }) as ApiSummary;
  const apis = ['chat', 'chat-2', 'pooled', 'other', 'unread'].map(api);

  void it('lists the APIs whose policy routes to it or to a pool holding it, and counts the policies not read', () => {
    const routes = new BackendRoutes();
    routes.record('chat', '<policies><inbound><set-backend-service backend-id="Chat-Backend" /></inbound></policies>');
    routes.record('chat-2', '<policies><inbound><set-backend-service backend-id="chat-backend" /></inbound></policies>');
    routes.record('pooled', '<policies><inbound><set-backend-service backend-id="models-pool" /></inbound></policies>');
    routes.record('other', '');
    const users = backendUsers('chat-backend', ['models-pool'], apis, routes);
    assert.deepEqual(
      users.using.map((u) => [u.api.apiId, u.via]),
      [
        ['chat', undefined],
        ['chat-2', undefined],
        ['pooled', 'models-pool'],
      ],
    );
    assert.deepEqual(users.likely, []);
    assert.equal(users.unread, 1);
  });

  void it('names an API whose policy was not read only as a likely user, when its id matches the backend', () => {
    const routes = new BackendRoutes();
    const users = backendUsers('unread-backend', [], apis, routes);
    assert.deepEqual(users.using, []);
    assert.deepEqual(
      users.likely.map((a) => a.apiId),
      ['unread'],
    );
    assert.equal(users.unread, apis.length);
    routes.clear();
    assert.equal(routes.of('chat'), undefined);
  });
});
