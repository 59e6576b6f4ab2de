import { commandIds, contextValues, withFlags } from '../contributes';
import { ApiNode } from './ApiNode';
import { childrenOrError, LoadMoreNode, MessageNode } from './messageNodes';
import type { ServiceNode } from './ServiceNode';
import { TreeNode, type ExplorerHost, type NodeItem } from './TreeNode';

export type ApiGroupKind = 'llm' | 'other';

/** "LLM APIs" or "Other APIs": a view over the instance's shared, paged API list. */
export class ApiGroupNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly serviceNode: ServiceNode,
    readonly kind: ApiGroupKind,
    private readonly host: ExplorerHost,
  ) {
    super(serviceNode);
    this.id = `${serviceNode.id}/#${kind}Apis`;
  }

  item(): NodeItem {
    const catalog = this.serviceNode.catalog;
    const providers = [...new Set(catalog.llmApis().map((a) => a.recognition.provider))].join(', ');
    return {
      label: this.kind === 'llm' ? 'LLM APIs' : 'Other APIs',
      ...(this.kind === 'llm' && providers ? { description: providers } : {}),
      contextValue: withFlags(contextValues.apiGroup, [this.kind]),
      collapsible: this.kind === 'llm' ? 'expanded' : 'collapsed',
      icon: this.kind === 'llm' ? { media: 'llm' } : { codicon: 'symbol-interface' },
    };
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    const catalog = this.serviceNode.catalog;
    return childrenOrError(this, `list the APIs of "${this.serviceNode.service.name}"`, async () => {
      await catalog.ensureLoaded();
      const rows: TreeNode[] =
        this.kind === 'llm'
          ? catalog.llmApis().map(({ api, recognition }) => new ApiNode(this, api, recognition, this.host))
          : catalog.otherApis().map((api) => new ApiNode(this, api, undefined, this.host));
      if (catalog.hasMore) rows.push(new LoadMoreNode(this, catalog));
      else if (rows.length === 0) {
        const importOne = { command: commandIds.importLanguageModelApi, title: 'Import Language Model API' };
        // An instance without LLM APIs offers the import right where they would be.
        if (this.kind === 'llm' && !catalog.filter) {
          rows.push(new MessageNode(this, 'No LLM APIs yet: import one…', 'empty', 'add', importOne));
        } else rows.push(new MessageNode(this, catalog.filter ? `No APIs match "${catalog.filter}"` : 'No other APIs', 'empty'));
      }
      return rows;
    });
  }
}
