import { commandIds, contextValues, withFlags } from '../contributes';
import type { ApiSummary } from '../apim/apis';
import type { ApiGroupKind } from './apiCatalogTypes';
import type { Recognition } from '../domain/recognition';
import { ApiNode } from './ApiNode';
import { childrenOrError, count, ErrorNode, LoadMoreNode, MessageNode } from './messageNodes';
import type { ServiceScope } from './scopes';
import { TreeNode, type ExplorerHost, type NodeItem } from './TreeNode';

export type { ApiGroupKind } from './apiCatalogTypes';

/**
 * "LLM APIs" or "Other APIs": a view over the instance's one API list, which loads in the background. "LLM APIs"
 * lists every LLM API found so far and says how far the scan is; "Other APIs" shows 100 rows at a time from memory.
 */
export class ApiGroupNode extends TreeNode {
  readonly id: string;
  /** The rows already made, reused on redraw so that an opened API keeps its children. */
  private readonly apiNodes = new Map<string, ApiNode>();

  constructor(
    readonly serviceNode: ServiceScope,
    readonly kind: ApiGroupKind,
    private readonly host: ExplorerHost,
  ) {
    super(serviceNode);
    this.id = `${serviceNode.id}/#${kind}Apis`;
  }

  item(): NodeItem {
    const catalog = this.serviceNode.catalog;
    const { loaded, total, complete } = catalog.progress;
    const scanning = catalog.loading && !complete ? `scanning ${count(loaded)}${total !== undefined ? ` of ${count(total)}` : ''}` : '';
    const providers = [...new Set(catalog.llmApis().map((a) => a.recognition.provider))].join(', ');
    const others = catalog.window('other').count;
    const description = this.kind === 'llm' ? scanning || providers : others !== undefined ? count(others) : '';
    return {
      label: this.kind === 'llm' ? 'LLM APIs' : 'Other APIs',
      ...(description ? { description } : {}),
      contextValue: withFlags(contextValues.apiGroup, [this.kind]),
      collapsible: this.kind === 'llm' ? 'expanded' : 'collapsed',
      icon: this.kind === 'llm' ? { media: 'llm' } : { codicon: 'symbol-interface' },
    };
  }

  /** Forgets the rows and what was loaded under them (a refresh of the instance). */
  override refresh(): TreeNode {
    this.apiNodes.clear();
    return super.refresh();
  }

  /** Forgets the rows only: the list changed, the APIs already shown keep their nodes. */
  redraw(): TreeNode {
    return super.refresh();
  }

  /**
   * The rows being made for VS Code, the group's or those under one of its APIs, if any: a change is told once they
   * are out (a refresh meanwhile loses them).
   */
  get pendingRows(): Promise<unknown> | undefined {
    const pending = [this.pending, ...[...this.apiNodes.values()].map((n) => n.pending)].filter((p) => p !== undefined);
    return pending.length > 0 ? Promise.allSettled(pending) : undefined;
  }

  /** Redraws the rows once nothing is being loaded under the group (an API row's text changed). */
  redrawWhenIdle(): void {
    this.serviceNode.groupsChanged(new Set([this.kind]));
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    const catalog = this.serviceNode.catalog;
    const service = this.serviceNode.service.name;
    return childrenOrError(this, `list the APIs of "${service}"`, async () => {
      await catalog.ensureLoaded();
      const { loaded, total, complete, failure } = catalog.progress;
      const window = catalog.window(this.kind);
      const rows: TreeNode[] = window.rows.map((api) => this.apiNode(api));
      const all = window.count ?? (this.kind === 'other' && total !== undefined ? total - catalog.llmApis().length : undefined);
      const more = window.more
        ? new LoadMoreNode(this, {
            loadMore: () => catalog.showMore(this.kind),
            moreDescription: `${count(window.rows.length)}${all !== undefined ? ` of ${count(all)}` : ''} shown`,
          })
        : undefined;
      if (failure !== undefined) return [...rows, new ErrorNode(this, failure, `list all the APIs of "${service}"`)];
      if (more) return [...rows, more];
      if (!complete) {
        const progress = `${count(loaded)}${total !== undefined ? ` of ${count(total)}` : ''}`;
        const label = this.kind === 'llm' ? `Looking for LLM APIs… ${progress} scanned` : `Loading APIs… ${progress}`;
        return [...rows, new MessageNode(this, label, 'loading', 'loading~spin')];
      }
      if (rows.length === 0) {
        const importOne = { command: commandIds.importLanguageModelApi, title: 'Import Language Model API' };
        // An instance without LLM APIs offers the import right where they would be.
        if (this.kind === 'llm' && !catalog.filter) {
          rows.push(new MessageNode(this, 'No LLM APIs yet: import one…', 'empty', 'add', importOne));
        } else rows.push(new MessageNode(this, catalog.filter ? `No APIs match "${catalog.filter}"` : 'No other APIs', 'empty'));
      }
      return rows;
    });
  }

  private apiNode(api: ApiSummary): ApiNode {
    const found = this.serviceNode.catalog.recognitionOf(api.apiId);
    const recognition = found?.isLlm ? found : undefined;
    const known = this.apiNodes.get(api.id);
    if (known && known.api === api && sameVerdict(known.recognition, recognition)) return known;
    const node = new ApiNode(this, api, recognition, this.host);
    this.apiNodes.set(api.id, node);
    return node;
  }
}

/** What an API row shows of its recognition; a refined verdict that says the same keeps the row (and its children). */
function sameVerdict(a: Recognition | undefined, b: Recognition | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.isLlm === b.isLlm && a.provider === b.provider && a.reason === b.reason);
}
