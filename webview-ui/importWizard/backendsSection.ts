/**
 * The wizard's Backends section (both modes): more targets for the same API — Azure OpenAI accounts in any region or
 * subscription, or more model URLs each with its own key — each with its priority and weight and a circuit breaker,
 * which the plan turns into Single backends, a Pool and the labs' retry. Empty (no extra row) means a single backend.
 * A row's own fields (a key) stay out of `value()`, which the wizard saves: the mode reads them with `rowValues`.
 */
import type { FieldErrors } from '../../src/protocol/webviewShared';
import { button, checkbox, field, h, onChange, textField, type Field, type ValueControl } from '../shared/dom';

export interface MemberSettings {
  readonly priority: number;
  readonly weight: number;
  readonly breaker: {
    readonly failureCount: number;
    readonly tripSeconds: number;
    readonly on429: boolean;
    readonly on5xx: boolean;
    readonly acceptRetryAfter: boolean;
  };
}

export interface PoolValue<T extends string> {
  readonly primary: MemberSettings;
  readonly extra: ReadonlyArray<MemberSettings & Record<T, string>>;
}

export interface BackendsSectionOptions<T extends string> {
  /** `accountId` or `url`: what names an extra member in the form. */
  readonly targetField: T;
  readonly targetLabel: string;
  /** The control that picks or types an extra member's target. */
  makeTarget(): ValueControl;
  /** More fields of each extra row (e.g. its key), kept out of `value()`; their errors are `pool.{i}.{name}`. */
  readonly rowFields?: readonly RowField[];
  /** What the first row's title says it is (default: the one chosen above). */
  readonly primaryTitle?: string;
  readonly onChange: () => void;
}

export interface RowField {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  make(): ValueControl;
}

interface Row {
  readonly root: HTMLElement;
  readonly target?: ValueControl;
  readonly priority: ValueControl;
  readonly weight: ValueControl;
  readonly failures: ValueControl;
  readonly trip: ValueControl;
  readonly fields: ReadonlyMap<string, Field>;
  readonly own: ReadonlyMap<string, ValueControl>;
}

const num = (c: ValueControl): number => (c.value.trim() === '' ? Number.NaN : Number(c.value));

export class BackendsSection<T extends string> {
  private readonly rows: Row[] = [];
  private readonly list = h('div', { class: 'pool-members' });
  private readonly on429 = checkbox('Trip on 429 (throttled), for as long as Retry-After asks', true);
  private readonly on5xx = checkbox('Trip on 5xx (server errors)', true);
  private readonly poolError = h('div', { class: 'error', role: 'alert' });
  private readonly addButton = button('Add backend', 'secondary');

  constructor(private readonly options: BackendsSectionOptions<T>) {}

  mount(page: HTMLElement): void {
    const heading = h('h3', { id: 'backends-heading' }, 'Backends');
    const intro = h(
      'p',
      { class: 'hint' },
      'Add more backends to spread the API over them: priority 1 is tried first, the next priority only when every backend of the one before has its circuit open; within a priority, requests go by weight. A failed attempt is retried on the next backend within the same request.',
    );
    const note = h(
      'p',
      { class: 'hint', role: 'note' },
      'Session affinity is not set: it needs an API Management API version newer than the 2024-05-01 this extension uses. Set it in the portal if your clients need it.',
    );
    this.rows.push(this.row(undefined));
    this.addButton.addEventListener('click', () => {
      const row = this.row(this.options.makeTarget());
      this.rows.push(row);
      this.list.append(row.root);
      this.renumber();
      this.options.onChange();
    });
    for (const f of [this.on429, this.on5xx]) onChange(f.box, () => this.options.onChange());
    this.list.append(this.rows[0].root);
    page.append(
      h(
        'section',
        { class: 'backends', 'aria-labelledby': 'backends-heading' },
        heading,
        intro,
        this.list,
        this.addButton,
        this.on429.root,
        this.on5xx.root,
        this.poolError,
        note,
      ),
    );
    this.renumber();
  }

  /** The pool, or undefined while there is no extra backend (a single backend, as without this section). */
  value(): PoolValue<T> | undefined {
    if (this.rows.length < 2) return undefined;
    const settings = (r: Row): MemberSettings => ({
      priority: num(r.priority),
      weight: num(r.weight),
      breaker: {
        failureCount: num(r.failures),
        tripSeconds: num(r.trip),
        on429: this.on429.box.checked,
        on5xx: this.on5xx.box.checked,
        acceptRetryAfter: this.on429.box.checked,
      },
    });
    return {
      primary: settings(this.rows[0]),
      extra: this.rows
        .slice(1)
        .map((r) => ({ ...settings(r), [this.options.targetField]: r.target?.value ?? '' }) as MemberSettings & Record<T, string>),
    };
  }

  /** The values of a row field (`rowFields`) of each extra row, in order; the first row has none. */
  rowValues(name: string): string[] {
    return this.rows.slice(1).map((r) => r.own.get(name)?.value ?? '');
  }

  /** Errors `pool.{i}.{field}` beside their row; `pool.members.member` under the list. */
  showErrors(errors: FieldErrors): void {
    const byName = errors as Readonly<Record<string, string | undefined>>;
    const shown = new Set<string>();
    this.rows.forEach((r, i) => {
      for (const [name, f] of r.fields) {
        const message = byName[`pool.${i}.${name}`];
        f.setError(message);
        if (message) shown.add(`pool.${i}.${name}`);
      }
    });
    // What no row shows (the pool as a whole, the first backend's own problems, the failure kinds) goes under the list.
    const rest = Object.entries(byName).filter(([k, v]) => k.startsWith('pool.') && v !== undefined && !shown.has(k));
    this.poolError.textContent = rest.map(([, v]) => v).join(' ');
  }

  private row(target: ValueControl | undefined): Row {
    const fields = new Map<string, Field>();
    const add = (name: string, label: string, control: ValueControl, hint = ''): ValueControl => {
      const f = field(label, control, hint);
      fields.set(name, f);
      onChange(control, () => this.options.onChange());
      return control;
    };
    // What the backend is comes first (its URL and key, or its account), then where it stands in the pool.
    const own = new Map<string, ValueControl>();
    if (target) {
      add('member', this.options.targetLabel, target);
      for (const f of this.options.rowFields ?? []) own.set(f.name, add(f.name, f.label, f.make(), f.hint));
    }
    const priority = add('priority', 'Priority', textField(this.rows.length === 0 ? '1' : '2', { size: 4 }), '1 is tried first');
    const weight = add('weight', 'Weight', textField('1', { size: 4 }), '1 to 100, within a priority');
    const failures = add('failureCount', 'Failures to trip', textField('1', { size: 4 }), 'Within one minute');
    const trip = add('tripSeconds', 'Trip (seconds)', textField('60', { size: 6 }));
    const title = h('h4', { class: 'pool-member-title' });
    const root = h('div', { class: 'pool-member', role: 'group' }, title, ...[...fields.values()].map((f) => f.root));
    if (target) {
      const remove = button('Remove', 'secondary');
      remove.addEventListener('click', () => {
        const i = this.rows.findIndex((r) => r.root === root);
        if (i > 0) this.rows.splice(i, 1);
        root.remove();
        this.renumber();
        this.options.onChange();
      });
      root.append(remove);
    }
    return { root, ...(target ? { target } : {}), priority, weight, failures, trip, fields, own };
  }

  private renumber(): void {
    this.rows.forEach((r, i) => {
      const title = r.root.querySelector('.pool-member-title');
      const text = i === 0 ? `Backend 1 (${this.options.primaryTitle ?? 'the one chosen above'})` : `Backend ${i + 1}`;
      if (title) title.textContent = text;
      r.root.setAttribute('aria-label', text);
    });
  }
}
