/**
 * The Usage webview panel: one per instance or API, revealed where it is when opened again. It wires
 * UsageController to the webview and to VS Code: the price table setting, the save dialog for CSV, the AI-policy
 * set-up command (when another part of the extension registered it) and the log.
 */
import * as vscode from 'vscode';
import type { AzureAccount } from '../azure/AzureAccount';
import { commandIds } from '../contributes';
import { PRICES_SETTING } from '../domain/usage/pricing';
import type { UsageBootState, UsageEvent } from '../protocol/usage';
import { renderWebviewPage, webviewOptions } from '../webview/webviewHtml';
import { UsageController } from './usageController';
import type { UsageTarget } from './usageSource';

export const USAGE_VIEW_TYPE = 'aiGateway.usage';

export interface UsagePanelServices {
  readonly account: AzureAccount;
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
}

const keyOf = (t: UsageTarget): string => `${t.service.id}/apis/${t.api?.apiId ?? ''}`.toLowerCase();

export class UsagePanel implements vscode.Disposable {
  private static readonly panels = new Map<string, UsagePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: UsageController;

  static show(services: UsagePanelServices, target: UsageTarget): void {
    const existing = UsagePanel.panels.get(keyOf(target));
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      void existing.controller.handle({ type: 'refresh' });
      return;
    }
    const panel = vscode.window.createWebviewPanel(USAGE_VIEW_TYPE, titleOf(target), vscode.ViewColumn.Active, {
      ...webviewOptions(services.extensionUri),
      // The chart and table are rebuilt from the host's last state; no need to keep the page alive in the background.
      retainContextWhenHidden: false,
    });
    new UsagePanel(services, panel, target);
  }

  private constructor(
    private readonly services: UsagePanelServices,
    private readonly panel: vscode.WebviewPanel,
    target: UsageTarget,
  ) {
    const { log } = services;
    const setupAvailable = async (): Promise<boolean> => (await vscode.commands.getCommands(true)).includes(commandIds.configureAiPolicies);
    this.controller = new UsageController(
      target,
      { range: '24h' },
      {
        clients: () => services.account.requireClients(),
        post: (event: UsageEvent) => void panel.webview.postMessage(event),
        log,
        prices: () => vscode.workspace.getConfiguration().get<unknown>(PRICES_SETTING),
        saveCsv: async (fileName, csv) => {
          const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
          const uri = await vscode.window.showSaveDialog({
            title: 'Export token usage as CSV',
            filters: { CSV: ['csv'] },
            ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
          });
          if (!uri) return false;
          await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(csv));
          return true;
        },
        setupAvailable,
        runSetup: async () => {
          if (await setupAvailable()) {
            await vscode.commands.executeCommand(commandIds.configureAiPolicies, target.api ?? target.service);
            return;
          }
          void vscode.window.showInformationMessage(
            'Turn on token metrics for the API: import it again with "Token metrics" on, or add an Application Insights logger, the API\'s applicationinsights diagnostic with metrics on and an llm-emit-token-metric policy in the Azure portal.',
          );
        },
        showLog: () => log.show(true),
        openPriceSettings: () => void vscode.commands.executeCommand('workbench.action.openSettings', PRICES_SETTING),
        now: () => Date.now(),
      },
    );
    UsagePanel.panels.set(keyOf(target), this);
    const boot: UsageBootState = {
      title: titleOf(target),
      scope: { instance: target.service.name, ...(target.api ? { api: target.api.displayName } : {}) },
      query: this.controller.currentQuery,
    };
    panel.iconPath = {
      light: vscode.Uri.joinPath(services.extensionUri, 'media', 'llm-light.svg'),
      dark: vscode.Uri.joinPath(services.extensionUri, 'media', 'llm-dark.svg'),
    };
    panel.webview.html = renderWebviewPage({
      webview: panel.webview,
      extensionUri: services.extensionUri,
      script: 'usage',
      title: boot.title,
      initialState: boot,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.controller.handle(message)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(PRICES_SETTING)) void this.controller.load();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    const key = keyOf(this.controller.target);
    if (UsagePanel.panels.get(key) === this) UsagePanel.panels.delete(key);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.services.log.trace(`Usage view closed: ${key}`);
  }
}

function titleOf(target: UsageTarget): string {
  return `Usage: ${target.api?.displayName ?? target.service.name}`;
}
