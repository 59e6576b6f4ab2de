import { LoadMoreNode } from '../explorer/messageNodes';
import { commandIds } from '../contributes';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerLoadMore(services: CommandServices) {
  return registerCommand(services, commandIds.loadMore, 'show more rows', async (node: unknown) => {
    if (node instanceof LoadMoreNode) await node.loader.loadMore();
  });
}
