/**
 * What a node needs of the rows above it, as types: children take these instead of their parents' classes, so that no
 * node module imports the module of the node that creates it (no import cycles in the tree).
 */
import type { ApiSummary } from '../apim/apis';
import type { ServiceRef } from '../apim/refs';
import type { ApiCatalog } from './ApiCatalog';
import type { TreeNode } from './TreeNode';

/** An instance row: the service and its API list, loaded once for every group below it. */
export interface ServiceScope extends TreeNode {
  readonly service: ServiceRef;
  readonly catalog: ApiCatalog;
}

/** A group of APIs ("LLM APIs", "Other APIs") under an instance. */
export interface ApiGroupScope extends TreeNode {
  readonly serviceNode: ServiceScope;
  /** Forgets the rows only (an API row's text changed); the API nodes are kept. */
  redraw(): TreeNode;
}

/** An API row. */
export interface ApiScope extends TreeNode {
  readonly api: ApiSummary;
}
