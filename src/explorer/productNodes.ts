/**
 * A product in the tree and what it holds: its policy, its APIs and its subscriptions (with their state). Subscription
 * rows carry what the subscription commands need (Copy Key, Regenerate, Suspend, Activate, Cancel, Copy Code, Open in
 * Test Console); a key is never loaded to draw the tree.
 */
import type { ApiSummary } from '../apim/apis';
import { listProductApis, listProductSubscriptions } from '../apim/productMembers';
import type { ProductSummary } from '../apim/products';
import type { ServiceRef } from '../apim/refs';
import type { ApimSubscriptionSummary } from '../apim/subscriptions';
import { commandIds, contextValues, withFlags } from '../contributes';
import { childrenOrError, MessageNode } from './messageNodes';
import { TreeNode, type ExplorerHost, type NodeItem } from './TreeNode';

export class ProductNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode,
    readonly service: ServiceRef,
    readonly product: ProductSummary,
    private readonly host: ExplorerHost,
  ) {
    super(parent);
    this.id = product.id.toLowerCase();
  }

  item(): NodeItem {
    const limit = this.product.subscriptionsLimit === undefined ? undefined : `at most ${this.product.subscriptionsLimit} per user`;
    return {
      label: this.product.displayName,
      description: [this.product.state, this.product.approvalRequired ? 'approval required' : undefined, limit].filter(Boolean).join(' · '),
      tooltip: `${this.product.name}\nSubscriptions to this product open its APIs; its policy applies to every call made with them.`,
      contextValue: contextValues.product,
      collapsible: 'collapsed',
      icon: { codicon: 'package' },
    };
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    return Promise.resolve([
      new ProductPolicyNode(this),
      new ProductApisNode(this, this.host),
      new ProductSubscriptionsNode(this, this.host),
    ]);
  }
}

export class ProductPolicyNode extends TreeNode {
  readonly id: string;

  constructor(readonly productNode: ProductNode) {
    super(productNode);
    this.id = `${productNode.id}/policies/policy`;
  }

  item(): NodeItem {
    return {
      label: 'Policy',
      description: 'policy.xml',
      tooltip: "Open the product's policy (read-only): its token limits apply to every subscription of the product.",
      contextValue: contextValues.productPolicy,
      collapsible: 'none',
      icon: { codicon: 'shield' },
      command: { command: commandIds.openProductPolicy, title: 'Open product policy' },
    };
  }
}

export class ProductApisNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly productNode: ProductNode,
    private readonly host: ExplorerHost,
  ) {
    super(productNode);
    this.id = `${productNode.id}/#apis`;
  }

  item(): NodeItem {
    return { label: 'APIs', contextValue: contextValues.productApis, collapsible: 'collapsed', icon: { codicon: 'symbol-interface' } };
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    const { service, product } = this.productNode;
    return childrenOrError(this, `list the APIs of the product "${product.displayName}"`, async () => {
      const apis = await listProductApis(this.host.clients(), service, product.name);
      return apis.length > 0 ? apis.map((a) => new ProductApiNode(this, a)) : [new MessageNode(this, 'No APIs', 'empty')];
    });
  }
}

export class ProductApiNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: ProductApisNode,
    readonly api: ApiSummary,
  ) {
    super(parent);
    this.id = `${parent.id}/${api.apiId.toLowerCase()}`;
  }

  item(): NodeItem {
    return {
      label: this.api.displayName,
      description: `/${this.api.path}`,
      contextValue: contextValues.productApi,
      collapsible: 'none',
      icon: { codicon: 'symbol-interface' },
    };
  }
}

export class ProductSubscriptionsNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly productNode: ProductNode,
    private readonly host: ExplorerHost,
  ) {
    super(productNode);
    this.id = `${productNode.id}/#subscriptions`;
  }

  item(): NodeItem {
    return { label: 'Subscriptions', contextValue: contextValues.productSubscriptions, collapsible: 'collapsed', icon: { codicon: 'key' } };
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    const { service, product } = this.productNode;
    return childrenOrError(this, `list the subscriptions of the product "${product.displayName}"`, async () => {
      const subs = await listProductSubscriptions(this.host.clients(), service, product.name);
      return subs.length > 0
        ? subs.map((s) => new ApimSubscriptionNode(this, service, product, s))
        : [new MessageNode(this, 'No subscriptions', 'empty')];
    });
  }
}

const STATE_ICONS: Readonly<Record<string, string>> = { active: 'key', suspended: 'debug-pause', submitted: 'clock', cancelled: 'close' };

export class ApimSubscriptionNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode,
    readonly service: ServiceRef,
    readonly product: ProductSummary,
    readonly subscription: ApimSubscriptionSummary,
  ) {
    super(parent);
    this.id = subscription.id.toLowerCase();
  }

  item(): NodeItem {
    const s = this.subscription;
    const state = s.state.toLowerCase();
    return {
      label: s.displayName,
      description: [
        state,
        s.ownerUserId === undefined ? undefined : s.ownerUserId === '1' ? 'owner: administrator' : `owner: ${s.ownerUserId}`,
      ]
        .filter(Boolean)
        .join(' · '),
      tooltip: `${s.name} (${state})\nCopy Key puts a key on the clipboard; it is never shown here.`,
      contextValue: withFlags(contextValues.apimSubscription, [state]),
      collapsible: 'none',
      icon: { codicon: STATE_ICONS[state] ?? 'key' },
    };
  }
}
