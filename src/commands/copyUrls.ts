import * as vscode from 'vscode';
import { apiEndpoint } from '../apim/refs';
import { commandIds } from '../contributes';
import { apiFromNodeOrPick, serviceFromNodeOrPick } from './pickers';
import { registerCommand, type CommandServices } from './registerCommand';

/** "Copy Gateway URL" (instance) and "Copy API Endpoint" (API). */
export function registerCopyUrls(services: CommandServices) {
  return [
    registerCommand(services, commandIds.copyGatewayUrl, 'copy the gateway URL', async (node: unknown) => {
      const service = await serviceFromNodeOrPick(services.account, node);
      if (!service.gatewayUrl) throw new Error(`The instance "${service.name}" has no gateway URL (a self-hosted gateway only?).`);
      await vscode.env.clipboard.writeText(service.gatewayUrl);
      void vscode.window.showInformationMessage(`Copied ${service.gatewayUrl}`);
    }),
    registerCommand(services, commandIds.copyApiEndpoint, 'copy the API endpoint', async (node: unknown) => {
      const api = await apiFromNodeOrPick(services.account, node);
      const endpoint = apiEndpoint(api);
      if (!endpoint) throw new Error(`The instance "${api.service.name}" has no gateway URL.`);
      await vscode.env.clipboard.writeText(endpoint);
      void vscode.window.showInformationMessage(`Copied ${endpoint}`);
    }),
  ];
}
