/**
 * "Backends", "Named values" and "Products" of an instance, with their rows. Each list loads whole (pages in parallel
 * by $skip over 100 items) and shows 100 rows at a time, so that a long list never builds all its rows at once.
 */
import { listBackends, type BackendSummary } from '../apim/backends';
import { listNamedValues, type NamedValueSummary } from '../apim/namedValues';
import { listProducts, type ProductSummary } from '../apim/products';
import { contextValues } from '../contributes';
import { childrenOrError, MessageNode, RowWindow } from './messageNodes';
import type { ServiceScope } from './scopes';
import { BackendNode } from './poolNodes';
import { ProductNode } from './productNodes';
import { TreeNode, type ExplorerHost, type IconSpec, type NodeItem } from './TreeNode';

abstract class ResourceListNode<T> extends TreeNode {
  readonly id: string;
  private items: Promise<T[]> | undefined;
  private readonly window = new RowWindow(100, () => this.host.changed(super.refresh()));

  constructor(
    readonly serviceNode: ServiceScope,
    protected readonly host: ExplorerHost,
    key: string,
    private readonly label: string,
    private readonly contextValue: string,
    private readonly icon: IconSpec,
  ) {
    super(serviceNode);
    this.id = `${serviceNode.id}/#${key}`;
  }

  item(): NodeItem {
    return { label: this.label, contextValue: this.contextValue, collapsible: 'collapsed', icon: this.icon };
  }

  protected abstract list(): Promise<T[]>;
  protected abstract row(item: T): TreeNode;

  /** Forgets the list and shows its first rows again. */
  override refresh(): TreeNode {
    this.items = undefined;
    this.window.reset();
    return super.refresh();
  }

  protected override loadChildren(): Promise<TreeNode[]> {
    return childrenOrError(this, `list the ${this.label.toLowerCase()} of "${this.serviceNode.service.name}"`, async () => {
      const loading = (this.items ??= this.list());
      // A failed load is not remembered: retry asks again.
      const items = await loading.catch((e: unknown) => {
        if (this.items === loading) this.items = undefined;
        throw e;
      });
      return items.length > 0
        ? this.window.rows(this, items, (i) => this.row(i))
        : [new MessageNode(this, `No ${this.label.toLowerCase()}`, 'empty')];
    });
  }
}

class LeafNode extends TreeNode {
  constructor(
    parent: TreeNode,
    readonly id: string,
    private readonly row: NodeItem,
  ) {
    super(parent);
  }

  item(): NodeItem {
    return this.row;
  }
}

export class BackendsNode extends ResourceListNode<BackendSummary> {
  /** The whole list, which pool rows look their members up in. */
  private all: readonly BackendSummary[] = [];

  constructor(serviceNode: ServiceScope, host: ExplorerHost) {
    super(serviceNode, host, 'backends', 'Backends', contextValues.backends, { codicon: 'server-environment' });
  }

  protected async list(): Promise<BackendSummary[]> {
    const list = await listBackends(this.host.clients(), this.serviceNode.service);
    this.all = list;
    return list;
  }

  protected row(b: BackendSummary): TreeNode {
    return new BackendNode(this, b.id.toLowerCase(), b.name, b, { serviceNode: this.serviceNode, backends: this.all }, false);
  }
}

export class NamedValuesNode extends ResourceListNode<NamedValueSummary> {
  constructor(serviceNode: ServiceScope, host: ExplorerHost) {
    super(serviceNode, host, 'namedValues', 'Named values', contextValues.namedValues, { codicon: 'symbol-constant' });
  }

  protected list(): Promise<NamedValueSummary[]> {
    return listNamedValues(this.host.clients(), this.serviceNode.service);
  }

  protected row(nv: NamedValueSummary): TreeNode {
    const kind = nv.keyVault ? 'Key Vault secret' : nv.secret ? 'secret' : '';
    return new LeafNode(this, nv.id.toLowerCase(), {
      label: nv.displayName,
      description: kind,
      // The value is never read, so it cannot be shown: the tooltip says where it lives instead.
      tooltip: `{{${nv.displayName}}}${kind ? ` (${kind}; the value is not shown)` : ''}`,
      contextValue: contextValues.namedValue,
      collapsible: 'none',
      icon: { codicon: nv.secret || nv.keyVault ? 'lock' : 'symbol-constant' },
    });
  }
}

export class ProductsNode extends ResourceListNode<ProductSummary> {
  constructor(serviceNode: ServiceScope, host: ExplorerHost) {
    super(serviceNode, host, 'products', 'Products', contextValues.products, { codicon: 'package' });
  }

  protected list(): Promise<ProductSummary[]> {
    return listProducts(this.host.clients(), this.serviceNode.service);
  }

  protected row(p: ProductSummary): TreeNode {
    return new ProductNode(this, this.serviceNode.service, p, this.host);
  }
}
