/**
 * "AI Gateway: Import Azure OpenAI API…": from the palette (asks for the instance) and the instance's context menu.
 * Opens the import wizard in its Azure OpenAI mode (from the resource with managed identity, or from the OpenAPI spec).
 */
import type * as vscode from 'vscode';
import { commandIds } from '../contributes';
import { serviceFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerImportAzureOpenAi(services: CommandServices, extensionUri: vscode.Uri): vscode.Disposable {
  return registerCommand(services, commandIds.importAzureOpenAiApi, 'open the Azure OpenAI import', async (node?: unknown) => {
    const service = await serviceFromNodeOrPick(services.account, node);
    // Loaded on first use: the wizard's engine and the bundled specs stay out of activation.
    const { ImportWizardPanel } = await import('../importWizard/importWizardPanel.js');
    ImportWizardPanel.show({ account: services.account, tree: services.tree, log: services.log, extensionUri }, service, 'azureOpenAi');
  });
}
