/** Composition root: creates the account, the tree and the policy file system, and registers the commands. */
import * as vscode from 'vscode';
import { AzureAccount } from './azure/AzureAccount';
import { registerCommands } from './commands/registerCommands';
import type { CommandServices } from './commands/registerCommand';
import { ExplorerTreeProvider } from './explorer/ExplorerTreeProvider';
import { PolicyFileSystem, policyScheme } from './explorer/PolicyFileSystem';
import { createLog } from './log';

/** What activate() returns: how other parts (panels, tests) reach the account and the tree. */
export type AiGatewayApi = CommandServices;

export function activate(context: vscode.ExtensionContext): AiGatewayApi {
  const log = createLog();
  const account = new AzureAccount(context, log);
  const tree = new ExplorerTreeProvider(account, log, context.extensionUri);
  const policies = new PolicyFileSystem(() => account.requireClients(), log);
  const services: CommandServices = { account, tree, log };
  context.subscriptions.push(
    log,
    account,
    tree,
    policies,
    vscode.workspace.registerFileSystemProvider(policyScheme, policies, { isCaseSensitive: true }),
    ...registerCommands(services, context),
  );
  // The first state check may talk to the CLI or read the sandbox's connection file: never block activation on it.
  void account.reload();
  return services;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (the sandbox child process included).
}
