/**
 * Every command id of the extension, in one place. package.json declares the same ids (with titles, category
 * "AI Gateway", menus); test/unit/explorer.manifest.test.ts checks that the two agree.
 */
export const commandIds = {
  signIn: 'aiGateway.signIn',
  selectSubscriptions: 'aiGateway.selectSubscriptions',
  startSandbox: 'aiGateway.startSandbox',
  stopSandbox: 'aiGateway.stopSandbox',
  refresh: 'aiGateway.refresh',
  retry: 'aiGateway.retry',
  loadMore: 'aiGateway.loadMore',
  filterApis: 'aiGateway.filterApis',
  clearFilter: 'aiGateway.clearFilter',
  copyGatewayUrl: 'aiGateway.copyGatewayUrl',
  copyApiEndpoint: 'aiGateway.copyApiEndpoint',
  openInPortal: 'aiGateway.openInPortal',
  openPolicy: 'aiGateway.openPolicy',
  deleteApi: 'aiGateway.deleteApi',
  showLog: 'aiGateway.showLog',
  // Registered by the import wizard and the test console (src/panels/); declared here so menus and ids agree.
  importLanguageModelApi: 'aiGateway.importLanguageModelApi',
  importAzureOpenAiApi: 'aiGateway.importAzureOpenAiApi',
  openTestConsole: 'aiGateway.openTestConsole',
  /** "Test" on API and operation nodes: the same console, titled for the tree. */
  testApi: 'aiGateway.testApi',
} as const;

export type CommandId = (typeof commandIds)[keyof typeof commandIds];
