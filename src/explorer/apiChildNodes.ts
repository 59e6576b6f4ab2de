/** The rows under an API: its policy (opens the XML) and its operations (the backends it routes to: poolNodes.ts). */
import type { OperationSummary } from '../apim/operations';
import { commandIds, contextValues } from '../contributes';
import type { ApiScope } from './scopes';
import { TreeNode, type NodeItem } from './TreeNode';

export class PolicyNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly apiNode: ApiScope,
    private readonly exists: boolean,
  ) {
    super(apiNode);
    this.id = `${apiNode.id}/policies/policy`;
  }

  item(): NodeItem {
    return {
      label: 'Policy',
      description: this.exists ? 'policy.xml' : 'none yet',
      tooltip: 'Open the API policy XML. Saving writes it back to Azure, unless it changed there since you opened it.',
      contextValue: contextValues.policy,
      collapsible: 'none',
      icon: { codicon: 'file-code' },
      command: { command: commandIds.openPolicy, title: 'Open policy' },
    };
  }
}

export class OperationNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly apiNode: ApiScope,
    readonly operation: OperationSummary,
  ) {
    super(apiNode);
    this.id = operation.id.toLowerCase();
  }

  item(): NodeItem {
    return {
      label: this.operation.displayName,
      description: `${this.operation.method} ${this.operation.urlTemplate}`,
      contextValue: contextValues.operation,
      collapsible: 'none',
      icon: { codicon: 'symbol-method' },
    };
  }
}
