import * as vscode from 'vscode';
import { serviceNodeOf } from '../explorer/nodeRefs';
import { commandIds } from '../contributes';
import { UserCancelledError } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

/** "Filter APIs…" per instance (server-side, on the display name) and "Clear filter". */
export function registerFilterApis(services: CommandServices) {
  return [
    registerCommand(services, commandIds.filterApis, 'filter the APIs', async (node: unknown) => {
      const serviceNode = serviceNodeOf(node) ?? serviceNodeOf(services.tree.selection[0]);
      if (!serviceNode) {
        void vscode.window.showInformationMessage('Select an API Management instance in the AI Gateway view first.');
        return;
      }
      const text = await vscode.window.showInputBox({
        title: `Filter the APIs of ${serviceNode.service.name}`,
        prompt: 'Show only APIs whose display name contains this text (empty shows all)',
        value: serviceNode.catalog.filter ?? '',
      });
      if (text === undefined) throw new UserCancelledError();
      serviceNode.setFilter(text);
    }),
    registerCommand(services, commandIds.clearFilter, 'clear the filter', (node: unknown) => serviceNodeOf(node)?.setFilter(undefined)),
  ];
}
