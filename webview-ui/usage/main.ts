/**
 * The Usage view's front end: one state object (the host's last state, the query, the metric shown, hidden series),
 * changed through `update`, persisted with setState (no secrets: it holds token counts). Controls post queries; the
 * host answers with states: loading, setup needed, no data yet, error, or a report.
 */
import { h } from '../shared/dom';
import { initialState, onMessage, post, viewState } from '../shared/vscodeApi';
import {
  parseUsageEvent,
  type RangeId,
  type UsageBootState,
  type UsageEvent,
  type UsageQuery,
  type UsageRequest,
  type UsageScope,
  type UsageViewState,
} from '../../src/protocol/usage';
import { renderChart, type ChartInput } from './chart';
import { tokens, usd } from './format';
import { chartDataTable, consumersTable, costTable } from './tables';

type MetricChoice = 'total' | 'prompt' | 'completion' | 'requests';
const METRICS: ReadonlyArray<[MetricChoice, string]> = [
  ['total', 'Total tokens'],
  ['prompt', 'Prompt tokens'],
  ['completion', 'Completion tokens'],
  ['requests', 'Requests'],
];
const RANGES: ReadonlyArray<[RangeId, string]> = [
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
];

interface PageState {
  readonly title: string;
  readonly scope: UsageScope;
  readonly query: UsageQuery;
  readonly metric: MetricChoice;
  readonly hidden: readonly string[];
  readonly view?: UsageViewState;
  readonly notice?: string;
}

const boot = initialState<UsageBootState>();
const saved = viewState.get<Pick<PageState, 'query' | 'metric'>>();
let state: PageState = {
  title: boot?.title ?? 'Token usage',
  scope: boot?.scope ?? { instance: '' },
  query: saved?.query ?? boot?.query ?? { range: '24h' },
  metric: saved?.metric ?? 'total',
  hidden: [],
};

function update(change: Partial<PageState>): void {
  state = { ...state, ...change };
  viewState.set({ query: state.query, metric: state.metric });
  render();
}

const send = (m: UsageRequest): void => post(m);

function select(
  id: string,
  label: string,
  options: ReadonlyArray<[string, string]>,
  value: string,
  onChange: (v: string) => void,
): HTMLElement {
  const control = h('select', { id }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  control.addEventListener('change', () => onChange(control.value));
  return h('div', { class: 'control' }, h('label', { for: id }, label), control);
}

function button(id: string, text: string, onClick: () => void, secondary = false): HTMLButtonElement {
  const b = h('button', { id, type: 'button', class: secondary ? 'secondary' : undefined }, text);
  b.addEventListener('click', onClick);
  return b;
}

function controls(): HTMLElement {
  const view = state.view;
  const options = view && 'options' in view ? view.options : undefined;
  const splitValue = state.query.splitBy ?? '';
  const query = (change: Partial<UsageQuery>): void => {
    const next: UsageQuery = { ...state.query, ...change };
    update({ query: next, hidden: [] });
    send({ type: 'query', query: next });
  };
  return h(
    'div',
    { class: 'row controls', role: 'toolbar', 'aria-label': 'Usage options' },
    select('range', 'Period', RANGES, state.query.range, (v) => query({ range: v as RangeId })),
    options
      ? select(
          'splitBy',
          'Split by',
          [['', 'Nothing (totals)'], ...options.dimensions.map((d): [string, string] => [d, d])],
          splitValue,
          (v) => query({ splitBy: v }),
        )
      : undefined,
    options && options.namespaces.length > 1
      ? select(
          'namespace',
          'Namespace',
          options.namespaces.map((n): [string, string] => [n, n]),
          state.query.namespace ?? options.namespaces[0],
          (v) => query({ namespace: v }),
        )
      : undefined,
    select('metric', 'Show', METRICS, state.metric, (v) => update({ metric: v as MetricChoice })),
    button('refresh', 'Refresh', () => send({ type: 'refresh' }), true),
    button('exportCsv', 'Export CSV', () => send({ type: 'exportCsv' }), true),
  );
}

function kpi(id: string, label: string, value: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'kpi-label', id: `${id}-label` }, label),
    h('div', { class: 'kpi-value', id, 'aria-labelledby': `${id}-label` }, value),
  );
}

function reportView(view: Extract<UsageViewState, { kind: 'report' }>): HTMLElement {
  const { report } = view;
  const grainMs = report.buckets.length > 1 ? report.buckets[1] - report.buckets[0] : 60_000;
  const unit = METRICS.find(([m]) => m === state.metric)![1].toLowerCase();
  const chart: ChartInput = {
    buckets: report.buckets,
    grainMs,
    unit,
    series: report.series.map((x) => ({ label: x.label, values: x[state.metric], ...(x.other ? { other: true } : {}) })),
  };
  const hidden = new Set(state.hidden);
  const toggle = (label: string): void => {
    const next = new Set(hidden);
    if (!next.delete(label)) next.add(label);
    update({ hidden: [...next] });
  };
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'kpis', role: 'group', 'aria-label': 'Totals' },
      kpi('kpi-total', 'Total tokens', tokens(report.totals.total)),
      kpi('kpi-prompt', 'Prompt tokens', tokens(report.totals.prompt)),
      kpi('kpi-completion', 'Completion tokens', tokens(report.totals.completion)),
      kpi('kpi-requests', 'Requests', tokens(report.totals.requests)),
      report.cost ? kpi('kpi-cost', 'Estimated cost', usd(report.cost.total)) : undefined,
    ),
    view.priceProblem ? h('p', { class: 'error', role: 'alert' }, view.priceProblem) : undefined,
    h('h2', {}, `${METRICS.find(([m]) => m === state.metric)![1]} over time${report.splitBy ? ` by ${report.splitBy}` : ''}`),
    renderChart(chart, hidden, toggle),
    chartDataTable(chart),
    report.splitBy ? h('h2', {}, 'Top consumers') : undefined,
    report.splitBy ? consumersTable(report.splitBy, report.consumers, report.consumersTruncated) : undefined,
    h('h2', {}, 'Estimated cost'),
    report.cost
      ? costTable(report.cost)
      : h('p', { class: 'hint' }, 'Add a dimension naming the model (e.g. Model) to the token metric policy to estimate cost per model.'),
    h(
      'p',
      { class: 'hint' },
      'Estimated from the price table in the settings; list prices change and differ by region, deployment type and agreement. ',
      button('editPrices', 'Edit prices', () => send({ type: 'openPriceSettings' }), true),
    ),
    h(
      'p',
      { class: 'hint', id: 'loadedAt' },
      `Loaded ${new Date(view.loadedAt).toLocaleTimeString('en-US')} with ${view.calls} Azure Monitor calls, at ${report.grain} granularity. New metrics take a few minutes to appear in Azure.`,
    ),
  );
}

function stateView(view: UsageViewState | undefined): HTMLElement {
  switch (view?.kind) {
    case undefined:
    case 'loading':
      return h(
        'div',
        { class: 'row', role: 'status' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        'Reading token metrics from Azure Monitor…',
      );
    case 'setup':
      return h(
        'div',
        { class: 'callout', role: 'status', id: 'setupNeeded' },
        h('p', {}, view.message),
        view.canRunSetup
          ? button('runSetup', 'Set up token metrics', () => send({ type: 'runSetup' }))
          : h(
              'p',
              { class: 'hint' },
              'Run "AI Gateway: Configure AI Policies…" on the API once it is available, or import the API again with token metrics on. ',
              button('runSetup', 'How to set it up', () => send({ type: 'runSetup' }), true),
            ),
      );
    case 'noData':
      return h('div', { class: 'callout', role: 'status', id: 'noData' }, h('p', {}, view.message));
    case 'error':
      return h(
        'div',
        { class: 'error-box', role: 'alert', id: 'usageError' },
        h('p', {}, view.message),
        button('showLog', 'Show log', () => send({ type: 'showLog' }), true),
      );
    case 'report':
      return reportView(view);
  }
}

function render(): void {
  const app = document.getElementById('app');
  if (!app) return;
  const focused = document.activeElement?.id;
  const source = state.scope.component
    ? `Token metrics from Application Insights ${state.scope.component}`
    : 'Token metrics from Application Insights';
  app.replaceChildren(
    h('h1', {}, state.title),
    h('p', { class: 'hint' }, source),
    controls(),
    h('p', { class: 'notice', 'aria-live': 'polite', id: 'notice' }, state.notice ?? ''),
    h('section', { id: 'content', 'aria-busy': String(state.view?.kind === 'loading') }, stateView(state.view)),
  );
  // Rebuilding the page must not throw the keyboard user back to the start.
  if (focused) document.getElementById(focused)?.focus();
}

onMessage(parseUsageEvent, (event: UsageEvent) => {
  if (event.type === 'notice') return update({ notice: event.message });
  update({
    scope: event.scope,
    view: event.state,
    notice: undefined,
    ...(event.state.kind === 'report' ? { query: event.state.query } : {}),
  });
});

render();
send({ type: 'query', query: state.query });
