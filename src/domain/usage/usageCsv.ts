/**
 * The report as CSV (RFC 4180): one row per bucket and series, with the bucket's start in ISO 8601 UTC. Cells that a
 * spreadsheet would run as a formula (starting with = + - @) get a leading apostrophe, since dimension values come
 * from request data.
 */
import type { UsageReport } from './usageReport';

export function usageCsv(report: UsageReport): string {
  const dimension = report.splitBy ?? 'series';
  const rows: string[][] = [['time', dimension, 'prompt_tokens', 'completion_tokens', 'total_tokens', 'requests']];
  report.buckets.forEach((t, i) => {
    const time = new Date(t).toISOString();
    for (const s of report.series) {
      rows.push([time, s.other ? 'Other' : (s.value ?? s.label), ...[s.prompt[i], s.completion[i], s.total[i], s.requests[i]].map(String)]);
    }
  });
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
