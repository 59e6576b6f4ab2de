/**
 * Backends in the tree: a Pool backend shows its members (priority, weight and circuit-breaker rules), in "Backends"
 * and under the LLM API whose policy routes to it; every backend in "Backends" shows which APIs use it, from the
 * policies the tree has read (src/explorer/backendUsage.ts), and the pools that hold it.
 */
import type { BackendSummary } from '../apim/backends';
import type { ServiceRef } from '../apim/refs';
import { contextValues, withFlags } from '../contributes';
import { longBreaker, memberDescription, memberNameOf, membersInOrder, type ReadPoolService } from '../domain/pools/poolView';
import { backendUsers } from './backendUsage';
import { MessageNode } from './messageNodes';
import type { ServiceScope } from './scopes';
import { TreeNode, type IconSpec, type NodeItem } from './TreeNode';

/** What a backend row needs of the instance: its API list (for "Used by") and all its backends (to find members). */
export interface BackendContext {
  readonly serviceNode: ServiceScope;
  readonly backends: readonly BackendSummary[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function findBackend(backends: readonly BackendSummary[], name: string): BackendSummary | undefined {
  return backends.find((b) => same(b.name, name));
}

/** The pools whose members include `name`. */
function poolsHolding(backends: readonly BackendSummary[], name: string): BackendSummary[] {
  return backends.filter((b) => b.type === 'Pool' && b.poolMembers.some((m) => same(m, name)));
}

export const isPool = (b: BackendSummary | undefined): boolean => b?.type === 'Pool';

/**
 * A backend. `routed`: shown under an API as where its policy routes ("Pool: …" / "Backend: …", members only);
 * otherwise a row of "Backends" (members or breaker rules, then "Used by").
 */
export class BackendNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode,
    id: string,
    readonly backendName: string,
    readonly backend: BackendSummary | undefined,
    private readonly context: BackendContext,
    private readonly routed: boolean,
  ) {
    super(parent);
    this.id = id;
  }

  get service(): ServiceRef {
    return this.context.serviceNode.service;
  }

  item(): NodeItem {
    const b = this.backend;
    if (!b) {
      return {
        label: `Backend: ${this.backendName}`,
        description: 'not found',
        tooltip: 'The policy names a backend that does not exist.',
        contextValue: contextValues.backend,
        collapsible: 'none',
        icon: { codicon: 'warning' },
      };
    }
    const pool = isPool(b);
    const name = this.routed ? `${pool ? 'Pool' : 'Backend'}: ${b.name}` : (b.title ?? b.name);
    const members = b.poolServices?.length ?? b.poolMembers.length;
    return {
      label: name,
      description: pool ? `pool of ${members} member${members === 1 ? '' : 's'}` : b.url,
      tooltip: [
        b.name,
        pool ? 'Pool backend: members are tried by priority (lowest first), by weight within a priority.' : b.url,
        b.description,
      ]
        .filter(Boolean)
        .join('\n'),
      contextValue: withFlags(contextValues.backend, [pool ? 'pool' : 'single']),
      // Under an API only a pool opens (to its members); in "Backends" every backend opens to who uses it.
      collapsible: pool || !this.routed ? 'collapsed' : 'none',
      icon: { codicon: pool ? 'layers' : 'server' },
    };
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    const b = this.backend;
    if (!b) return Promise.resolve([]);
    const rows: TreeNode[] = [];
    if (isPool(b)) {
      const services = b.poolServices ?? b.poolMembers.map((id): ReadPoolService => ({ id }));
      for (const s of membersInOrder(services)) {
        const name = memberNameOf(s.id);
        rows.push(new PoolMemberNode(this, this.service, b.name, name, s, findBackend(this.context.backends, name)));
      }
      if (rows.length === 0) rows.push(new MessageNode(this, 'No members: every call answers 503', 'noMembers', 'warning'));
    } else if (!this.routed) {
      const rules = b.breakerRules ?? [];
      rows.push(
        rules.length > 0
          ? new InfoNode(this, 'breaker', 'Circuit breaker', rules.map(longBreaker).join('\n'), { codicon: 'shield' })
          : new InfoNode(this, 'breaker', 'No circuit breaker', 'Nothing stops calls to this backend when it fails.', {
              codicon: 'shield',
            }),
      );
    }
    if (!this.routed) rows.push(new UsedByNode(this, b.name, this.context));
    return Promise.resolve(rows);
  }
}

/** A member of a pool: its priority, weight and the breaker rules of the Single backend it names. */
export class PoolMemberNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode,
    readonly service: ServiceRef,
    /** The pool's backend name. */
    readonly poolId: string,
    /** The member's backend name. */
    readonly memberId: string,
    readonly entry: ReadPoolService,
    readonly member: BackendSummary | undefined,
  ) {
    super(parent);
    this.id = `${parent.id}/#member/${memberId.toLowerCase()}`;
  }

  item(): NodeItem {
    const m = this.member;
    const rules = m?.breakerRules;
    return {
      label: m?.title ?? this.memberId,
      description: m ? memberDescription(this.entry, rules) : `${memberDescription(this.entry, undefined)} · not found`,
      tooltip: [
        `Member "${this.memberId}" of pool "${this.poolId}"`,
        m ? m.url : 'The pool names a backend that does not exist.',
        ...(rules === undefined
          ? []
          : rules.length > 0
            ? rules.map(longBreaker)
            : ['No circuit breaker: a failing member is not skipped.']),
      ].join('\n'),
      contextValue: contextValues.poolMember,
      collapsible: 'none',
      icon: { codicon: m ? 'server' : 'warning' },
    };
  }
}

/** "Used by": the APIs whose policy routes to the backend (or to a pool holding it), and those pools. */
export class UsedByNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode,
    private readonly backendName: string,
    private readonly context: BackendContext,
  ) {
    super(parent);
    this.id = `${parent.id}/#usedBy`;
  }

  item(): NodeItem {
    return {
      label: 'Used by',
      tooltip: 'The APIs whose policy routes to this backend, as far as their policies have been read, and the pools that hold it.',
      contextValue: contextValues.backendUsers,
      collapsible: 'collapsed',
      icon: { codicon: 'references' },
    };
  }

  protected override async loadChildren(): Promise<TreeNode[]> {
    const catalog = this.context.serviceNode.catalog;
    // The list the tree reads anyway (no call per API); a failure leaves what was listed.
    await catalog.ensureLoaded().catch(() => undefined);
    const pools = poolsHolding(this.context.backends, this.backendName);
    const users = backendUsers(
      this.backendName,
      pools.map((p) => p.name),
      catalog.apis(),
      catalog.routes,
    );
    const rows: TreeNode[] = [
      ...pools.map(
        (p) =>
          new InfoNode(this, `pool/${p.name.toLowerCase()}`, `Pool: ${p.name}`, `A member of the pool "${p.name}"`, { codicon: 'layers' }),
      ),
      ...users.using.map(
        ({ api, via }) =>
          new InfoNode(
            this,
            `api/${api.apiId.toLowerCase()}`,
            api.displayName,
            `${api.displayName} (/${api.path})${via ? ` routes to the pool "${via}"` : ' routes to it'} in its policy`,
            { codicon: 'symbol-interface' },
            via ? `through pool ${via}` : `/${api.path}`,
            contextValues.backendUser,
          ),
      ),
      ...users.likely.map(
        (api) =>
          new InfoNode(
            this,
            `likely/${api.apiId.toLowerCase()}`,
            api.displayName,
            'Named like this backend; its policy has not been read yet (expand the API to read it).',
            { codicon: 'question' },
            'probably · policy not read yet',
            contextValues.backendUser,
          ),
      ),
    ];
    const progress = catalog.progress;
    const others = users.unread - users.likely.length;
    if (others > 0) {
      rows.push(
        new MessageNode(
          this,
          `${others} more API${others === 1 ? '' : 's'} not checked: ${others === 1 ? 'its policy has' : 'their policies have'} not been read yet`,
          'unread',
        ),
      );
    }
    if (!progress.complete) rows.push(new MessageNode(this, `APIs still loading (${progress.loaded} listed so far)`, 'loading'));
    if (rows.length === 0) rows.push(new MessageNode(this, 'No API uses it', 'none'));
    return rows;
  }
}

/** A row that only informs, with a tooltip. */
class InfoNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode,
    key: string,
    private readonly label: string,
    private readonly tooltip: string,
    private readonly icon: IconSpec,
    private readonly description?: string,
    private readonly contextValue: string = contextValues.message,
  ) {
    super(parent);
    this.id = `${parent.id}/#${key}`;
  }

  item(): NodeItem {
    return {
      label: this.label,
      ...(this.description !== undefined ? { description: this.description } : {}),
      tooltip: this.tooltip,
      contextValue: this.contextValue,
      collapsible: 'none',
      icon: this.icon,
    };
  }
}
