/**
 * The top of the tree, free of 'vscode': which subscriptions to show, whether the view is empty (and why, for the
 * welcome views), and finding nodes by ARM id for reveal.
 */
import { getApi } from '../apim/apis';
import { parseServiceId } from '../apim/refs';
import { ApiNode } from './ApiNode';
import { ErrorNode } from './messageNodes';
import { ServiceNode } from './ServiceNode';
import { SubscriptionNode, type SubscriptionSummary } from './SubscriptionNode';
import type { ExplorerHost, TreeNode } from './TreeNode';

/** Why the tree is empty; the welcome views show a button for each. */
export type EmptyReason = 'none' | 'noSubscriptions' | 'noInstances';

export interface SubscriptionSource {
  /** The subscriptions the user chose to see. */
  subscriptions(): Promise<SubscriptionSummary[]>;
}

export class ExplorerModel {
  private roots: Promise<TreeNode[]> | undefined;
  private emptyReason: EmptyReason = 'none';

  constructor(
    private readonly host: ExplorerHost,
    private readonly source: SubscriptionSource,
    private readonly onEmptyReason: (reason: EmptyReason) => void,
  ) {}

  get empty(): EmptyReason {
    return this.emptyReason;
  }

  rootNodes(): Promise<TreeNode[]> {
    return (this.roots ??= this.loadRoots());
  }

  /** Forgets everything; the next rootNodes() loads again. */
  reset(): void {
    const roots = this.roots;
    this.roots = undefined;
    if (roots) void roots.then((nodes) => Promise.all(nodes.map((n) => this.stopListings(n)))).catch(() => undefined);
  }

  /** The instances at or under a node that is about to be dropped stop listing their APIs in the background. */
  async stopListings(node: TreeNode): Promise<void> {
    if (node instanceof ServiceNode) return node.catalog.reset();
    if (node instanceof SubscriptionNode) await Promise.all(((await node.loadedChildren()) ?? []).map((n) => this.stopListings(n)));
  }

  async findService(serviceId: string): Promise<ServiceNode | undefined> {
    const { subscriptionId } = parseServiceId(serviceId);
    const roots = await this.rootNodes();
    const sub = roots.find(
      (r): r is SubscriptionNode =>
        r instanceof SubscriptionNode && r.subscription.subscriptionId.toLowerCase() === subscriptionId.toLowerCase(),
    );
    const services = sub ? await sub.children() : [];
    return services.find((s): s is ServiceNode => s instanceof ServiceNode && s.id === serviceId.toLowerCase());
  }

  /** The API's node, reading the API itself if the loaded pages do not have it (yet). */
  async findApi(serviceId: string, apiId: string): Promise<ApiNode | undefined> {
    const serviceNode = await this.findService(serviceId);
    if (!serviceNode) return undefined;
    const catalog = serviceNode.catalog;
    await catalog.ensureLoaded();
    // Listed already or not (a list of 10,000 is still loading, or the API was just imported), it shows in its group.
    if (catalog.find(apiId)) catalog.pin(apiId);
    else {
      const api = await getApi(this.host.clients(), serviceNode.service, apiId);
      if (!api) return undefined;
      catalog.add(api);
    }
    for (const group of [serviceNode.llmGroup, serviceNode.otherGroup]) {
      const rows = await group.children();
      const node = rows.find((n): n is ApiNode => n instanceof ApiNode && n.api.apiId.toLowerCase() === apiId.toLowerCase());
      if (node) return node;
    }
    return undefined;
  }

  private async loadRoots(): Promise<TreeNode[]> {
    let subscriptions: SubscriptionSummary[];
    try {
      subscriptions = await this.source.subscriptions();
    } catch (e) {
      this.setEmpty('none');
      return [new ErrorNode(undefined, e, 'list your Azure subscriptions')];
    }
    if (subscriptions.length === 0) {
      this.setEmpty('noSubscriptions');
      return [];
    }
    const nodes = subscriptions
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .map((s) => new SubscriptionNode(s, this.host, subscriptions.length === 1));
    // Every subscription's instances load now and in parallel; one failing shows its own error row. The rows show as
    // soon as one subscription has an instance; only an all-empty answer needs every subscription's.
    await firstOrAll(nodes.map((n) => n.children().then(() => (n.serviceCount ?? 1) > 0)));
    if (nodes.every((n) => n.serviceCount === 0)) {
      this.setEmpty('noInstances');
      return [];
    }
    this.setEmpty('none');
    return nodes;
  }

  private setEmpty(reason: EmptyReason): void {
    this.emptyReason = reason;
    this.onEmptyReason(reason);
  }
}

/** Resolves when one of the promises resolves to true, or when all have settled. */
function firstOrAll(checks: readonly Promise<boolean>[]): Promise<void> {
  return new Promise((resolve) => {
    let pending = checks.length;
    if (pending === 0) resolve();
    for (const check of checks) {
      check.then(
        (found) => (found || --pending === 0 ? resolve() : undefined),
        () => (--pending === 0 ? resolve() : undefined),
      );
    }
  });
}
