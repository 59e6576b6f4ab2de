/**
 * "AI Gateway: Import Language Model API…": from the palette (asks for the instance), the instance's context menu and
 * the empty LLM APIs group of an instance. Opens the import wizard in its Language Model API mode.
 */
import type * as vscode from 'vscode';
import { commandIds } from '../contributes';
import { serviceFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerImportLanguageModelApi(services: CommandServices, extensionUri: vscode.Uri): vscode.Disposable {
  return registerCommand(services, commandIds.importLanguageModelApi, 'open the import wizard', async (node?: unknown) => {
    const service = await serviceFromNodeOrPick(services.account, node);
    // Loaded on first use: the wizard's engine (XML, plans, executor) stays out of activation.
    const { ImportWizardPanel } = await import('../importWizard/importWizardPanel.js');
    ImportWizardPanel.show({ account: services.account, tree: services.tree, log: services.log, extensionUri }, service, 'languageModel');
  });
}
