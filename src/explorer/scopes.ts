/**
 * What a node needs of the rows above it, as types: children take these instead of their parents' classes, so that no
 * node module imports the module of the node that creates it (no import cycles in the tree).
 */
import type { ApiSummary } from '../apim/apis';
import type { ServiceRef } from '../apim/refs';
import type { ApiCatalog } from './ApiCatalog';
import type { ApiGroupKind } from './apiCatalogTypes';
import type { TreeNode } from './TreeNode';

/** An instance row: the service and its API list, loaded once for every group below it. */
export interface ServiceScope extends TreeNode {
  readonly service: ServiceRef;
  readonly catalog: ApiCatalog;
  /** Redraws these groups once nothing is being loaded under them. */
  groupsChanged(groups: ReadonlySet<ApiGroupKind>): void;
}

/** A group of APIs ("LLM APIs", "Other APIs") under an instance. */
export interface ApiGroupScope extends TreeNode {
  readonly serviceNode: ServiceScope;
  /** Redraws the rows once nothing is being loaded under the group (an API row's text changed); the API nodes are kept. */
  redrawWhenIdle(): void;
}

/** An API row. */
export interface ApiScope extends TreeNode {
  readonly api: ApiSummary;
}
