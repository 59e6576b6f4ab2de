/** How the console writes durations and counts. */

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatNumber(n: number | undefined): string {
  return n === undefined ? '—' : n.toLocaleString('en-US');
}
