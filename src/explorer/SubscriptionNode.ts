import { listServices } from '../apim/services';
import { contextValues } from '../contributes';
import { childrenOrError, MessageNode } from './messageNodes';
import { ServiceNode } from './ServiceNode';
import { TreeNode, type ExplorerHost, type NodeItem } from './TreeNode';

export interface SubscriptionSummary {
  readonly subscriptionId: string;
  readonly displayName: string;
}

/** An Azure subscription; its APIM instances load as soon as the node exists, in parallel with its siblings'. */
export class SubscriptionNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly subscription: SubscriptionSummary,
    private readonly host: ExplorerHost,
    private readonly expanded: boolean,
  ) {
    super(undefined);
    this.id = `/subscriptions/${subscription.subscriptionId.toLowerCase()}`;
  }

  item(): NodeItem {
    return {
      label: this.subscription.displayName,
      tooltip: `Subscription ${this.subscription.subscriptionId}`,
      contextValue: contextValues.subscription,
      collapsible: this.expanded ? 'expanded' : 'collapsed',
      icon: { codicon: 'key' },
    };
  }

  /** Number of instances once loaded; undefined while loading or after an error. */
  serviceCount: number | undefined;

  override refresh(): TreeNode {
    this.serviceCount = undefined;
    return super.refresh();
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    return childrenOrError(this, `list the API Management instances of "${this.subscription.displayName}"`, async () => {
      const services = await listServices(this.host.clients(), this.subscription.subscriptionId);
      this.serviceCount = services.length;
      if (services.length === 0) return [new MessageNode(this, 'No API Management instances', 'empty')];
      return services.sort((a, b) => a.name.localeCompare(b.name)).map((s) => new ServiceNode(this, s, this.host));
    });
  }
}
