// Token-limit accounting: the per-minute window, calendar quotas, estimates, and Retry-After seconds, on a fake clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodStart, TokenLimiter } from '../../src/sandbox/gateway/tokenLimiter';

const start = Date.UTC(2026, 4, 13, 10, 20, 30); // a Wednesday
const clock = (): { now: () => number; advance: (ms: number) => void } => {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
};

void test('tokens per minute: spent budget gives 429 with the seconds left in the window, then resets', () => {
  const c = clock();
  const limiter = new TokenLimiter(c.now);
  const limits = { tokensPerMinute: 100 };
  assert.deepEqual(limiter.check('k', limits, 0), { allowed: true, remainingTokens: 100, remainingQuota: undefined });
  limiter.consume('k', limits, 70);
  assert.deepEqual(limiter.check('k', limits, 0), { allowed: true, remainingTokens: 30, remainingQuota: undefined });
  limiter.consume('k', limits, 40);
  c.advance(20_000);
  assert.deepEqual(limiter.check('k', limits, 0), { allowed: false, status: 429, retryAfterSeconds: 40 });
  assert.equal(limiter.check('other', limits, 0).allowed, true, 'counters are per key');
  c.advance(40_000);
  assert.equal(limiter.check('k', limits, 0).allowed, true);
});

void test('an estimate refuses a request that would go over, without an estimate only a spent budget refuses', () => {
  const limiter = new TokenLimiter(clock().now);
  const limits = { tokensPerMinute: 100 };
  limiter.consume('k', limits, 90);
  assert.equal(limiter.check('k', limits, 20).allowed, false);
  assert.equal(limiter.check('k', limits, 0).allowed, true);
  assert.deepEqual(limiter.check('k', limits, 5), { allowed: true, remainingTokens: 5, remainingQuota: undefined });
});

void test('quota: 403 until the calendar period ends, and the quota wins over the rate', () => {
  const c = clock();
  const limiter = new TokenLimiter(c.now);
  const limits = { tokensPerMinute: 1000, quota: 50, quotaPeriod: 'Hourly' as const };
  limiter.consume('k', limits, 60);
  const decision = limiter.check('k', limits, 0);
  assert.deepEqual(decision, { allowed: false, status: 403, retryAfterSeconds: 39 * 60 + 30 });
  c.advance((39 * 60 + 30) * 1000);
  assert.equal(limiter.check('k', limits, 0).allowed, true);
});

void test('periodStart aligns quota periods to UTC calendar boundaries', () => {
  assert.equal(new Date(periodStart(start, 'Hourly')).toISOString(), '2026-05-13T10:00:00.000Z');
  assert.equal(new Date(periodStart(start, 'Daily')).toISOString(), '2026-05-13T00:00:00.000Z');
  assert.equal(new Date(periodStart(start, 'Weekly')).toISOString(), '2026-05-11T00:00:00.000Z');
  assert.equal(new Date(periodStart(start, 'Monthly')).toISOString(), '2026-05-01T00:00:00.000Z');
  assert.equal(new Date(periodStart(start, 'Yearly')).toISOString(), '2026-01-01T00:00:00.000Z');
});
