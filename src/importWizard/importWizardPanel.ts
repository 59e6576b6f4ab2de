/**
 * The import wizard's webview panel: one per instance, revealed when opened again. It wires ImportWizardController to
 * the webview and to VS Code (clipboard, test console, tree). It stores nothing: the key lives only in the messages
 * of one request, and the webview keeps only secret-free state.
 */
import * as vscode from 'vscode';
import type { ApiRef, ServiceRef } from '../apim/refs';
import type { AzureAccount } from '../azure/AzureAccount';
import { commandIds } from '../contributes';
import type { ExplorerTreeProvider } from '../explorer/ExplorerTreeProvider';
import type { DoneAction, ImportWizardInitialState, WizardEvent } from '../protocol/importWizard';
import type { ImportMode } from '../protocol/importInput';
import { ImportWizardController } from './importWizardController';
import { renderWebviewPage, webviewOptions } from '../webview/webviewHtml';

export const IMPORT_WIZARD_VIEW_TYPE = 'aiGateway.importWizard';

export interface ImportWizardServices {
  readonly account: AzureAccount;
  readonly tree: ExplorerTreeProvider;
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
}

export class ImportWizardPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, ImportWizardPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: ImportWizardController;

  /** Opens the wizard for `service` in `mode`, or reveals the one already open for that instance. */
  static show(services: ImportWizardServices, service: ServiceRef, mode: ImportMode = 'languageModel'): void {
    const key = `${service.id.toLowerCase()}#${mode}`;
    const existing = ImportWizardPanel.panels.get(key);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      return;
    }
    const panel = vscode.window.createWebviewPanel(IMPORT_WIZARD_VIEW_TYPE, `Import API: ${service.name}`, vscode.ViewColumn.Active, {
      ...webviewOptions(services.extensionUri),
      // An import in flight keeps showing its progress while the tab is in the background.
      retainContextWhenHidden: true,
    });
    ImportWizardPanel.panels.set(key, new ImportWizardPanel(services, panel, service, mode, key));
  }

  private constructor(
    private readonly services: ImportWizardServices,
    private readonly panel: vscode.WebviewPanel,
    private readonly service: ServiceRef,
    mode: ImportMode,
    private readonly key: string,
  ) {
    const log = services.log;
    this.controller = new ImportWizardController({
      clients: services.account.requireClients(),
      service,
      post: (event) => this.post(event),
      log: (line) => log.info(line),
      doneAction: (action, api, endpoint) => this.doneAction(action, api, endpoint),
      subscriptionIds: async () => (await services.account.selectedSubscriptions()).map((s) => s.subscriptionId),
    });
    const boot: ImportWizardInitialState = {
      instance: { name: service.name, ...(service.gatewayUrl ? { gatewayUrl: service.gatewayUrl } : {}) },
      mode,
    };
    panel.webview.html = renderWebviewPage({
      webview: panel.webview,
      extensionUri: services.extensionUri,
      script: 'importWizard',
      title: `Import API: ${service.name}`,
      initialState: boot,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.controller.handle(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(event: WizardEvent): void {
    // The tree shows the new API (or no longer shows a rolled-back one) without a manual refresh.
    if ((event.type === 'finished' && event.outcome.status === 'succeeded') || event.type === 'rolledBack') this.services.tree.refresh();
    void this.panel.webview.postMessage(event);
  }

  private async doneAction(action: DoneAction, api: ApiRef, endpoint: string): Promise<void> {
    switch (action) {
      case 'testInConsole':
        await vscode.commands.executeCommand(commandIds.openTestConsole, api);
        return;
      case 'copyEndpoint':
        await vscode.env.clipboard.writeText(endpoint);
        void vscode.window.showInformationMessage(`Copied the endpoint of "${api.displayName}".`);
        return;
      case 'revealInTree':
        await vscode.commands.executeCommand('aiGateway.instances.focus');
        if (!(await this.services.tree.revealApi(this.service.id, api.apiId))) {
          void vscode.window.showWarningMessage(`"${api.displayName}" is not in the tree yet. Refresh the instance, then try again.`);
        }
        return;
    }
  }

  dispose(): void {
    if (ImportWizardPanel.panels.get(this.key) === this) ImportWizardPanel.panels.delete(this.key);
    this.controller.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
