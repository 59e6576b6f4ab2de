/**
 * What the console remembers between sends: the history of recent requests per API (inputs only, never keys or
 * answers) and the session totals with the per-request token figures the chart draws.
 */
import { parseSendInput, type HistoryEntry, type OutcomeView, type SendInput, type SessionTotals } from '../protocol/testConsole';
import { addUsage } from '../domain/chat/usage';
import { labelFor } from './requestBuilder';

export const HISTORY_LIMIT = 20;
export const CHART_LIMIT = 30;

export const EMPTY_TOTALS: SessionTotals = { requests: 0, failed: 0, perRequest: [] };

export function addToHistory(
  history: readonly HistoryEntry[],
  id: string,
  at: Date,
  input: SendInput,
  outcome: OutcomeView | undefined,
): HistoryEntry[] {
  const entry: HistoryEntry = {
    id,
    at: at.toISOString(),
    label: labelFor(input),
    // The transcript belongs to its tab: a history row brings back the inputs, not a whole conversation.
    input: input.mode === 'form' ? { mode: 'form', form: input.form } : input,
    ...(outcome ? { status: outcome.status } : {}),
    ...(outcome?.usage ? { totalTokens: outcome.usage.totalTokens, ...(outcome.usage.estimated ? { estimated: true } : {}) } : {}),
  };
  return [entry, ...history.filter((h) => h.id !== id)].slice(0, HISTORY_LIMIT);
}

/** Counts a finished request (or a network failure, with no outcome). */
export function addToTotals(totals: SessionTotals, id: string, outcome: OutcomeView | undefined): SessionTotals {
  const failed = !outcome || outcome.status < 200 || outcome.status >= 300;
  const usage = outcome?.usage;
  return {
    requests: totals.requests + 1,
    failed: totals.failed + (failed ? 1 : 0),
    ...(usage || totals.usage ? { usage: usage && totals.usage ? addUsage(totals.usage, usage) : (usage ?? totals.usage) } : {}),
    perRequest: usage
      ? [
          ...totals.perRequest,
          { id, prompt: usage.promptTokens, completion: usage.completionTokens, estimated: usage.estimated === true },
        ].slice(-CHART_LIMIT)
      : totals.perRequest,
  };
}

/** History read back from workspaceState is re-checked: it may come from an older version of the extension. */
export function isHistoryEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<HistoryEntry>;
  return typeof v.id === 'string' && typeof v.at === 'string' && typeof v.label === 'string' && parseSendInput(v.input).ok;
}
