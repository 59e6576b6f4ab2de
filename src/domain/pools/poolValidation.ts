/**
 * Checks of a pool before anything is written, one clear sentence each: at least one member, each member once, only
 * Single backends (a pool cannot contain a pool), priority and weight whole numbers within APIM's bounds (0–100 in
 * the 2024-05-01 spec; weight 0 would never receive traffic, so it starts at 1), and a breaker rule APIM accepts.
 */
import type { PoolMemberSettings } from '../import/lmApiForm';
import { type BreakerSettings, MAX_FAILURE_COUNT, MAX_TRIP_SECONDS } from './breakerRule';

export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 100;
export const MIN_WEIGHT = 1;
export const MAX_WEIGHT = 100;

export interface PoolMemberDraft {
  /** What identifies the member to the user (a backend id, a URL, an account name). */
  readonly label: string;
  /** What makes two members the same target (the backend id, or the URL lower-cased without a trailing slash). */
  readonly identity: string;
  readonly priority: number;
  readonly weight: number;
  readonly breaker: BreakerSettings;
  /** True when the member is itself a Pool backend. */
  readonly isPool?: boolean;
}

export interface PoolProblem {
  /** Index of the member the sentence is about; undefined for the pool as a whole. */
  readonly member?: number;
  readonly field: 'members' | 'priority' | 'weight' | 'failureCount' | 'tripSeconds' | 'statusCodes';
  readonly message: string;
}

export function poolProblems(members: readonly PoolMemberDraft[]): PoolProblem[] {
  if (members.length === 0) return [{ field: 'members', message: 'A pool needs at least one backend. Add a backend to the pool.' }];
  const problems: PoolProblem[] = [];
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const first = seen.get(m.identity);
    if (first !== undefined) {
      problems.push({ member: i, field: 'members', message: `${m.label} is in the pool twice. Remove one of them.` });
    } else seen.set(m.identity, i);
    if (m.isPool) {
      problems.push({
        member: i,
        field: 'members',
        message: `${m.label} is a pool, and a pool can only contain single backends. Add its members instead.`,
      });
    }
    if (!isIntIn(m.priority, MIN_PRIORITY, MAX_PRIORITY)) {
      problems.push({
        member: i,
        field: 'priority',
        message: `The priority of ${m.label} must be a whole number from ${MIN_PRIORITY} (tried first) to ${MAX_PRIORITY}.`,
      });
    }
    if (!isIntIn(m.weight, MIN_WEIGHT, MAX_WEIGHT)) {
      problems.push({
        member: i,
        field: 'weight',
        message: `The weight of ${m.label} must be a whole number from ${MIN_WEIGHT} to ${MAX_WEIGHT}.`,
      });
    }
    problems.push(...breakerProblems(m.breaker, m.label).map((p) => ({ ...p, member: i })));
  });
  return problems;
}

export function breakerProblems(b: BreakerSettings, label: string): PoolProblem[] {
  const out: PoolProblem[] = [];
  if (!isIntIn(b.failureCount, 1, MAX_FAILURE_COUNT)) {
    out.push({
      field: 'failureCount',
      message: `The failures that open the circuit of ${label} must be a whole number from 1 to ${MAX_FAILURE_COUNT}.`,
    });
  }
  if (!isIntIn(b.tripSeconds, 1, MAX_TRIP_SECONDS)) {
    out.push({
      field: 'tripSeconds',
      message: `The trip duration of ${label} must be a whole number of seconds from 1 to ${MAX_TRIP_SECONDS}.`,
    });
  }
  if (!b.on429 && !b.on5xx) {
    out.push({ field: 'statusCodes', message: `The circuit breaker of ${label} needs at least one kind of failure: 429, 5xx or both.` });
  }
  return out;
}

const isIntIn = (v: number, min: number, max: number): boolean => Number.isInteger(v) && v >= min && v <= max;

/** A URL as a pool identity: lower-case, no trailing slash. */
export function urlIdentity(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

/** The problems as form errors: `pool.members` for the pool, `pool.{index}.{field}` for member `index` (0 = the first). */
export function poolFieldErrors(members: readonly PoolMemberDraft[]): Record<`pool.${string}`, string> {
  const errors: Record<`pool.${string}`, string> = {};
  for (const p of poolProblems(members)) {
    const field = p.member === undefined || p.field === 'members' ? `pool.${p.member ?? 'members'}.member` : `pool.${p.member}.${p.field}`;
    errors[field as `pool.${string}`] ??= p.message;
  }
  return errors;
}

/** What names a member of a form's pool to the user and makes it unique, and what is wrong with its target itself. */
export interface PoolTarget {
  readonly label: string;
  readonly identity: string;
  /** Why the target cannot be a backend (not a URL, not an account from the list); shown beside it. */
  readonly problem?: string;
}

/**
 * The checks of a form's pool, the same for every mode: `targets` names the form's own backend first, then each extra
 * member in order. Errors as `pool.{i}.{field}`, the target's own problem (before a duplicate) at `pool.{i}.member`.
 */
export function poolFormErrors(
  pool: { readonly primary: PoolMemberSettings; readonly extra: readonly PoolMemberSettings[] },
  targets: readonly PoolTarget[],
): Record<`pool.${string}`, string> {
  const members = [pool.primary, ...pool.extra];
  const drafts: PoolMemberDraft[] = members.map((m, i) => ({
    priority: m.priority,
    weight: m.weight,
    breaker: m.breaker,
    label: targets[i]?.label ?? `backend ${i + 1}`,
    identity: targets[i]?.identity ?? `#${i}`,
  }));
  const errors: Record<`pool.${string}`, string> = {};
  targets.forEach((t, i) => {
    if (t.problem) errors[`pool.${i}.member`] = t.problem;
  });
  return { ...poolFieldErrors(drafts), ...errors };
}
