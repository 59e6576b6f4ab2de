import { TreeNode } from '../explorer/TreeNode';
import { commandIds } from '../contributes';
import { registerCommand, type CommandServices } from './registerCommand';

/** "Refresh" (a node, or everything from the view title) and "Retry" on an error row. */
export function registerRefresh(services: CommandServices) {
  const refresh = (node: unknown) => services.tree.refresh(node instanceof TreeNode ? node : undefined);
  return [registerCommand(services, commandIds.refresh, 'refresh', refresh), registerCommand(services, commandIds.retry, 'retry', refresh)];
}
