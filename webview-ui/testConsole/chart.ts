/** The session's tokens per request as a small stacked bar chart: inline SVG, theme colours, no library. */
import type { RequestTokens } from '../../src/protocol/testConsole';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 80;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export function tokenChart(requests: readonly RequestTokens[]): SVGSVGElement {
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': 'Tokens per request', id: 'tokenChart' });
  root.style.width = '100%';
  root.style.maxWidth = `${WIDTH * 2}px`;
  root.style.height = `${HEIGHT}px`;
  const max = Math.max(1, ...requests.map((r) => r.prompt + r.completion));
  const slot = WIDTH / Math.max(requests.length, 10);
  requests.forEach((r, i) => {
    const x = i * slot + slot * 0.15;
    const w = slot * 0.7;
    const promptH = (r.prompt / max) * (HEIGHT - 2);
    const completionH = (r.completion / max) * (HEIGHT - 2);
    const group = svg('g', { 'data-request': r.id });
    const title = svg('title', {});
    title.textContent = `${r.prompt} prompt + ${r.completion} completion tokens${r.estimated ? ' (estimated)' : ''}`;
    group.append(title);
    // CSSOM styles are allowed by the page's CSP (style attributes are not), and var() follows the theme.
    for (const [height, y, colour] of [
      [promptH, HEIGHT - promptH, 'var(--vscode-charts-blue)'],
      [completionH, HEIGHT - promptH - completionH, 'var(--vscode-charts-orange)'],
    ] as const) {
      const bar = svg('rect', { x, y, width: w, height: Math.max(height, 0) });
      bar.style.fill = colour;
      if (r.estimated) bar.style.opacity = '0.5';
      group.append(bar);
    }
    root.append(group);
  });
  return root;
}
