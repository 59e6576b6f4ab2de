/**
 * The product policy that gives a team its token budget: `llm-token-limit` counted per subscription, so that every
 * subscription of the product (each team's key) has its own tokens per minute and quota. Merged into a product policy
 * that exists (our `llm-token-limit` replaces one that is there; everything else is kept).
 */
import { TOKEN_HEADERS } from '../import/lmApiPolicy';
import type { PolicySections } from '../import/policyXml';
import type { TeamTokenLimits } from './teamForm';

export const PER_SUBSCRIPTION_COUNTER = '@(context.Subscription.Id)';

export function teamPolicySections(limits: TeamTokenLimits): PolicySections {
  const attributes: [string, string][] = [['counter-key', PER_SUBSCRIPTION_COUNTER]];
  if (limits.tokensPerMinute !== undefined) attributes.push(['tokens-per-minute', String(limits.tokensPerMinute)]);
  if (limits.tokenQuota !== undefined && limits.tokenQuotaPeriod !== undefined) {
    attributes.push(['token-quota', String(limits.tokenQuota)], ['token-quota-period', limits.tokenQuotaPeriod]);
  }
  // Counting the prompt before the call keeps a team from overshooting its quota with one large request.
  attributes.push(['estimate-prompt-tokens', 'true']);
  if (limits.tokensPerMinute !== undefined) attributes.push(['remaining-tokens-header-name', TOKEN_HEADERS.remaining]);
  if (limits.tokenQuota !== undefined) attributes.push(['remaining-quota-tokens-header-name', TOKEN_HEADERS.remainingQuota]);
  attributes.push(['tokens-consumed-header-name', TOKEN_HEADERS.consumed]);
  return { inbound: [{ name: 'llm-token-limit', attributes }] };
}
