/**
 * Who we are and which cloud we talk to: turns the settings (environment, authentication, tenant, sandbox) into a
 * state the tree and the welcome views follow, and into the one AzureClients everything else uses.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../log';
import type { CloudInfo } from './clients';
import { createAzureClients, type AzureAccountClients } from './clientFactory';
import { azureClouds, sandboxCloud, type AzureCloud } from './clouds';
import { loadSdk } from './loadSdk';
import { sandboxHooks, type SandboxHooks } from './sandboxHooks';
import { readConnectionFile, spawnSandbox, type RunningSandbox, type SandboxEndpoint } from './sandboxProcess';
import { SessionCredential } from './SessionCredential';
import { readAccountSettings, settingsSection, type AccountSettings } from './settings';
import { StaticTokenCredential } from './StaticTokenCredential';
import { SubscriptionFilter } from './SubscriptionFilter';
import { hasSession, sessionSource, signInInteractively, tenantScopes } from './vscodeSessions';

export type AccountState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signedOut'; readonly cloud: CloudInfo; readonly reason?: string }
  | { readonly kind: 'sandboxStopped' }
  | { readonly kind: 'ready'; readonly clients: AzureAccountClients; readonly environment: string; readonly tenantId?: string };

export interface SubscriptionInfo {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId?: string;
}

export class AzureAccount implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccountState>();
  readonly onDidChange = this.changed.event;
  readonly filter: SubscriptionFilter;
  private current: AccountState = { kind: 'loading' };
  private sandbox: RunningSandbox | undefined;
  private sandboxEndpoint: SandboxEndpoint | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
  ) {
    this.filter = new SubscriptionFilter(context.globalState);
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(settingsSection)) void this.reload();
      }),
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'microsoft' || e.provider.id === 'microsoft-sovereign-cloud') void this.reload();
      }),
    );
  }

  get state(): AccountState {
    return this.current;
  }

  get environment(): string {
    return readAccountSettings().environment;
  }

  /** The clients when ready; otherwise an error that says what to do. */
  requireClients(): AzureAccountClients {
    if (this.current.kind === 'ready') return this.current.clients;
    throw new Error(
      this.current.kind === 'sandboxStopped'
        ? 'The local sandbox is not running. Run "AI Gateway: Start Local Sandbox" first.'
        : 'You are not signed in to Azure. Run "AI Gateway: Sign In" first.',
    );
  }

  /** Recomputes the state from the settings. Later calls win over earlier ones still running. */
  async reload(): Promise<AccountState> {
    const generation = ++this.generation;
    const settings = readAccountSettings();
    let next: AccountState;
    try {
      next = await this.compute(settings);
    } catch (e) {
      this.log.error(`Sign-in check failed: ${e instanceof Error ? e.message : String(e)}`);
      next = {
        kind: 'signedOut',
        cloud: settings.environment === 'sandbox' ? sandboxCloud('https://127.0.0.1') : azureClouds[settings.environment],
        reason: String(e),
      };
    }
    if (generation === this.generation) this.set(next);
    return this.current;
  }

  async signIn(): Promise<void> {
    const settings = readAccountSettings();
    if (settings.environment === 'sandbox') {
      await this.startSandbox();
      return;
    }
    const cloud = azureClouds[settings.environment];
    if (settings.authentication === 'vscode') {
      await signInInteractively(cloud, settings.tenantId);
    } else {
      // CLI and environment credentials sign in outside VS Code; we can only check again.
      const state = await this.reload();
      if (state.kind !== 'ready') {
        throw new Error(
          settings.authentication === 'azureCli'
            ? 'The Azure CLI is not signed in. Run "az login" in a terminal, then run "AI Gateway: Sign In" again.'
            : 'No credential was found in the environment. Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a certificate), then restart VS Code.',
        );
      }
      return;
    }
    await this.reload();
  }

  async listSubscriptions(): Promise<SubscriptionInfo[]> {
    const clients = this.requireClients();
    const sandbox = this.sandboxEndpoint;
    const all = sandbox
      ? // The connection line lists the sandbox's subscriptions even if its ARM list were unavailable.
        await clients.listSubscriptions().catch(() =>
          sandbox.connection.subscriptionIds.map((id) => ({
            subscriptionId: id,
            displayName: id,
            tenantId: sandbox.connection.tenantId,
            state: 'Enabled',
          })),
        )
      : await clients.listSubscriptions();
    return all
      .filter((s) => s.state !== 'Disabled')
      .map((s) => ({ subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId }));
  }

  /** The subscriptions the user chose to see. */
  async selectedSubscriptions(): Promise<SubscriptionInfo[]> {
    return this.filter.apply(this.environment, await this.listSubscriptions());
  }

  /** The sandbox's test hooks, when the clients are the sandbox's (undefined against Azure). */
  sandboxHooks(): SandboxHooks | undefined {
    const endpoint = this.sandboxEndpoint;
    if (this.current.kind !== 'ready' || this.current.environment !== 'sandbox' || !endpoint) return undefined;
    return sandboxHooks({ hooksUrl: endpoint.connection.hooksUrl, token: endpoint.connection.token, caPem: endpoint.caPem });
  }

  get sandboxRunning(): boolean {
    return this.sandbox !== undefined;
  }

  async startSandbox(): Promise<void> {
    if (!this.sandbox) {
      const stateDir = path.join(this.context.globalStorageUri.fsPath, 'sandbox');
      const settings = readAccountSettings();
      this.log.info(`Starting the local sandbox (state in ${stateDir})`);
      const sandbox = await spawnSandbox({
        scriptPath: vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'sandbox.js').fsPath,
        execPath: process.execPath,
        stateDir,
        latencyMs: settings.sandboxLatencyMs,
        onStderr: (line) => this.log.trace(`sandbox: ${line}`),
      });
      this.sandbox = sandbox;
      this.log.info(`Local sandbox ready at ${sandbox.connection.armEndpoint} (pid ${sandbox.connection.pid})`);
      void sandbox.exited.then((code) => {
        if (this.sandbox !== sandbox) return;
        this.sandbox = undefined;
        this.log.warn(`The local sandbox stopped (exit code ${code ?? 'none'})`);
        void this.reload();
      });
    }
    if (this.environment !== 'sandbox') {
      await vscode.workspace.getConfiguration(settingsSection).update('environment', 'sandbox', vscode.ConfigurationTarget.Global);
    }
    await this.reload();
  }

  async stopSandbox(): Promise<void> {
    const sandbox = this.sandbox;
    this.sandbox = undefined;
    if (sandbox) {
      await sandbox.stop();
      this.log.info('Local sandbox stopped');
    }
    await this.reload();
  }

  dispose(): void {
    void this.sandbox?.stop();
    for (const d of this.disposables) d.dispose();
  }

  private set(state: AccountState): void {
    this.current = state;
    const context = state.kind === 'ready' ? 'ready' : state.kind;
    void vscode.commands.executeCommand('setContext', 'aiGateway.state', context);
    void vscode.commands.executeCommand('setContext', 'aiGateway.sandbox', state.kind === 'ready' && state.environment === 'sandbox');
    this.changed.fire(state);
  }

  private async readConnectionFileOrWarn(file: string): Promise<SandboxEndpoint | undefined> {
    try {
      return await readConnectionFile(file);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      this.log.error(`Reading the sandbox connection file ${file} failed: ${reason}`);
      void vscode.window.showWarningMessage(
        `Could not connect to the sandbox named by "aiGateway.sandbox.connectionFile" (${reason.replace(/\.$/, '')}). Save the line a running sandbox printed to that file, or clear the setting and start one with "AI Gateway: Start Local Sandbox".`,
      );
      return undefined;
    }
  }

  private version(): string {
    return (this.context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  }

  private async compute(settings: AccountSettings): Promise<AccountState> {
    if (settings.environment === 'sandbox') return this.computeSandbox(settings);
    this.sandboxEndpoint = undefined;
    const cloud = azureClouds[settings.environment];
    const credential = await this.credentialFor(cloud, settings);
    if (!credential) return { kind: 'signedOut', cloud };
    const clients = createAzureClients({ cloud, credential, version: this.version() });
    return { kind: 'ready', clients, environment: cloud.name, ...(settings.tenantId ? { tenantId: settings.tenantId } : {}) };
  }

  private async credentialFor(cloud: AzureCloud, settings: AccountSettings) {
    if (settings.authentication === 'vscode') {
      if (!(await hasSession(cloud, settings.tenantId))) return undefined;
      return new SessionCredential(sessionSource(cloud), tenantScopes(settings.tenantId));
    }
    const sdk = await loadSdk();
    const credential =
      settings.authentication === 'azureCli'
        ? sdk.createCliCredential(settings.tenantId)
        : sdk.createEnvironmentCredential(cloud.authorityHost);
    try {
      await credential.getToken(`${cloud.resourceManagerEndpoint}/.default`);
      return credential;
    } catch (e) {
      this.log.info(`No ${settings.authentication} credential: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private async computeSandbox(settings: AccountSettings): Promise<AccountState> {
    // A sandbox this window started wins over the connection file: the user just asked for it.
    const endpoint =
      this.sandbox ?? (settings.sandboxConnectionFile ? await this.readConnectionFileOrWarn(settings.sandboxConnectionFile) : undefined);
    this.sandboxEndpoint = endpoint;
    if (!endpoint) return { kind: 'sandboxStopped' };
    const cloud = sandboxCloud(endpoint.connection.armEndpoint);
    const clients = createAzureClients({
      cloud,
      credential: new StaticTokenCredential(endpoint.connection.token),
      caPem: [endpoint.caPem],
      version: this.version(),
    });
    return { kind: 'ready', clients, environment: 'sandbox', tenantId: endpoint.connection.tenantId };
  }
}
