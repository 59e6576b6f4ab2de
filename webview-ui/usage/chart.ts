/**
 * The usage chart: stacked areas in inline SVG, one per series, coloured with VS Code's chart theme colours (CSSOM
 * styles, which the CSP allows). Keyboard: the chart takes focus, arrow keys (Home/End) move a cursor over the buckets
 * and a live region reads the values out; the legend's buttons show and hide series. A table of the same numbers sits
 * beside it for screen readers (table.ts).
 */
import { h } from '../shared/dom';
import { s } from './svg';
import { axisTime, bucketTime, compact, tokens } from './format';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly other?: boolean;
}

export interface ChartInput {
  readonly buckets: readonly number[];
  readonly grainMs: number;
  readonly series: readonly ChartSeries[];
  /** What the values are, e.g. "total tokens". */
  readonly unit: string;
}

const W = 800;
const H = 240;
const M = { left: 56, right: 12, top: 10, bottom: 26 };
const PALETTE = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];

export function seriesColour(i: number, other = false): { fill: string; opacity: string } {
  if (other) return { fill: 'var(--vscode-descriptionForeground)', opacity: '0.35' };
  return { fill: `var(--vscode-charts-${PALETTE[i % PALETTE.length]})`, opacity: i < PALETTE.length ? '0.85' : '0.5' };
}

/** Rounds a maximum up to 1, 2 or 5 times a power of ten, for four even grid lines. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = max / 4;
  const p = 10 ** Math.floor(Math.log10(step));
  const n = [1, 2, 5, 10].find((k) => k * p >= step) ?? 10;
  return n * p * 4;
}

export function renderChart(input: ChartInput, hidden: ReadonlySet<string>, onToggle: (label: string) => void): HTMLElement {
  const visible = input.series.map((x) => !hidden.has(x.label));
  const n = input.buckets.length;
  const stacked: number[][] = [];
  const base = new Array<number>(n).fill(0);
  input.series.forEach((x, i) => {
    const top = base.map((b, j) => b + (visible[i] ? x.values[j] : 0));
    stacked.push(top);
    base.splice(0, n, ...top);
  });
  const max = niceMax(Math.max(0, ...base));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (j: number): number => M.left + (n <= 1 ? 0 : (j / (n - 1)) * plotW);
  const y = (v: number): number => M.top + plotH - (v / max) * plotH;

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'usage-chart', 'aria-hidden': 'true', focusable: 'false' });
  for (let k = 0; k <= 4; k++) {
    const v = (max / 4) * k;
    const line = s('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: 'grid' });
    const label = s('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' });
    label.textContent = compact(v);
    svg.append(line, label);
  }
  const span = n > 0 ? input.buckets[n - 1] - input.buckets[0] + input.grainMs : 0;
  const ticks = Math.min(6, n);
  for (let k = 0; k < ticks; k++) {
    const j = Math.round((k / Math.max(1, ticks - 1)) * (n - 1));
    const label = s('text', { x: x(j), y: H - 8, 'text-anchor': k === 0 ? 'start' : k === ticks - 1 ? 'end' : 'middle', class: 'axis' });
    label.textContent = axisTime(input.buckets[j], span);
    svg.append(label);
  }
  // Drawn bottom-up so that the biggest series (first) sits at the bottom of the stack.
  input.series.forEach((series, i) => {
    if (!visible[i]) return;
    const upper = stacked[i];
    const lower =
      i === 0
        ? new Array<number>(n).fill(0)
        : (stacked
            .slice(0, i)
            .reverse()
            .find((_, k) => visible[i - 1 - k]) ?? new Array<number>(n).fill(0));
    let d = `M${x(0)},${y(upper[0])}`;
    for (let j = 1; j < n; j++) d += `L${x(j).toFixed(1)},${y(upper[j]).toFixed(1)}`;
    for (let j = n - 1; j >= 0; j--) d += `L${x(j).toFixed(1)},${y(lower[j]).toFixed(1)}`;
    const path = s('path', { d: `${d}Z`, 'data-series': series.label });
    const colour = seriesColour(i, series.other);
    path.style.fill = colour.fill;
    path.style.fillOpacity = colour.opacity;
    svg.append(path);
  });
  const cursor = s('line', { y1: M.top, y2: M.top + plotH, class: 'cursor', visibility: 'hidden' });
  svg.append(cursor);

  const readout = h('p', { class: 'readout', 'aria-live': 'polite', id: 'chartReadout' });
  const figure = h('div', {
    class: 'chart',
    tabindex: '0',
    role: 'slider',
    'aria-label': `Chart of ${input.unit} over time. Use the left and right arrow keys to read each point.`,
    'aria-valuemin': '0',
    'aria-valuemax': String(Math.max(0, n - 1)),
    'aria-valuenow': String(Math.max(0, n - 1)),
  });
  let at = -1;
  const show = (j: number): void => {
    at = Math.min(Math.max(0, j), n - 1);
    cursor.setAttribute('x1', String(x(at)));
    cursor.setAttribute('x2', String(x(at)));
    cursor.setAttribute('visibility', 'visible');
    const parts = input.series.filter((_, i) => visible[i]).map((ser) => `${ser.label} ${tokens(ser.values[at])}`);
    const total = input.series.reduce((a, ser, i) => a + (visible[i] ? ser.values[at] : 0), 0);
    const text = `${bucketTime(input.buckets[at], input.grainMs)}: ${tokens(total)} ${input.unit}${parts.length > 1 ? ` (${parts.join(', ')})` : ''}`;
    readout.textContent = text;
    figure.setAttribute('aria-valuenow', String(at));
    figure.setAttribute('aria-valuetext', text);
  };
  figure.addEventListener('keydown', (e) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, PageUp: -10, PageDown: 10 }[e.key];
    if (step !== undefined) show((at < 0 ? n : at) + step);
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(n - 1);
    else return;
    e.preventDefault();
  });
  svg.addEventListener('mousemove', (e) => {
    const box = svg.getBoundingClientRect();
    const px = ((e.clientX - box.left) / box.width) * W;
    show(Math.round(((px - M.left) / plotW) * (n - 1)));
  });
  figure.append(svg);

  const legend = h('div', { class: 'legend', role: 'group', 'aria-label': 'Series' });
  input.series.forEach((series, i) => {
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    const colour = seriesColour(i, series.other);
    swatch.style.background = colour.fill;
    swatch.style.opacity = visible[i] ? colour.opacity : '0.15';
    const button = h(
      'button',
      { type: 'button', class: 'legend-item', 'aria-pressed': String(visible[i]), title: `Show or hide ${series.label}` },
      swatch,
      series.label,
    );
    button.addEventListener('click', () => onToggle(series.label));
    legend.append(button);
  });
  return h('div', {}, figure, readout, legend);
}
