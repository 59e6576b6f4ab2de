/**
 * "Onboard a Team…": asks step by step (team name, product, its APIs, token limits, approval and subscription limit,
 * the subscription and its owner), validates every answer with the domain's rules, shows the plan for review, then
 * creates it with progress, cancellation and rollback through the import executor. Nothing is written before Create.
 */
import * as vscode from 'vscode';
import type { ServiceRef } from '../apim/refs';
import type { AzureClients } from '../azure/clients';
import { QUOTA_PERIODS, type QuotaPeriod } from '../domain/import/lmApiForm';
import type { TeamFacts } from '../domain/teams/teamFacts';
import type { TeamForm, TeamProductChoice, TeamTokenLimits } from '../domain/teams/teamForm';
import { teamIds } from '../domain/teams/teamNames';
import { validateTeamForm, validateTeamName, validateTokenLimits } from '../domain/teams/teamValidation';
import { reviewOnboarding, runOnboarding } from './onboarding';
import { ask, choose, chooseMany, parseOptionalWhole, wholeOrEmpty, type Choice } from './quickInput';
import { loadTeamFacts } from './teamFactsLoader';

const TITLE = 'Onboard a Team';

export interface OnboardedTeam {
  readonly productId: string;
  readonly subscriptionId: string;
}

/** A field's sentence for a partial form: the domain validates the whole form, so the rest is filled with valid values. */
function fieldError(facts: TeamFacts, base: TeamForm, patch: Partial<TeamForm>, field: keyof ReturnType<typeof validateTeamForm>) {
  return validateTeamForm({ ...base, ...patch }, facts)[field];
}

async function askForm(facts: TeamFacts): Promise<TeamForm> {
  const teamName = await ask(TITLE, 'Team name (the product and its subscription are named after it)', {
    placeHolder: 'Search team',
    validate: validateTeamName,
  });
  const ids = teamIds(teamName);
  const draft: TeamForm = {
    teamName,
    product: {
      mode: 'new',
      productId: ids.productId,
      displayName: teamName.trim(),
      description: '',
      published: true,
      approvalRequired: false,
    },
    apiIds: facts.apis.slice(0, 1).map((a) => a.id),
    subscription: { subscriptionId: ids.subscriptionId, displayName: teamName.trim() },
  };

  const productChoice = await choose<string | undefined>(TITLE, 'Product: a new one for the team, or one that exists', [
    { label: `New product "${ids.productId}"`, description: 'with the token limits you choose next', value: undefined },
    ...facts.products.map((p) => ({ label: p.displayName, description: `${p.id} (existing)`, value: p.id })),
  ]);
  let product: TeamProductChoice;
  if (productChoice === undefined) {
    const productId = await ask(TITLE, 'Product id', {
      value: ids.productId,
      validate: (v) =>
        fieldError(
          facts,
          draft,
          { product: { ...(draft.product as Extract<TeamProductChoice, { mode: 'new' }>), productId: v } },
          'productId',
        ),
    });
    product = { ...(draft.product as Extract<TeamProductChoice, { mode: 'new' }>), productId };
  } else product = { mode: 'existing', productId: productChoice };

  const apiItems: Choice<string>[] = facts.apis.map((a) => ({
    label: a.displayName,
    description: `${a.id}${a.llm ? ' · LLM API' : ''}`,
    picked: a.llm,
    value: a.id,
  }));
  let apiIds: string[] = [];
  for (let attempt = 0; apiIds.length === 0; attempt++) {
    if (attempt > 0) void vscode.window.showWarningMessage('Choose at least one API for the team.');
    apiIds = await chooseMany(TITLE, 'APIs of the product (LLM APIs are preselected)', apiItems);
  }

  const tokensPerMinute = parseOptionalWhole(
    await ask(TITLE, 'Tokens per minute per subscription (empty: no rate limit)', {
      placeHolder: '10000',
      validate: wholeOrEmpty((n) => validateTokenLimits({ tokensPerMinute: n }).tokensPerMinute),
    }),
  );
  const tokenQuota = parseOptionalWhole(
    await ask(TITLE, 'Token quota per subscription (empty: no quota)', {
      placeHolder: '1000000',
      validate: wholeOrEmpty((n) => validateTokenLimits({ tokenQuota: n, tokenQuotaPeriod: 'Monthly' }).tokenQuota),
    }),
  );
  const tokenQuotaPeriod =
    tokenQuota === undefined
      ? undefined
      : await choose<QuotaPeriod>(
          TITLE,
          'Quota period (the quota starts again at each period)',
          ['Monthly' as const, ...QUOTA_PERIODS.filter((p) => p !== 'Monthly')].map((p) => ({ label: p, value: p })),
        );
  const limits: TeamTokenLimits | undefined =
    tokensPerMinute === undefined && tokenQuota === undefined
      ? undefined
      : {
          ...(tokensPerMinute !== undefined ? { tokensPerMinute } : {}),
          ...(tokenQuota !== undefined && tokenQuotaPeriod !== undefined ? { tokenQuota, tokenQuotaPeriod } : {}),
        };

  if (product.mode === 'new') {
    const approvalRequired = await choose(TITLE, 'Subscription approval', [
      { label: 'No approval', description: 'new subscriptions can call the APIs at once', value: false },
      { label: 'Approval required', description: 'an administrator approves each subscription request', value: true },
    ]);
    const base = product;
    const limitText = await ask(TITLE, 'Subscriptions one user may hold to the product (empty: no limit)', {
      validate: wholeOrEmpty((n) => fieldError(facts, draft, { product: { ...base, subscriptionsLimit: n } }, 'subscriptionsLimit')),
    });
    const subscriptionsLimit = parseOptionalWhole(limitText);
    product = { ...base, approvalRequired, ...(subscriptionsLimit !== undefined ? { subscriptionsLimit } : {}) };
  }

  const displayName = await ask(TITLE, 'Display name of the team’s subscription', {
    value: `${teamName.trim()}`,
    validate: (v) => fieldError(facts, draft, { subscription: { ...draft.subscription, displayName: v } }, 'subscriptionDisplayName'),
  });
  const subscriptionId = await ask(TITLE, 'Subscription id', {
    value: ids.subscriptionId,
    validate: (v) => fieldError(facts, draft, { subscription: { ...draft.subscription, subscriptionId: v } }, 'subscriptionId'),
  });
  const ownerUserId = await choose<string | undefined>(TITLE, 'Owner of the subscription (optional)', [
    { label: 'No owner', value: undefined },
    ...facts.users.map((u) => ({ label: u.label, description: u.id === '1' ? 'built-in administrator' : u.id, value: u.id })),
  ]);
  return {
    teamName,
    product,
    apiIds,
    ...(limits ? { limits } : {}),
    subscription: { subscriptionId, displayName, ...(ownerUserId !== undefined ? { ownerUserId } : {}) },
  };
}

/** Runs the flow; resolves to what was created, or undefined when the user did not confirm. */
export async function onboardTeam(
  clients: AzureClients,
  service: ServiceRef,
  log: vscode.LogOutputChannel,
): Promise<OnboardedTeam | undefined> {
  const facts = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading products, APIs and users of ${service.name}…` },
    () => loadTeamFacts(clients, service),
  );
  const form = await askForm(facts);
  const ctx = { clients, service, secrets: new Map<string, string>() };
  const review = await reviewOnboarding(form, facts, ctx);
  if (review.status === 'invalid') throw new Error(Object.values(review.errors)[0] ?? 'The form is not valid.');
  if (review.conflicts.length > 0) throw new Error(review.conflicts[0].summary);
  const detail = review.plan.steps.map((s, i) => `${i + 1}. ${s.title}`).join('\n');
  const create = 'Create';
  const answer = await vscode.window.showInformationMessage(`${review.plan.title} in ${service.name}?`, { modal: true, detail }, create);
  if (answer !== create) return undefined;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: review.plan.title, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const titles = new Map(review.plan.steps.map((s) => [s.id, s.title]));
      return runOnboarding(
        review.plan,
        { ...ctx, abortSignal: abort.signal },
        {
          inspections: review.inspections,
          onProgress: (e) => {
            log.info(`Onboard a Team: ${e.stepId} ${e.status}${e.message ? ` (${e.message})` : ''}`);
            if (e.status === 'running') {
              progress.report({ message: titles.get(e.stepId) ?? e.stepId, increment: 100 / review.plan.steps.length });
            }
          },
        },
      );
    },
  );
  if (outcome.status === 'succeeded') return { productId: form.product.productId, subscriptionId: form.subscription.subscriptionId };
  if (outcome.status === 'conflict') throw new Error(outcome.conflicts[0]?.summary ?? 'Something changed in the instance since Review.');
  const undone = outcome.rolledBack
    ? 'Everything it created was removed.'
    : 'Some of what it created could not be removed; the log names it.';
  if (outcome.status === 'cancelled') {
    void vscode.window.showInformationMessage(`The onboarding was cancelled. ${undone}`);
    return undefined;
  }
  throw new Error(`The onboarding failed: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)} ${undone}`);
}
