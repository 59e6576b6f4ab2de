/**
 * The one builder of webview HTML: strict Content-Security-Policy (`default-src 'none'`, scripts by nonce only),
 * resources through `asWebviewUri` from `dist/webview` and `media`, and initial state passed as escaped JSON in a
 * data attribute (never as script text). Both panels use it.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPageOptions {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  /** Bundle name under dist/webview, e.g. 'importWizard'. */
  readonly script: string;
  readonly title: string;
  /** Serialisable initial state; must hold no secret. */
  readonly initialState: unknown;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function renderWebviewPage(o: WebviewPageOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const scriptUri = o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, 'dist', 'webview', `${o.script}.js`));
  const styleUri = o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, 'media', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${o.webview.cspSource}`,
    `font-src ${o.webview.cspSource}`,
    `img-src ${o.webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(styleUri.toString())}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<main id="app" data-state="${escapeHtml(JSON.stringify(o.initialState ?? null))}"></main>
<script nonce="${nonce}" src="${escapeHtml(scriptUri.toString())}"></script>
</body>
</html>`;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
