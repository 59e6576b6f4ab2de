import * as vscode from 'vscode';
import { policyUri } from '../explorer/PolicyFileSystem';
import { commandIds } from '../contributes';
import { apiFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

/** Opens an API's policy XML in an editor; saving writes it back (see PolicyFileSystem). */
export function registerOpenPolicy(services: CommandServices) {
  return registerCommand(services, commandIds.openPolicy, 'open the policy', async (node: unknown) => {
    const api = await apiFromNodeOrPick(services.account, node);
    const document = await vscode.workspace.openTextDocument(policyUri(api));
    await vscode.languages.setTextDocumentLanguage(document, 'xml');
    await vscode.window.showTextDocument(document, { preview: false });
  });
}
