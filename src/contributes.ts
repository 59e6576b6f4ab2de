/**
 * What package.json contributes and the code refers to by name: command ids and tree contextValues. A leaf module
 * (it imports nothing) shared by the tree, the panels and the commands. package.json declares the same ids (with
 * titles, category "AI Gateway", menus); test/unit/explorer.manifest.test.ts checks that the two agree.
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
  importLanguageModelApi: 'aiGateway.importLanguageModelApi',
  importAzureOpenAiApi: 'aiGateway.importAzureOpenAiApi',
  openTestConsole: 'aiGateway.openTestConsole',
  /** "Test" on API and operation nodes: the same console, titled for the tree. */
  testApi: 'aiGateway.testApi',
  /** The token usage view of an instance or an API. */
  showUsage: 'aiGateway.showUsage',
  onboardTeam: 'aiGateway.onboardTeam',
  copyCodeForApi: 'aiGateway.copyCodeForApi',
  copySubscriptionKey: 'aiGateway.copySubscriptionKey',
  regeneratePrimaryKey: 'aiGateway.regeneratePrimaryKey',
  regenerateSecondaryKey: 'aiGateway.regenerateSecondaryKey',
  suspendSubscription: 'aiGateway.suspendSubscription',
  activateSubscription: 'aiGateway.activateSubscription',
  cancelSubscription: 'aiGateway.cancelSubscription',
  openTestConsoleWithSubscription: 'aiGateway.openTestConsoleWithSubscription',
  openProductPolicy: 'aiGateway.openProductPolicy',
  addBackendToPool: 'aiGateway.addBackendToPool',
  editPool: 'aiGateway.editPool',
  removeFromPool: 'aiGateway.removeFromPool',
  /** The Policies page on an existing LLM API, prefilled from its policy (tree, palette, test console, Usage view). */
  configureAiPolicies: 'aiGateway.configureAiPolicies',
} as const;

export type CommandId = (typeof commandIds)[keyof typeof commandIds];

/**
 * contextValue of each kind of node, which package.json menus match with `viewItem =~ /^aiGateway\.api\b/` and the
 * like. Flags follow a `;` so that a pattern on the kind still matches: `aiGateway.api;llm`, `aiGateway.service;filtered`.
 */
export const contextValues = {
  subscription: 'aiGateway.subscription',
  service: 'aiGateway.service',
  apiGroup: 'aiGateway.apiGroup',
  api: 'aiGateway.api',
  operation: 'aiGateway.operation',
  policy: 'aiGateway.policy',
  backends: 'aiGateway.backends',
  /** A backend, flagged by its type: `aiGateway.backend;pool` or `aiGateway.backend;single`. */
  backend: 'aiGateway.backend',
  /**
   * A member of a pool, shown under the Pool backend (in "Backends" and under an LLM API's pool) with its priority,
   * weight and breaker rules. The node (`PoolMemberNode`, src/explorer/poolNodes.ts) carries `service` (ServiceRef),
   * `poolId` and `memberId` (backend names); "Remove from Pool" and "Edit Pool…" attach to it.
   */
  poolMember: 'aiGateway.poolMember',
  /** "Used by" under a backend: the APIs whose policy routes to it, as far as their policies were read. */
  backendUsers: 'aiGateway.backendUsers',
  /** An API in a backend's "Used by". */
  backendUser: 'aiGateway.backendUser',
  namedValues: 'aiGateway.namedValues',
  namedValue: 'aiGateway.namedValue',
  products: 'aiGateway.products',
  product: 'aiGateway.product',
  productPolicy: 'aiGateway.productPolicy',
  productApis: 'aiGateway.productApis',
  productApi: 'aiGateway.productApi',
  productSubscriptions: 'aiGateway.productSubscriptions',
  /** An APIM subscription (a key), with its state as a flag: `aiGateway.apimSubscription;suspended`. */
  apimSubscription: 'aiGateway.apimSubscription',
  loadMore: 'aiGateway.loadMore',
  error: 'aiGateway.error',
  message: 'aiGateway.message',
} as const;

export function withFlags(base: string, flags: readonly (string | false | undefined)[]): string {
  const set = flags.filter((f): f is string => !!f);
  return set.length > 0 ? `${base};${set.join(';')}` : base;
}
