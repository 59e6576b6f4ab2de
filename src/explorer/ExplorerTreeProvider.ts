/** The "Instances" view: turns the vscode-free nodes into TreeItems, and offers refresh and reveal to commands and panels. */
import * as vscode from 'vscode';
import type { AzureAccount } from '../azure/AzureAccount';
import type { Logger } from '../log';
import type { ApiNode } from './ApiNode';
import { ExplorerModel } from './ExplorerModel';
import { ErrorNode } from './messageNodes';
import { ServiceNode } from './ServiceNode';
import { SubscriptionNode } from './SubscriptionNode';
import type { ExplorerHost, NodeItem, TreeNode } from './TreeNode';

export const instancesViewId = 'aiGateway.instances';

export class ExplorerTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model: ExplorerModel;
  readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly account: AzureAccount,
    readonly log: Logger,
    private readonly extensionUri: vscode.Uri,
  ) {
    const host: ExplorerHost = {
      clients: () => account.requireClients(),
      changed: (node) => this.changed.fire(node),
      log,
    };
    this.model = new ExplorerModel(host, { subscriptions: () => account.selectedSubscriptions() }, (reason) => {
      void vscode.commands.executeCommand('setContext', 'aiGateway.empty', reason);
    });
    this.view = vscode.window.createTreeView(instancesViewId, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.changed,
      this.view,
      account.onDidChange(() => this.refresh()),
      // An expanded instance lists its APIs in the background; collapsed, it stops, and goes on with the pages missing later.
      this.view.onDidCollapseElement(({ element }) => {
        if (element instanceof ServiceNode) element.catalog.cancel();
      }),
      this.view.onDidExpandElement(({ element }) => {
        if (element instanceof ServiceNode) void element.catalog.ensureLoaded().catch(() => undefined);
      }),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return this.toTreeItem(node, node.item());
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.children();
    if (this.account.state.kind !== 'ready') return [];
    return this.model.rootNodes();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** Reloads a node's children (or everything); an error row reloads what failed. */
  refresh(node?: TreeNode): void {
    const target = node instanceof ErrorNode ? node.parent : node;
    if (!target) {
      this.model.reset();
      this.changed.fire(undefined);
      return;
    }
    // A subscription's refresh makes new instance nodes: the old ones stop listing (an instance resets its own).
    if (target instanceof SubscriptionNode) void this.model.stopListings(target);
    this.changed.fire(target.refresh());
  }

  /** Reloads one instance (after an import or a delete), or everything when the instance is not in the tree. */
  async refreshService(serviceId: string): Promise<void> {
    this.refresh(await this.model.findService(serviceId).catch(() => undefined));
  }

  /** Shows and selects an API (after an import, for instance), loading it into the tree if needed. */
  async revealApi(serviceId: string, apiId: string): Promise<ApiNode | undefined> {
    const node = await this.model.findApi(serviceId, apiId);
    if (node) await this.view.reveal(node, { select: true, focus: true, expand: false });
    return node;
  }

  /** The nodes selected in the view, for commands run from the palette while the tree has a selection. */
  get selection(): readonly TreeNode[] {
    return this.view.selection;
  }

  dispose(): void {
    this.model.reset();
    for (const d of this.disposables) d.dispose();
  }

  private toTreeItem(node: TreeNode, item: NodeItem): vscode.TreeItem {
    const collapsible = {
      none: vscode.TreeItemCollapsibleState.None,
      collapsed: vscode.TreeItemCollapsibleState.Collapsed,
      expanded: vscode.TreeItemCollapsibleState.Expanded,
    }[item.collapsible];
    const treeItem = new vscode.TreeItem(item.label, collapsible);
    treeItem.id = node.id;
    treeItem.contextValue = item.contextValue;
    if (item.description !== undefined) treeItem.description = item.description;
    if (item.tooltip !== undefined) treeItem.tooltip = item.tooltip;
    if (item.icon && 'codicon' in item.icon) {
      treeItem.iconPath = new vscode.ThemeIcon(item.icon.codicon, item.icon.color ? new vscode.ThemeColor(item.icon.color) : undefined);
    } else if (item.icon) {
      treeItem.iconPath = {
        light: vscode.Uri.joinPath(this.extensionUri, 'media', `${item.icon.media}-light.svg`),
        dark: vscode.Uri.joinPath(this.extensionUri, 'media', `${item.icon.media}-dark.svg`),
      };
    }
    if (item.command) treeItem.command = { command: item.command.command, title: item.command.title, arguments: [node] };
    return treeItem;
  }
}
