/** Rows that are not Azure resources: an error with a retry action, a message, and "Load more". */
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
  /** Loads the next page and redraws whatever shows it. */
  loadMore(): Promise<void>;
  readonly loadedCount: number;
}

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
      label: 'Load more…',
      description: `${this.loader.loadedCount} loaded`,
      contextValue: contextValues.loadMore,
      collapsible: 'none',
      icon: { codicon: 'more' },
      command: { command: commandIds.loadMore, title: 'Load more' },
    };
  }
}

/** Loads children, turning a failure into one error row (with retry) under the node instead of an empty tree. */
export async function childrenOrError(node: TreeNode, action: string, load: () => Promise<TreeNode[]>): Promise<TreeNode[]> {
  try {
    return await load();
  } catch (e) {
    return [new ErrorNode(node, e, action)];
  }
}
