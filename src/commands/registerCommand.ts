/**
 * The one wrapper every command goes through: logs the run, turns a failure into one sentence ("What happened. What
 * to do.") with the details in the log, and stays quiet when the user cancelled.
 */
import * as vscode from 'vscode';
import { errorDetails, explainError, isCancellation } from '../apim/errors';
import type { AzureAccount } from '../azure/AzureAccount';
import type { ExplorerTreeProvider } from '../explorer/ExplorerTreeProvider';
import type { CommandId } from '../contributes';
import { UserCancelledError } from './pickers';

/** What commands work with; built once in extension.ts. */
export interface CommandServices {
  readonly account: AzureAccount;
  readonly tree: ExplorerTreeProvider;
  readonly log: vscode.LogOutputChannel;
}

export type CommandHandler = (...args: unknown[]) => unknown;

/**
 * Registers a command. `action` completes "Could not …" in error messages, e.g. "delete the API".
 */
export function registerCommand(services: CommandServices, id: CommandId, action: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    services.log.trace(`Command ${id}`);
    try {
      return await handler(...args);
    } catch (e) {
      if (e instanceof UserCancelledError || isCancellation(e) || e instanceof vscode.CancellationError) {
        services.log.trace(`Command ${id} cancelled`);
        return undefined;
      }
      const message = explainError(e, action);
      services.log.error(`${id}: ${message} (${errorDetails(e)})`);
      void vscode.window.showErrorMessage(message, 'Show log').then((choice) => {
        if (choice) services.log.show(true);
      });
      return undefined;
    }
  });
}
