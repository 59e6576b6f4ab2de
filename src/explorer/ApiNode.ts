import type { ApiSummary } from '../apim/apis';
import { listOperations } from '../apim/operations';
import { getApiPolicy } from '../apim/policies';
import { apiEndpoint } from '../apim/refs';
import { backendIdsInPolicy, type Recognition } from '../domain/recognition';
import type { ApiGroupScope } from './scopes';
import { OperationNode, PolicyNode } from './apiChildNodes';
import { BackendNode, findBackend } from './poolNodes';
import { contextValues, withFlags } from '../contributes';
import { childrenOrError, MessageNode } from './messageNodes';
import { TreeNode, type ExplorerHost, type NodeItem } from './TreeNode';
import { tokensInLast24h, tokensLabel } from '../usage/apiTokens';

/** An API: its operations, its policy and the backends the policy routes to. */
export class ApiNode extends TreeNode {
  readonly id: string;
  /** Tokens in the last 24 hours from Azure Monitor, read once in the background for LLM APIs (never blocking the row). */
  private tokens: Promise<void> | undefined;
  private tokens24h: number | undefined;

  constructor(
    readonly group: ApiGroupScope,
    readonly api: ApiSummary,
    readonly recognition: Recognition | undefined,
    private readonly host: ExplorerHost,
  ) {
    super(group);
    this.id = api.id.toLowerCase();
  }

  item(): NodeItem {
    const endpoint = apiEndpoint(this.api);
    const llm = this.recognition?.isLlm === true;
    if (llm) this.tokens ??= this.loadTokens();
    const usage = this.tokens24h !== undefined ? tokensLabel(this.tokens24h) : undefined;
    return {
      label: this.api.displayName,
      description: llm ? [this.recognition?.provider, usage].filter(Boolean).join(' · ') : `/${this.api.path}`,
      tooltip: [
        this.api.displayName,
        endpoint ? `Endpoint: ${endpoint}` : undefined,
        llm ? `LLM API (${this.recognition?.provider ?? 'Other'}): ${this.recognition?.reason ?? ''}` : undefined,
        `Subscription key header: ${this.api.subscriptionKeyHeader}${this.api.subscriptionRequired ? '' : ' (not required)'}`,
        this.api.description,
      ]
        .filter(Boolean)
        .join('\n'),
      contextValue: withFlags(contextValues.api, [llm ? 'llm' : 'other']),
      collapsible: 'collapsed',
      icon: llm ? { media: 'llm' } : { codicon: 'symbol-interface' },
    };
  }

  private async loadTokens(): Promise<void> {
    try {
      const tokens = await tokensInLast24h(this.host.clients(), this.api, this.host.log);
      if (tokens === undefined) return;
      this.tokens24h = tokens;
      // Through the group, as the explorer redraws rows (its API nodes are kept), once nothing is loading under it:
      // VS Code drops the rows it is waiting for when their group is refreshed meanwhile.
      this.group.redrawWhenIdle();
    } catch {
      // Signed out since: the row keeps its description without tokens.
    }
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    const ref = { service: this.api.service, apiId: this.api.apiId };
    return childrenOrError(this, `read the API "${this.api.displayName}"`, async () => {
      const clients = this.host.clients();
      const [operations, policy] = await Promise.all([listOperations(clients, ref), getApiPolicy(clients, ref)]);
      const catalog = this.group.serviceNode.catalog;
      // '' when there is none: the API is then known to route nowhere (a backend's "Used by" counts on it).
      catalog.refine(this.api.apiId, { operations, policyXml: policy?.xml ?? '' });
      const backends = policy ? backendIdsInPolicy(policy.xml) : [];
      const context = { serviceNode: this.group.serviceNode, backends: catalog.backends };
      const rows: TreeNode[] = [
        new PolicyNode(this, policy !== undefined),
        ...backends.map(
          (id) => new BackendNode(this, `${this.id}/#backend/${id.toLowerCase()}`, id, findBackend(catalog.backends, id), context, true),
        ),
        ...operations.map((op) => new OperationNode(this, op)),
      ];
      if (operations.length === 0) rows.push(new MessageNode(this, 'No operations', 'noOperations'));
      return rows;
    });
  }
}
