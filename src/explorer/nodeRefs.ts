/**
 * What a command receives from a tree node, as plain references: the instance and the API under the node, whatever
 * the node is (an API row, one of its operations, its policy, a group of the instance...).
 */
import type { ApiSummary } from '../apim/apis';
import type { ServiceRef } from '../apim/refs';
import { ApiNode } from './ApiNode';
import { ServiceNode } from './ServiceNode';
import { TreeNode } from './TreeNode';

/** The node itself or its nearest ancestor of the given class. */
function selfOrAncestor<T extends TreeNode>(node: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  for (let n: TreeNode | undefined = node instanceof TreeNode ? node : undefined; n; n = n.parent) {
    if (n instanceof type) return n;
  }
  return undefined;
}

export function serviceNodeOf(node: unknown): ServiceNode | undefined {
  return selfOrAncestor(node, ServiceNode);
}

export function serviceOf(node: unknown): ServiceRef | undefined {
  return serviceNodeOf(node)?.service;
}

export function apiNodeOf(node: unknown): ApiNode | undefined {
  return selfOrAncestor(node, ApiNode);
}

export function apiOf(node: unknown): ApiSummary | undefined {
  return apiNodeOf(node)?.api;
}
