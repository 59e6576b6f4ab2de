/**
 * Messages between the Usage panel (host) and its webview. Both sides import this file; each side checks what it
 * receives with the parsers below. Nothing here is secret: token counts, dimension values and a cost estimate.
 */
import { fail, isRecord, ok, readMessageType, readOneOf, readString, type Parsed } from '../domain/guards';
import { RANGE_IDS, type RangeId } from '../domain/usage/timeRanges';
import type { UsageReport } from '../domain/usage/usageReport';

export type { RangeId, UsageReport };
export type { Consumer, CostEstimate, ModelCost, TokenTotals, UsageSeries } from '../domain/usage/usageReport';

export interface UsageQuery {
  readonly range: RangeId;
  /** The dimension to split by; '' for the totals alone; undefined for the default (the subscription, when emitted). */
  readonly splitBy?: string;
  readonly namespace?: string;
}

/** What the view is about, for its heading. */
export interface UsageScope {
  readonly instance: string;
  readonly api?: string;
  /** The Application Insights component the metrics come from, once known. */
  readonly component?: string;
}

export type SetupReason = 'noLogger' | 'noDiagnostic' | 'noPolicy' | 'noDimensions';

export interface UsageOptions {
  readonly dimensions: readonly string[];
  readonly namespaces: readonly string[];
}

export type UsageViewState =
  | { readonly kind: 'loading'; readonly query: UsageQuery }
  | {
      readonly kind: 'setup';
      readonly reason: SetupReason;
      readonly message: string;
      /** Whether the AI-policy set-up command exists in this VS Code; else the message says what to do. */
      readonly canRunSetup: boolean;
    }
  | { readonly kind: 'error'; readonly message: string; readonly query?: UsageQuery; readonly options?: UsageOptions }
  | { readonly kind: 'noData'; readonly message: string; readonly query: UsageQuery; readonly options: UsageOptions }
  | {
      readonly kind: 'report';
      readonly report: UsageReport;
      readonly query: UsageQuery;
      readonly options: UsageOptions;
      /** The price table setting was unusable: one sentence, the default prices were used. */
      readonly priceProblem?: string;
      readonly loadedAt: number;
      /** How many metrics API calls the report took. */
      readonly calls: number;
    };

export interface UsageBootState {
  readonly title: string;
  readonly scope: UsageScope;
  readonly query: UsageQuery;
}

export type UsageEvent =
  | { readonly type: 'state'; readonly scope: UsageScope; readonly state: UsageViewState }
  | { readonly type: 'notice'; readonly message: string };

export type UsageRequest =
  | { readonly type: 'ready' }
  | { readonly type: 'refresh' }
  | { readonly type: 'exportCsv' }
  | { readonly type: 'runSetup' }
  | { readonly type: 'showLog' }
  | { readonly type: 'openPriceSettings' }
  | { readonly type: 'query'; readonly query: UsageQuery };

const REQUEST_TYPES = ['ready', 'refresh', 'exportCsv', 'runSetup', 'showLog', 'openPriceSettings', 'query'] as const;

export function parseUsageRequest(raw: unknown): Parsed<UsageRequest> {
  const type = readMessageType(raw, REQUEST_TYPES);
  if (!type.ok) return type;
  if (type.value !== 'query') return ok({ type: type.value });
  const query = parseUsageQuery((raw as Record<string, unknown>).query);
  return query.ok ? ok({ type: 'query', query: query.value }) : query;
}

export function parseUsageQuery(raw: unknown): Parsed<UsageQuery> {
  if (!isRecord(raw)) return fail('"query" must be an object.');
  const range = readOneOf(raw, 'range', RANGE_IDS);
  if (!range.ok) return range;
  const splitBy = readString(raw, 'splitBy', { maxLength: 256, optional: true });
  if (!splitBy.ok) return splitBy;
  const namespace = readString(raw, 'namespace', { maxLength: 256, optional: true });
  if (!namespace.ok) return namespace;
  return ok({
    range: range.value,
    ...(splitBy.value !== undefined ? { splitBy: splitBy.value } : {}),
    ...(namespace.value ? { namespace: namespace.value } : {}),
  });
}

const STATE_KINDS = ['loading', 'setup', 'error', 'noData', 'report'] as const;

/** The webview's check of what the host sends: the discriminants and the parts it reads first. */
export function parseUsageEvent(raw: unknown): UsageEvent | undefined {
  const type = readMessageType(raw, ['state', 'notice'] as const);
  if (!type.ok) return undefined;
  const m = raw as Record<string, unknown>;
  if (type.value === 'notice') return typeof m.message === 'string' ? { type: 'notice', message: m.message } : undefined;
  if (!isRecord(m.scope) || typeof m.scope.instance !== 'string' || !isRecord(m.state)) return undefined;
  if (!readOneOf(m.state, 'kind', STATE_KINDS).ok) return undefined;
  if (m.state.kind === 'report' && !isReport(m.state.report)) return undefined;
  return raw as UsageEvent;
}

function isReport(r: unknown): r is UsageReport {
  return (
    isRecord(r) &&
    Array.isArray(r.buckets) &&
    Array.isArray(r.series) &&
    Array.isArray(r.consumers) &&
    isRecord(r.totals) &&
    r.series.every((s) => isRecord(s) && Array.isArray(s.total) && s.total.length === (r.buckets as unknown[]).length)
  );
}
