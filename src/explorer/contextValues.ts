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
  backend: 'aiGateway.backend',
  namedValues: 'aiGateway.namedValues',
  namedValue: 'aiGateway.namedValue',
  products: 'aiGateway.products',
  product: 'aiGateway.product',
  loadMore: 'aiGateway.loadMore',
  error: 'aiGateway.error',
  message: 'aiGateway.message',
} as const;

export function withFlags(base: string, flags: readonly (string | false | undefined)[]): string {
  const set = flags.filter((f): f is string => !!f);
  return set.length > 0 ? `${base};${set.join(';')}` : base;
}
