import * as vscode from 'vscode';
import { commandIds } from '../contributes';
import { registerCommand, type CommandServices } from './registerCommand';

/** "Start Local Sandbox" and "Stop Local Sandbox". */
export function registerSandboxCommands(services: CommandServices) {
  return vscode.Disposable.from(
    registerCommand(services, commandIds.startSandbox, 'start the local sandbox', () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the local sandbox…' }, () =>
        services.account.startSandbox(),
      ),
    ),
    registerCommand(services, commandIds.stopSandbox, 'stop the local sandbox', () => services.account.stopSandbox()),
  );
}
