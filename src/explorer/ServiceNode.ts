import { apiPageFetcher } from '../apim/apis';
import { listBackends } from '../apim/backends';
import { getApiPolicy } from '../apim/policies';
import type { ServiceRef } from '../apim/refs';
import { ApiCatalog } from './ApiCatalog';
import type { ApiCatalogSource, ApiGroupKind } from './apiCatalogTypes';
import { ApiGroupNode } from './ApiGroupNode';
import { contextValues, withFlags } from '../contributes';
import { BackendsNode, NamedValuesNode, ProductsNode } from './serviceResourceNodes';
import { TreeNode, type ExplorerHost, type NodeItem } from './TreeNode';

/** An APIM instance: its APIs split into LLM and other APIs (one shared paged list), backends, named values, products. */
export class ServiceNode extends TreeNode {
  readonly id: string;
  readonly catalog: ApiCatalog;
  readonly llmGroup: ApiGroupNode;
  readonly otherGroup: ApiGroupNode;
  private readonly resourceGroups: TreeNode[];

  constructor(
    parent: TreeNode,
    readonly service: ServiceRef,
    private readonly host: ExplorerHost,
    /** Where the API list comes from; APIM through the host's clients unless a test gives its own. */
    source: ApiCatalogSource = apimCatalogSource(host, service),
  ) {
    super(parent);
    this.id = service.id.toLowerCase();
    this.catalog = new ApiCatalog(source, (groups) => this.groupsChanged(groups), {
      onBackgroundError: (e) => host.log.warn(`Background recognition in ${service.name}: ${e instanceof Error ? e.message : String(e)}`),
      onThrottled: (ms) => host.log.info(`Azure throttled the API list of ${service.name}: waiting ${Math.ceil(ms / 1000)} s as it asked`),
    });
    this.llmGroup = new ApiGroupNode(this, 'llm', host);
    this.otherGroup = new ApiGroupNode(this, 'other', host);
    this.resourceGroups = [new BackendsNode(this, host), new NamedValuesNode(this, host), new ProductsNode(this, host)];
  }

  item(): NodeItem {
    const filter = this.catalog.filter;
    const place = [this.service.location, this.service.skuName].filter(Boolean).join(' · ');
    return {
      label: this.service.name,
      description: filter ? `${place} · filter: ${filter}` : place,
      tooltip: [
        this.service.name,
        `Gateway URL: ${this.service.gatewayUrl ?? 'none'}`,
        this.service.location ? `Region: ${this.service.location}` : undefined,
        this.service.skuName ? `SKU: ${this.service.skuName}` : undefined,
        `Resource group: ${this.service.resourceGroup}`,
      ]
        .filter(Boolean)
        .join('\n'),
      contextValue: withFlags(contextValues.service, [filter !== undefined && 'filtered']),
      collapsible: 'collapsed',
      icon: { media: 'apim' },
    };
  }

  setFilter(text: string | undefined): void {
    this.catalog.setFilter(text);
    this.refresh();
    this.host.changed(this);
  }

  override refresh(): TreeNode {
    this.catalog.reset();
    this.llmGroup.refresh();
    this.otherGroup.refresh();
    for (const group of this.resourceGroups) group.refresh();
    return super.refresh();
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    return Promise.resolve([this.llmGroup, this.otherGroup, ...this.resourceGroups]);
  }

  /**
   * Redraws the group that changed. When both did (an API moved from one to the other), they redraw in one event from
   * their parent, so that the API never shows twice (VS Code refuses two rows with the same id).
   */
  groupsChanged(groups: ReadonlySet<ApiGroupKind>): void {
    // VS Code loses the rows it is waiting for when their group is refreshed meanwhile: tell it once they are out.
    const pending = [this.llmGroup, this.otherGroup].map((g) => g.pendingRows).filter((p) => p !== undefined);
    if (pending.length > 0) {
      void Promise.allSettled(pending).then(() => this.groupsChanged(groups));
      return;
    }
    if (groups.size > 1) {
      this.llmGroup.redraw();
      this.otherGroup.redraw();
      this.host.changed(this);
      return;
    }
    const group = groups.has('llm') ? this.llmGroup : this.otherGroup;
    this.host.changed(group.redraw());
  }
}

function apimCatalogSource(host: ExplorerHost, service: ServiceRef): ApiCatalogSource {
  return {
    listPage: ({ nameContains, ...request }) => apiPageFetcher(host.clients(), service, nameContains)(request),
    listBackends: (abortSignal) => listBackends(host.clients(), service, abortSignal),
    getPolicyXml: async (apiId, abortSignal) => (await getApiPolicy(host.clients(), { service, apiId }, abortSignal))?.xml,
  };
}
