/**
 * The explorer's nodes are plain classes free of 'vscode': each has a stable id (from the ARM id), describes its
 * row as a NodeItem and loads its children once until refreshed. The provider turns NodeItems into TreeItems.
 */
import type { AzureClients } from '../azure/clients';
import type { Logger } from '../log';

export type IconSpec =
  /** A product icon (codicon) id, optionally with a theme color id. */
  | { readonly codicon: string; readonly color?: string }
  /** `media/{name}-light.svg` and `media/{name}-dark.svg`. */
  | { readonly media: string };

export interface NodeCommand {
  readonly command: string;
  readonly title: string;
}

export interface NodeItem {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  readonly icon?: IconSpec;
  /** Run on click, with the node as its argument. */
  readonly command?: NodeCommand;
}

/** What nodes need from the outside world. */
export interface ExplorerHost {
  /** The clients of the current account; throws a sentence saying what to do when signed out. */
  clients(): AzureClients;
  /** Tells the view that a node's row or children changed (the node has already forgotten its children). */
  changed(node: TreeNode | undefined): void;
  readonly log: Logger;
}

export abstract class TreeNode {
  private loaded: Promise<TreeNode[]> | undefined;
  private inFlight: Promise<TreeNode[]> | undefined;

  constructor(readonly parent: TreeNode | undefined) {}

  abstract readonly id: string;
  abstract item(): NodeItem;

  /** Children, loaded once; a failure is not remembered, so asking again retries. */
  children(): Promise<TreeNode[]> {
    if (!this.loaded) {
      const loading = this.loadChildren();
      this.loaded = loading;
      this.inFlight = loading;
      const settled = (): void => {
        if (this.inFlight === loading) this.inFlight = undefined;
      };
      loading.then(settled, () => {
        settled();
        if (this.loaded === loading) this.loaded = undefined;
      });
    }
    return this.loaded;
  }

  /**
   * The children being loaded for VS Code, if any. VS Code drops the rows it is waiting for when an ancestor is
   * refreshed meanwhile, so a redraw of a group waits for these first.
   */
  get pending(): Promise<unknown> | undefined {
    return this.inFlight;
  }

  /** Forgets what was loaded below this node; returns the node whose row must be redrawn. */
  refresh(): TreeNode {
    this.loaded = undefined;
    return this;
  }

  /** The children already loaded, without loading them (for reveal and tests). */
  async loadedChildren(): Promise<TreeNode[] | undefined> {
    return this.loaded ? this.loaded.catch(() => undefined) : undefined;
  }

  protected loadChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}
