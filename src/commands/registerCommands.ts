/** Registers every command of the explorer and the account; each one lives in its own file. */
import type * as vscode from 'vscode';
import { registerCopyUrls } from './copyUrls';
import { registerDeleteApi } from './deleteApi';
import { registerFilterApis } from './filterApis';
import { registerLoadMore } from './loadMore';
import { registerOpenInPortal } from './openInPortal';
import { registerOpenPolicy } from './openPolicy';
import { registerRefresh } from './refresh';
import type { CommandServices } from './registerCommand';
import { registerSandboxCommands } from './sandbox';
import { registerSelectSubscriptions } from './selectSubscriptions';
import { registerShowLog } from './showLog';
import { registerSignIn } from './signIn';

export function registerCommands(services: CommandServices): vscode.Disposable[] {
  return [
    registerSignIn(services),
    registerSelectSubscriptions(services),
    registerSandboxCommands(services),
    ...registerRefresh(services),
    registerLoadMore(services),
    ...registerFilterApis(services),
    ...registerCopyUrls(services),
    registerOpenInPortal(services),
    registerOpenPolicy(services),
    registerDeleteApi(services),
    registerShowLog(services),
  ];
}
