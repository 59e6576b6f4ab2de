/** The API policy of a Language Model API: route to its backend, plus the optional AI-gateway policies the user chose. */
import type { LmApiPolicies } from './lmApiForm';
import type { PolicyElement, PolicySections } from './policyXml';

export const TOKEN_HEADERS = {
  remaining: 'x-ratelimit-remaining-tokens',
  remainingQuota: 'x-ratelimit-remaining-quota-tokens',
  consumed: 'x-ratelimit-consumed-tokens',
} as const;

const COUNTER_KEY_EXPRESSION = {
  subscription: '@(context.Subscription.Id)',
  ip: '@(context.Request.IpAddress)',
} as const;

export function lmApiPolicySections(backendId: string, policies: LmApiPolicies): PolicySections {
  const inbound: PolicyElement[] = [{ name: 'set-backend-service', attributes: [['backend-id', backendId]] }];
  const outbound: PolicyElement[] = [];
  // Safety first: a blocked prompt should cost no tokens and never reach the cache.
  if (policies.contentSafety) {
    const cs = policies.contentSafety;
    const children: PolicyElement[] = [];
    if (cs.categories.length > 0) {
      children.push({
        name: 'categories',
        attributes: [['output-type', 'EightSeverityLevels']],
        children: cs.categories.map((c) => ({
          name: 'category',
          attributes: [
            ['name', c.name],
            ['threshold', String(c.threshold)],
          ],
        })),
      });
    }
    if (cs.blocklists && cs.blocklists.length > 0) {
      children.push({ name: 'blocklists', children: cs.blocklists.map((id) => ({ name: 'id', text: id })) });
    }
    inbound.push({
      name: 'llm-content-safety',
      attributes: [
        ['backend-id', cs.backendId],
        ['shield-prompt', String(cs.shieldPrompt)],
      ],
      children,
    });
  }
  if (policies.tokenLimit) {
    const t = policies.tokenLimit;
    const attributes: [string, string][] = [
      ['counter-key', COUNTER_KEY_EXPRESSION[t.counterKey]],
      ['tokens-per-minute', String(t.tokensPerMinute)],
      ['estimate-prompt-tokens', 'false'],
    ];
    if (t.tokenQuota !== undefined && t.tokenQuotaPeriod !== undefined) {
      attributes.push(['token-quota', String(t.tokenQuota)], ['token-quota-period', t.tokenQuotaPeriod]);
    }
    if (t.remainingTokensHeader) {
      attributes.push(['remaining-tokens-header-name', TOKEN_HEADERS.remaining]);
      if (t.tokenQuota !== undefined) attributes.push(['remaining-quota-tokens-header-name', TOKEN_HEADERS.remainingQuota]);
    }
    if (t.consumedTokensHeader) attributes.push(['tokens-consumed-header-name', TOKEN_HEADERS.consumed]);
    inbound.push({ name: 'llm-token-limit', attributes });
  }
  if (policies.semanticCache) {
    const c = policies.semanticCache;
    const attributes: [string, string][] = [
      ['score-threshold', String(c.scoreThreshold)],
      ['embeddings-backend-id', c.embeddingsBackendId],
    ];
    // A backend created from a deployment has no credentials of its own: the lookup calls it with the instance's identity.
    if (c.embeddingsDeployment) attributes.push(['embeddings-backend-auth', 'system-assigned']);
    inbound.push({
      name: 'llm-semantic-cache-lookup',
      attributes,
      // By default answers are never shared across subscriptions: one tenant's cached answer must not leak to another.
      children: c.varyBySubscription === false ? [] : [{ name: 'vary-by', text: '@(context.Subscription.Id)' }],
    });
    outbound.push({ name: 'llm-semantic-cache-store', attributes: [['duration', String(c.durationSeconds)]] });
  }
  if (policies.tokenMetrics) {
    const m = policies.tokenMetrics;
    inbound.push({
      name: 'llm-emit-token-metric',
      attributes: [['namespace', m.namespace]],
      children: m.dimensions.map((d) => ({ name: 'dimension', attributes: [['name', d]] })),
    });
  }
  return { inbound, outbound };
}
