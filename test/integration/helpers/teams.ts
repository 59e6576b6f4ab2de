/** Fixtures for the team onboarding tests: a valid form, an onboarding run against the sandbox, a chat call with a key. */
import assert from 'node:assert/strict';
import type { ServiceRef } from '../../../src/apim/refs';
import type { TeamForm } from '../../../src/domain/teams/teamForm';
import { loadTeamFacts } from '../../../src/teams/teamFactsLoader';
import { reviewOnboarding, runOnboarding } from '../../../src/teams/onboarding';
import { sandboxClients, stepContext } from './lmImport';
import type { HttpResult, SandboxHarness } from './sandbox';

/** The seeded OpenAI-compatible LLM API (key header `api-key`) and an API that is in no team's product. */
export const LLM_API = { id: 'openai-chat', path: 'llm/openai', keyHeader: 'api-key' } as const;
export const OTHER_API = { id: 'echo-api', path: 'echo' } as const;

export function teamForm(name: string, overrides: Partial<TeamForm> = {}): TeamForm {
  const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    teamName: name,
    product: {
      mode: 'new',
      productId: id,
      displayName: name,
      description: `Models for ${name}.`,
      published: true,
      approvalRequired: false,
    },
    apiIds: [LLM_API.id],
    limits: { tokensPerMinute: 100_000, tokenQuota: 1_000_000, tokenQuotaPeriod: 'Monthly' },
    subscription: { subscriptionId: id, displayName: `${name} key`, ownerUserId: '1' },
    ...overrides,
  };
}

/** Validates, reviews and runs the onboarding as the wizard does; fails the test unless it succeeds. */
export async function onboard(sb: SandboxHarness, service: ServiceRef, form: TeamForm): Promise<void> {
  const ctx = stepContext(sb, service, undefined);
  const facts = await loadTeamFacts(sandboxClients(sb), service);
  const review = await reviewOnboarding(form, facts, ctx);
  assert.equal(review.status, 'ready', JSON.stringify(review.status === 'invalid' ? review.errors : {}));
  assert.ok(review.status === 'ready');
  assert.deepEqual(review.conflicts, []);
  const outcome = await runOnboarding(review.plan, ctx, { inspections: review.inspections });
  assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome));
}

export function chat(
  sb: SandboxHarness,
  service: ServiceRef,
  path: string,
  key: string,
  header: string = LLM_API.keyHeader,
): Promise<HttpResult> {
  return sb.http(`${service.gatewayUrl}/${path}/chat/completions`, {
    method: 'POST',
    headers: { [header]: key },
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in three words' }], max_tokens: 20 },
  });
}
