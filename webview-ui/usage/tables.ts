/** The Usage view's tables: top consumers, cost per model, and the chart's numbers (its screen-reader alternative). */
import { h } from '../shared/dom';
import type { Consumer, CostEstimate } from '../../src/protocol/usage';
import type { ChartInput } from './chart';
import { bucketTime, percent, tokens, usd } from './format';

function table(caption: string, headers: readonly string[], rows: readonly (readonly (string | number)[])[], id: string): HTMLTableElement {
  const numeric = (i: number): boolean => i > 0;
  return h(
    'table',
    { id, class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((x, i) => h('th', { scope: 'col', class: numeric(i) ? 'num' : undefined }, x)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...r.map((c, i) =>
            i === 0 ? h('th', { scope: 'row' }, String(c)) : h('td', { class: 'num' }, typeof c === 'number' ? tokens(c) : c),
          ),
        ),
      ),
    ),
  );
}

export function consumersTable(dimension: string, consumers: readonly Consumer[], truncated: boolean): HTMLElement {
  const rows = consumers.map((c) => [c.label, c.prompt, c.completion, c.total, c.requests, percent(c.share)] as const);
  return h(
    'div',
    {},
    table(
      `Top consumers by ${dimension}`,
      [dimension, 'Prompt tokens', 'Completion tokens', 'Total tokens', 'Requests', 'Share'],
      rows,
      'consumers',
    ),
    truncated ? h('p', { class: 'hint' }, `Only the top ${consumers.length} are listed; the chart's "Other" holds the rest.`) : undefined,
  );
}

export function costTable(cost: CostEstimate): HTMLElement {
  const rows = cost.byModel.map((m) => [m.model, m.prompt, m.completion, m.cost === undefined ? 'no price' : usd(m.cost)] as const);
  return table(
    `Estimated cost by ${cost.dimension} (total ${usd(cost.total)})`,
    [cost.dimension, 'Prompt tokens', 'Completion tokens', 'Estimated cost'],
    rows,
    'cost',
  );
}

export function chartDataTable(input: ChartInput): HTMLElement {
  const rows = input.buckets.map((t, j) => [bucketTime(t, input.grainMs), ...input.series.map((x) => x.values[j])]);
  return h(
    'details',
    { class: 'chart-data' },
    h('summary', {}, 'Chart data as a table'),
    table(`${input.unit} per period`, ['Period starting', ...input.series.map((x) => x.label)], rows, 'chartData'),
  );
}
