/**
 * Registers every command of the extension, each of which lives in its own file: the one place, so that the manifest
 * test can check that every declared command is registered at activation.
 */
import type * as vscode from 'vscode';
import { registerAddBackendToPool } from './addBackendToPool';
import { registerConfigureAiPolicies } from './configureAiPolicies';
import { registerCopyCodeForApi } from './copyCodeForApi';
import { registerCopyUrls } from './copyUrls';
import { registerDeleteApi } from './deleteApi';
import { registerEditPool } from './editPool';
import { registerFilterApis } from './filterApis';
import { registerImportAzureOpenAi } from './importAzureOpenAi';
import { registerImportLanguageModelApi } from './importLanguageModelApi';
import { registerLoadMore } from './loadMore';
import { registerOnboardTeam } from './onboardTeam';
import { registerOpenInPortal } from './openInPortal';
import { registerOpenPolicy } from './openPolicy';
import { registerOpenProductPolicy } from './openProductPolicy';
import { registerOpenTestConsole } from './openTestConsole';
import { registerRefresh } from './refresh';
import type { CommandServices } from './registerCommand';
import { registerSandboxCommands } from './sandbox';
import { registerSelectSubscriptions } from './selectSubscriptions';
import { registerShowLog } from './showLog';
import { registerShowUsage } from './showUsage';
import { registerSignIn } from './signIn';
import { registerSubscriptionCommands } from './subscriptionCommands';

export function registerCommands(services: CommandServices, context: vscode.ExtensionContext): vscode.Disposable[] {
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
    registerImportLanguageModelApi(services, context.extensionUri),
    registerImportAzureOpenAi(services, context.extensionUri),
    ...registerOpenTestConsole(services, context),
    registerShowUsage(services, context.extensionUri),
    registerOnboardTeam(services),
    registerCopyCodeForApi(services),
    registerOpenProductPolicy(services),
    ...registerSubscriptionCommands(services, context),
    registerAddBackendToPool(services),
    ...registerEditPool(services),
    registerConfigureAiPolicies(services, context.extensionUri),
  ];
}
