/**
 * The "Configure AI Policies…" webview panel: one per API, revealed where it is when opened again. It wires
 * PoliciesController to the webview and to VS Code (the tree reloads the instance after a write, the log). It stores
 * nothing; the page keeps no secret.
 */
import * as vscode from 'vscode';
import type { AzureAccount } from '../azure/AzureAccount';
import type { ExplorerTreeProvider } from '../explorer/ExplorerTreeProvider';
import type { PoliciesBootState, PoliciesEvent } from '../protocol/policies';
import { renderWebviewPage, webviewOptions } from '../webview/webviewHtml';
import type { ConfigureTarget } from './currentPolicies';
import { PoliciesController } from './policiesController';

export const POLICIES_VIEW_TYPE = 'aiGateway.configurePolicies';

export interface PoliciesPanelServices {
  readonly account: AzureAccount;
  readonly tree: ExplorerTreeProvider;
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
}

const keyOf = (api: ConfigureTarget): string => `${api.service.id}/apis/${api.apiId}`.toLowerCase();
const titleOf = (api: ConfigureTarget): string => `AI policies: ${api.displayName}`;

export class PoliciesPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, PoliciesPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  static show(services: PoliciesPanelServices, api: ConfigureTarget): void {
    const existing = PoliciesPanel.panels.get(keyOf(api));
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      return;
    }
    const panel = vscode.window.createWebviewPanel(POLICIES_VIEW_TYPE, titleOf(api), vscode.ViewColumn.Active, {
      ...webviewOptions(services.extensionUri),
      // A write in flight keeps showing its progress while the tab is in the background.
      retainContextWhenHidden: true,
    });
    PoliciesPanel.panels.set(keyOf(api), new PoliciesPanel(services, panel, api));
  }

  private constructor(
    services: PoliciesPanelServices,
    private readonly panel: vscode.WebviewPanel,
    private readonly api: ConfigureTarget,
  ) {
    const log = services.log;
    const controller = new PoliciesController({
      clients: services.account.requireClients(),
      api,
      post: (event: PoliciesEvent) => void panel.webview.postMessage(event),
      log: (line) => log.info(line),
      subscriptionIds: async () => (await services.account.selectedSubscriptions()).map((s) => s.subscriptionId),
      changed: () => void services.tree.refreshService(api.service.id),
    });
    const boot: PoliciesBootState = { api: api.displayName, instance: api.service.name };
    panel.webview.html = renderWebviewPage({
      webview: panel.webview,
      extensionUri: services.extensionUri,
      script: 'policies',
      title: titleOf(api),
      initialState: boot,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void controller.handle(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    if (PoliciesPanel.panels.get(keyOf(this.api)) === this) PoliciesPanel.panels.delete(keyOf(this.api));
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
