/** Opens a product's policy read-only (its token limits); editing policies in place is for API policies. */
import * as vscode from 'vscode';
import { getProductPolicy } from '../apim/productMembers';
import { commandIds } from '../contributes';
import { ProductNode, ProductPolicyNode } from '../explorer/productNodes';
import { registerCommand, type CommandServices } from './registerCommand';

export function registerOpenProductPolicy(services: CommandServices): vscode.Disposable {
  return registerCommand(services, commandIds.openProductPolicy, 'open the product policy', async (node: unknown) => {
    const productNode = node instanceof ProductPolicyNode ? node.productNode : node instanceof ProductNode ? node : undefined;
    if (!productNode) throw new Error('Run this command on a product in the AI Gateway tree.');
    const policy = await getProductPolicy(services.account.requireClients(), productNode.service, productNode.product.name);
    if (!policy) {
      void vscode.window.showInformationMessage(`The product "${productNode.product.displayName}" has no policy.`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument({ content: policy.xml, language: 'xml' });
    await vscode.window.showTextDocument(doc, { preview: true });
  });
}
