/** Rows that are not Azure resources: an error with a retry action, a message, and "Show more…" for long lists. */
import { errorDetails, explainError } from '../apim/errors';
import { commandIds, contextValues } from '../contributes';
import { TreeNode, type NodeCommand, type NodeItem } from './TreeNode';

export class ErrorNode extends TreeNode {
  readonly id: string;
  readonly message: string;

  /** `parent` is the node whose children failed to load; retrying refreshes it. */
  constructor(parent: TreeNode | undefined, error: unknown, action: string) {
    super(parent);
    this.id = `${parent?.id ?? 'root'}/#error`;
    this.message = explainError(error, action);
    this.details = errorDetails(error);
  }

  readonly details: string;

  item(): NodeItem {
    return {
      label: this.message,
      tooltip: `${this.message}\n\n${this.details}\n\nClick to retry.`,
      contextValue: contextValues.error,
      collapsible: 'none',
      icon: { codicon: 'error', color: 'errorForeground' },
      command: { command: commandIds.retry, title: 'Retry' },
    };
  }
}

export class MessageNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode,
    private readonly label: string,
    key: string,
    private readonly icon = 'info',
    /** Run on click with this node, e.g. the import offered in an instance without LLM APIs. */
    private readonly command?: NodeCommand,
  ) {
    super(parent);
    this.id = `${parent.id}/#${key}`;
  }

  item(): NodeItem {
    return {
      label: this.label,
      contextValue: contextValues.message,
      collapsible: 'none',
      icon: { codicon: this.icon },
      ...(this.command ? { command: this.command } : {}),
    };
  }
}

export interface MoreLoader {
  /** Shows the next rows of a long list (already loaded, or loading in the background) and redraws the list. */
  loadMore(): Promise<void> | void;
  /** What the row says after its label, e.g. "100 of 10,003 shown". */
  readonly moreDescription: string;
}

/** The last row of a long list that shows 100 rows at a time: so that 10,000 rows are never built at once. */
export class LoadMoreNode extends TreeNode {
  readonly id: string;

  constructor(
    parent: TreeNode,
    readonly loader: MoreLoader,
  ) {
    super(parent);
    this.id = `${parent.id}/#loadMore`;
  }

  item(): NodeItem {
    return {
      label: 'Show more…',
      description: this.loader.moreDescription,
      contextValue: contextValues.loadMore,
      collapsible: 'none',
      icon: { codicon: 'more' },
      command: { command: commandIds.loadMore, title: 'Show more' },
    };
  }
}

/** The rows of a long list in windows of `step`: the first window, then one more per "Show more…". */
export class RowWindow {
  private shown: number;

  constructor(
    private readonly step = 100,
    private readonly redraw: () => void,
  ) {
    this.shown = step;
  }

  /** The rows to show, with "Show more…" after them when the list is longer. */
  rows<T>(parent: TreeNode, items: readonly T[], row: (item: T) => TreeNode): TreeNode[] {
    const rows = items.slice(0, this.shown).map(row);
    if (items.length > this.shown) {
      rows.push(
        new LoadMoreNode(parent, {
          loadMore: () => {
            this.shown += this.step;
            this.redraw();
          },
          moreDescription: `${count(Math.min(this.shown, items.length))} of ${count(items.length)} shown`,
        }),
      );
    }
    return rows;
  }

  reset(): void {
    this.shown = this.step;
  }
}

/** A count as people read it: 10,003. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Loads children, turning a failure into one error row (with retry) under the node instead of an empty tree. */
export async function childrenOrError(node: TreeNode, action: string, load: () => Promise<TreeNode[]>): Promise<TreeNode[]> {
  try {
    return await load();
  } catch (e) {
    return [new ErrorNode(node, e, action)];
  }
}
