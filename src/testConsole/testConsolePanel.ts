/**
 * The test console's webview panel: one per API, revealed in the column where it already is when opened again, and
 * restored by VS Code after a window reload (the webview state names the API; the API and key are read again).
 * It wires TestConsoleController to the webview and to VS Code: SecretStorage for the key, workspaceState for the
 * history (no keys), the proxy settings, the clipboard and untitled .http documents.
 */
import * as vscode from 'vscode';
import { commandIds } from '../contributes';
import type { ApiRef } from '../apim/refs';
import type { AzureAccount } from '../azure/AzureAccount';
import { restoreConsoleApi } from './consoleRestore';
import type { GatewayTransport } from './gatewayClient';
import type { ProxyConfig } from './proxyTunnel';
import { isHistoryEntry } from './history';
import type { ApimSubscriptionSummary } from '../apim/subscriptions';
import { TestConsoleController, type OperationFocus } from './testConsoleController';
import { CURL_KEY_VARIABLE } from '../domain/chat/curl';
import type { ConsoleBootState, ConsoleEvent, HistoryEntry } from '../protocol/testConsole';
import { renderWebviewPage, webviewOptions } from '../webview/webviewHtml';

export const TEST_CONSOLE_VIEW_TYPE = 'aiGateway.testConsole';

export interface ConsolePanelServices {
  readonly account: AzureAccount;
  readonly log: vscode.LogOutputChannel;
  readonly context: vscode.ExtensionContext;
}

type ConsoleApi = ApiRef & { readonly serviceUrl?: string };

const apiKey = (api: ApiRef): string => `${api.service.id}/apis/${api.apiId}`.toLowerCase();

export class TestConsolePanel implements vscode.Disposable {
  private static readonly panels = new Map<string, TestConsolePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: TestConsoleController;

  /** Opens the console of `api`, or reveals it in the column where it already is. */
  static show(services: ConsolePanelServices, api: ConsoleApi, focus?: OperationFocus): void {
    const existing = TestConsolePanel.panels.get(apiKey(api));
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      TEST_CONSOLE_VIEW_TYPE,
      titleOf(api),
      vscode.ViewColumn.Active,
      panelOptions(services.context.extensionUri),
    );
    new TestConsolePanel(services, panel, api, focus);
  }

  /** VS Code restores open consoles after a reload through this; `state` is what the page saved, read from disk. */
  static registerSerializer(services: ConsolePanelServices): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(TEST_CONSOLE_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => TestConsolePanel.restore(services, panel, state),
    });
  }

  private static async restore(services: ConsolePanelServices, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = panelOptions(services.context.extensionUri);
    await accountSettled(services.account);
    const restored = await restoreConsoleApi(() => services.account.requireClients(), state, services.log);
    if (!restored.ok) {
      const boot: ConsoleBootState = { title: panel.title, restoreError: restored.message };
      panel.webview.html = renderWebviewPage({
        webview: panel.webview,
        extensionUri: services.context.extensionUri,
        script: 'testConsole',
        title: boot.title,
        initialState: boot,
      });
      return;
    }
    const existing = TestConsolePanel.panels.get(apiKey(restored.api));
    if (existing) {
      // Two saved tabs for one API (e.g. a copied state): keep the one already open.
      panel.dispose();
      existing.panel.reveal(existing.panel.viewColumn);
      return;
    }
    new TestConsolePanel(services, panel, restored.api);
    services.log.info(`Test console restored: ${restored.api.apiId}`);
  }

  private constructor(
    private readonly services: ConsolePanelServices,
    private readonly panel: vscode.WebviewPanel,
    api: ConsoleApi,
    focus?: OperationFocus,
  ) {
    const { context, log } = services;
    const historyKey = `aiGateway.testConsole.history:${apiKey(api)}`;
    this.controller = new TestConsoleController(
      api,
      {
        clients: () => services.account.requireClients(),
        secrets: context.secrets,
        chooseSubscription: chooseSubscription,
        transport: () => transportFromSettings(services.account.requireClients().extraCaPem),
        post: (event: ConsoleEvent) => void panel.webview.postMessage(event),
        log,
        loadHistory: () => (context.workspaceState.get<unknown[]>(historyKey) ?? []).filter(isHistoryEntry),
        saveHistory: (history: readonly HistoryEntry[]) => context.workspaceState.update(historyKey, history),
        copyText: async (text: string, what: string) => {
          await vscode.env.clipboard.writeText(text);
          void vscode.window.showInformationMessage(
            `Copied the ${what}. Set ${CURL_KEY_VARIABLE} to your subscription key before running it.`,
          );
        },
        showUsage: () => vscode.commands.executeCommand(commandIds.showUsage, api),
        sandboxHooks: () => services.account.sandboxHooks(),
        configurePolicies: () => vscode.commands.executeCommand(commandIds.configureAiPolicies, api),
        openHttpFile: async (content: string) => {
          // 'http' is the language of REST Client and similar extensions; without one, plain text still reads well.
          const doc = await Promise.resolve(vscode.workspace.openTextDocument({ language: 'http', content })).catch(() =>
            vscode.workspace.openTextDocument({ content }),
          );
          await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        },
      },
      focus,
    );
    TestConsolePanel.panels.set(apiKey(api), this);
    panel.title = titleOf(api);
    const boot: ConsoleBootState = { title: titleOf(api), target: { serviceId: api.service.id, apiId: api.apiId } };
    panel.iconPath = {
      light: vscode.Uri.joinPath(context.extensionUri, 'media', 'llm-light.svg'),
      dark: vscode.Uri.joinPath(context.extensionUri, 'media', 'llm-dark.svg'),
    };
    panel.webview.html = renderWebviewPage({
      webview: panel.webview,
      extensionUri: context.extensionUri,
      script: 'testConsole',
      title: boot.title,
      initialState: boot,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.controller.handle(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    const key = apiKey(this.controller.api);
    if (TestConsolePanel.panels.get(key) === this) TestConsolePanel.panels.delete(key);
    this.controller.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.services.log.trace(`Test console closed: ${this.controller.api.apiId}`);
  }
}

function titleOf(api: ApiRef): string {
  return `Test: ${api.displayName}`;
}

/** Resolves once the account has read the settings (right after activation it is still loading). */
function accountSettled(account: AzureAccount): Promise<void> {
  if (account.state.kind !== 'loading') return Promise.resolve();
  return new Promise((resolve) => {
    const sub = account.onDidChange((state) => {
      if (state.kind === 'loading') return;
      sub.dispose();
      resolve();
    });
  });
}

/** A stream in flight must keep rendering while the tab is in the background, so the context is retained. */
function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { ...webviewOptions(extensionUri), retainContextWhenHidden: true };
}

async function chooseSubscription(
  candidates: readonly ApimSubscriptionSummary[],
  api: ApiRef,
): Promise<ApimSubscriptionSummary | undefined> {
  const scopeLabel = (scope: string): string =>
    scope.toLowerCase().startsWith('/apis/')
      ? 'this API'
      : scope.toLowerCase().startsWith('/products/')
        ? `product ${scope.split('/')[2] ?? ''}`
        : 'all APIs';
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({ label: c.displayName, description: `scope: ${scopeLabel(c.scope)}`, detail: c.name, value: c })),
    {
      title: `Subscription key for "${api.displayName}"`,
      placeHolder: 'Several subscriptions cover this API: choose the one to test with',
      ignoreFocusOut: true,
    },
  );
  return picked?.value;
}

/** VS Code's proxy settings, with the environment as fallback; loopback (the sandbox) never goes through a proxy. */
function transportFromSettings(extraCaPem: readonly string[]): GatewayTransport {
  const http = vscode.workspace.getConfiguration('http');
  const url = http.get<string>('proxy') || process.env.HTTPS_PROXY || process.env.https_proxy || '';
  const noProxy = [
    ...http.get<string[]>('noProxy', []),
    ...(process.env.NO_PROXY ?? process.env.no_proxy ?? '').split(','),
    'localhost',
    '127.0.0.1',
    '::1',
  ];
  const proxy: ProxyConfig | undefined = url ? { url, strictSSL: http.get<boolean>('proxyStrictSSL', true), noProxy } : undefined;
  return { extraCaPem, ...(proxy ? { proxy } : {}) };
}
