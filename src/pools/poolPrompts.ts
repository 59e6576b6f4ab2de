/**
 * The questions the pool commands ask, one input at a time: a text (a password box for a key), a pick, and a member's
 * priority, weight and circuit breaker, each checked as it is typed by the same rules the plan checks. Escape stops the
 * command (a CancellationError, which the command wrapper treats as the user's choice).
 */
import * as vscode from 'vscode';
import { ask, choose } from '../ui/quickInput';
import { breakerRule, describeBreaker, type BreakerSettings } from '../domain/pools/breakerRule';
import { poolProblems, type PoolProblem } from '../domain/pools/poolValidation';

export interface MemberSettings {
  readonly priority: number;
  readonly weight: number;
  readonly breaker: BreakerSettings;
}

/** The sentence the pool validation gives for one field of this member, or undefined. */
function problemOf(label: string, settings: MemberSettings, field: PoolProblem['field']): string | undefined {
  return poolProblems([{ label, identity: label, ...settings }]).find((p) => p.field === field)?.message;
}

/** A whole number typed as text; anything else is NaN, which every range check refuses. */
const whole = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

async function askNumber(title: string, prompt: string, value: number, check: (n: number) => string | undefined): Promise<number> {
  return whole(await ask(title, prompt, { validate: (t) => check(whole(t)), value: String(value) }));
}

/** Priority, weight and breaker of a member, starting from `start`; the breaker is asked only when the user changes it. */
export async function askMemberSettings(title: string, label: string, start: MemberSettings): Promise<MemberSettings> {
  let s = start;
  const priority = await askNumber(
    title,
    `Priority of ${label} (1 is tried first; higher numbers take over when it fails)`,
    s.priority,
    (n) => problemOf(label, { ...s, priority: n }, 'priority'),
  );
  s = { ...s, priority };
  const weight = await askNumber(
    title,
    `Weight of ${label} (its share of the requests among members of the same priority)`,
    s.weight,
    (n) => problemOf(label, { ...s, weight: n }, 'weight'),
  );
  s = { ...s, weight };
  const change = await choose(title, `Circuit breaker of ${label}`, [
    { label: 'Keep', description: describeBreaker(breakerRule(s.breaker)), value: false },
    { label: 'Change…', description: 'failures in one minute, trip duration, which failures count', value: true },
  ]);
  return change ? { ...s, breaker: await askBreaker(title, label, s) } : s;
}

async function askBreaker(title: string, label: string, s: MemberSettings): Promise<BreakerSettings> {
  let b = s.breaker;
  const failureCount = await askNumber(title, `Failures within one minute that open the circuit of ${label}`, b.failureCount, (n) =>
    problemOf(label, { ...s, breaker: { ...b, failureCount: n } }, 'failureCount'),
  );
  b = { ...b, failureCount };
  const tripSeconds = await askNumber(title, `Seconds the open circuit skips ${label}`, b.tripSeconds, (n) =>
    problemOf(label, { ...s, breaker: { ...b, tripSeconds: n } }, 'tripSeconds'),
  );
  b = { ...b, tripSeconds };
  for (let attempt = 0; attempt < 5; attempt++) {
    const codes = await vscode.window.showQuickPick(
      [
        { label: '429 Too Many Requests', picked: b.on429, code: '429' as const },
        { label: '5xx server errors', picked: b.on5xx, code: '5xx' as const },
      ],
      { title, placeHolder: `Failures that count for ${label}`, canPickMany: true, ignoreFocusOut: true },
    );
    if (!codes) throw new vscode.CancellationError();
    const next = { ...b, on429: codes.some((c) => c.code === '429'), on5xx: codes.some((c) => c.code === '5xx') };
    const problem = problemOf(label, { ...s, breaker: next }, 'statusCodes');
    if (!problem) {
      b = next;
      break;
    }
    void vscode.window.showWarningMessage(problem);
    if (attempt === 4) throw new vscode.CancellationError();
  }
  const acceptRetryAfter = await choose(title, `When ${label} answers with Retry-After`, [
    { label: 'Honour Retry-After', description: 'the circuit stays open as long as the model asks', value: true },
    { label: `Always ${b.tripSeconds} s`, description: 'ignore Retry-After', value: false },
  ]);
  return { ...b, acceptRetryAfter };
}
