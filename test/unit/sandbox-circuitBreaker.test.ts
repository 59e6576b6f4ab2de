// Backend circuit breakers: counting failures in an interval, trip duration, Retry-After, and ISO 8601 durations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CircuitBreakers, isoDurationMs, parseBreakerRules } from '../../src/sandbox/gateway/circuitBreaker';

const rules = parseBreakerRules({
  rules: [
    {
      name: 'r',
      failureCondition: {
        count: 2,
        interval: 'PT10S',
        statusCodeRanges: [
          { min: 429, max: 429 },
          { min: 500, max: 599 },
        ],
      },
      tripDuration: 'PT1M',
      acceptRetryAfter: true,
    },
  ],
});

void test('trips after count failures within the interval, for the trip duration', () => {
  let t = 0;
  const breakers = new CircuitBreakers(() => t);
  assert.equal(breakers.record('b', rules, 500, undefined), false);
  t += 11_000;
  assert.equal(breakers.record('b', rules, 500, undefined), false, 'the first failure left the interval');
  assert.equal(breakers.record('b', rules, 200, undefined), false, 'a success is not a failure');
  assert.equal(breakers.record('b', rules, 503, undefined), true);
  assert.equal(breakers.isOpen('b'), true);
  assert.equal(breakers.isOpen('other'), false);
  t += 60_000;
  assert.equal(breakers.isOpen('b'), false);
});

void test('acceptRetryAfter: the backend Retry-After sets how long it stays open', () => {
  let t = 0;
  const breakers = new CircuitBreakers(() => t);
  breakers.record('b', rules, 429, 5);
  breakers.record('b', rules, 429, 5);
  t += 4_999;
  assert.equal(breakers.isOpen('b'), true);
  t += 1;
  assert.equal(breakers.isOpen('b'), false);
});

void test('isoDurationMs', () => {
  const cases: Array<[unknown, number | undefined]> = [
    ['PT1M', 60_000],
    ['PT30S', 30_000],
    ['PT1H5M', 3_900_000],
    ['P1D', 86_400_000],
    ['PT0.5S', 500],
    ['1m', undefined],
    ['PT', undefined],
    [5, undefined],
  ];
  for (const [input, expected] of cases) assert.equal(isoDurationMs(input), expected, String(input));
});
