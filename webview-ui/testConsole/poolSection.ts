/**
 * "Pool": the members of the pool the API routes to, in the order the gateway tries them, each with its region and —
 * in the local sandbox — its state and a "Simulate throttling" toggle (the member then answers 429 with Retry-After
 * through the sandbox's fault hooks), to watch the next request fail over. Hidden when the API routes to no pool.
 */
import type { PoolMemberView, PoolView } from '../../src/protocol/testConsolePool';
import { button, h, show } from '../shared/dom';
import type { ConsoleActions } from './consoleActions';
import type { ConsoleState } from './consoleState';

export class PoolSection {
  private readonly intro = h('p', { class: 'hint', id: 'poolIntro' });
  private readonly members = h('table', { id: 'poolMembers', class: 'data', 'aria-labelledby': 'poolHeading' });
  private readonly note = h('p', { class: 'hint', id: 'poolNote' });
  readonly root = h(
    'section',
    { id: 'pool', 'aria-labelledby': 'poolHeading', hidden: true },
    h('h2', { id: 'poolHeading' }, 'Pool'),
    this.intro,
    this.members,
    this.note,
  );

  constructor(private readonly actions: Pick<ConsoleActions, 'simulateThrottling'>) {}

  render(state: ConsoleState, previous: ConsoleState | undefined): void {
    if (state.pool === previous?.pool) return;
    const pool = state.pool;
    show(this.root, pool !== undefined);
    if (!pool) return;
    this.intro.textContent = `Backend pool "${pool.poolId}": the gateway tries the members by priority (lowest first), by weight within a priority, and skips a member whose circuit is open.`;
    this.members.replaceChildren(
      h(
        'tr',
        {},
        h('th', {}, 'Member'),
        h('th', {}, 'Priority · weight · region'),
        pool.sandbox && h('th', {}, 'State'),
        pool.sandbox && h('th', {}, 'Throttling'),
      ),
      ...pool.members.map((m) => this.row(m, pool)),
    );
    this.note.textContent = pool.sandbox
      ? 'Simulate throttling makes a member answer 429 with Retry-After, as a throttled deployment does; send a request to see the gateway fail over.'
      : 'Throttling can be simulated in the local sandbox only.';
  }

  private row(m: PoolMemberView, pool: PoolView): HTMLElement {
    const where = [
      m.priority !== undefined ? `priority ${m.priority}` : 'priority not set',
      m.weight !== undefined ? `weight ${m.weight}` : 'weight not set',
      m.region ?? 'region unknown',
    ].join(' · ');
    return h(
      'tr',
      { 'data-member': m.memberId },
      h('th', { scope: 'row' }, m.memberId),
      h('td', {}, where),
      pool.sandbox && h('td', { class: 'member-state' }, stateOf(m)),
      pool.sandbox && h('td', {}, this.toggle(m)),
    );
  }

  private toggle(m: PoolMemberView): HTMLElement | string {
    if (m.cannotSimulate) return m.cannotSimulate;
    // One label whatever the state (a toggle button says its state through aria-pressed); the name says which member.
    const toggle = button('Simulate throttling', m.throttled ? 'primary' : 'secondary', {
      'aria-pressed': String(m.throttled),
      'aria-label': `Simulate throttling on ${m.memberId}`,
      'data-member': m.memberId,
    });
    toggle.addEventListener('click', () => this.actions.simulateThrottling(m.memberId, !m.throttled));
    return toggle;
  }
}

/** The sandbox's view of the member: throttled by the user, and whether its breaker has opened. */
function stateOf(m: PoolMemberView): string {
  const open = m.openUntil ? `circuit open until ${new Date(m.openUntil).toLocaleTimeString()}` : undefined;
  const throttled = m.throttled ? 'answers 429 (simulated)' : undefined;
  return [throttled, open].filter(Boolean).join(' · ') || 'answering';
}
