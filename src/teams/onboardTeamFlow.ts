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
import { parseOptionalWhole, runSteps, wholeOrEmpty, type Choice, type Step } from '../ui/quickInput';
import { loadTeamFacts } from './teamFactsLoader';

const TITLE = 'Onboard a Team';

export interface OnboardedTeam {
  readonly productId: string;
  readonly subscriptionId: string;
}

/** The answers so far; Back keeps them, so a question asked again offers its earlier answer. */
interface Answers {
  teamName: string;
  /** undefined: a new product. */
  existingProductId?: string;
  productId: string;
  apiIds: string[];
  tokensPerMinute: string;
  tokenQuota: string;
  tokenQuotaPeriod: QuotaPeriod;
  approvalRequired: boolean;
  subscriptionsLimit: string;
  displayName: string;
  subscriptionId: string;
  ownerUserId?: string;
}

function newProduct(a: Answers): Extract<TeamProductChoice, { mode: 'new' }> {
  const subscriptionsLimit = parseOptionalWhole(a.subscriptionsLimit);
  return {
    mode: 'new',
    productId: a.productId,
    displayName: a.teamName.trim(),
    description: '',
    published: true,
    approvalRequired: a.approvalRequired,
    ...(subscriptionsLimit !== undefined ? { subscriptionsLimit } : {}),
  };
}

function formOf(a: Answers): TeamForm {
  const tokensPerMinute = parseOptionalWhole(a.tokensPerMinute);
  const tokenQuota = parseOptionalWhole(a.tokenQuota);
  const limits: TeamTokenLimits | undefined =
    tokensPerMinute === undefined && tokenQuota === undefined
      ? undefined
      : {
          ...(tokensPerMinute !== undefined ? { tokensPerMinute } : {}),
          ...(tokenQuota !== undefined ? { tokenQuota, tokenQuotaPeriod: a.tokenQuotaPeriod } : {}),
        };
  return {
    teamName: a.teamName,
    product: a.existingProductId === undefined ? newProduct(a) : { mode: 'existing', productId: a.existingProductId },
    apiIds: a.apiIds,
    ...(limits ? { limits } : {}),
    subscription: {
      subscriptionId: a.subscriptionId,
      displayName: a.displayName,
      ...(a.ownerUserId !== undefined ? { ownerUserId: a.ownerUserId } : {}),
    },
  };
}

/** Asks step by step, with Back; names derived from the team name follow it until the user edits them. */
async function askForm(facts: TeamFacts): Promise<TeamForm> {
  const a: Answers = {
    teamName: '',
    productId: '',
    apiIds: facts.apis.filter((api) => api.llm).map((api) => api.id),
    tokensPerMinute: '',
    tokenQuota: '',
    tokenQuotaPeriod: 'Monthly',
    approvalRequired: false,
    subscriptionsLimit: '',
    displayName: '',
    subscriptionId: '',
  };
  const field = (patch: Partial<Answers>, name: keyof ReturnType<typeof validateTeamForm>) =>
    validateTeamForm(formOf({ ...a, ...patch }), facts)[name];
  const isNew = (): boolean => a.existingProductId === undefined;
  const steps: Step[] = [
    async (q) => {
      const before = teamIds(a.teamName);
      const beforeName = a.teamName.trim();
      a.teamName = await q.ask('Team name (the product and its subscription are named after it)', {
        value: a.teamName,
        placeHolder: 'Search team',
        validate: validateTeamName,
      });
      const ids = teamIds(a.teamName);
      if (a.productId === '' || a.productId === before.productId) a.productId = ids.productId;
      if (a.subscriptionId === '' || a.subscriptionId === before.subscriptionId) a.subscriptionId = ids.subscriptionId;
      if (a.displayName === '' || a.displayName === beforeName) a.displayName = a.teamName.trim();
    },
    async (q) => {
      a.existingProductId = await q.choose<string | undefined>(
        'Product: a new one for the team, or one that exists',
        [
          { label: `New product "${a.productId}"`, description: 'with the token limits you choose next', value: undefined },
          ...facts.products.map((p) => ({ label: p.displayName, description: `${p.id} (existing)`, value: p.id })),
        ],
        a.existingProductId,
      );
    },
    async (q) => {
      if (!isNew()) return;
      a.productId = await q.ask('Product id', { value: a.productId, validate: (v) => field({ productId: v }, 'productId') });
    },
    async (q) => {
      const items: Choice<string>[] = facts.apis.map((api) => ({
        label: api.displayName,
        description: `${api.id}${api.llm ? ' · LLM API' : ''}`,
        value: api.id,
      }));
      a.apiIds = await q.chooseSome('APIs of the product (LLM APIs are preselected)', items, a.apiIds);
    },
    async (q) => {
      a.tokensPerMinute = await q.ask('Tokens per minute per subscription (empty: no rate limit)', {
        value: a.tokensPerMinute,
        placeHolder: '10000',
        validate: wholeOrEmpty((n) => validateTokenLimits({ tokensPerMinute: n }).tokensPerMinute),
      });
    },
    async (q) => {
      a.tokenQuota = await q.ask('Token quota per subscription (empty: no quota)', {
        value: a.tokenQuota,
        placeHolder: '1000000',
        validate: wholeOrEmpty((n) => validateTokenLimits({ tokenQuota: n, tokenQuotaPeriod: 'Monthly' }).tokenQuota),
      });
    },
    async (q) => {
      if (parseOptionalWhole(a.tokenQuota) === undefined) return;
      a.tokenQuotaPeriod = await q.choose<QuotaPeriod>(
        'Quota period (the quota starts again at each period)',
        ['Monthly' as const, ...QUOTA_PERIODS.filter((p) => p !== 'Monthly')].map((p) => ({ label: p, value: p })),
        a.tokenQuotaPeriod,
      );
    },
    async (q) => {
      if (!isNew()) return;
      a.approvalRequired = await q.choose(
        'Subscription approval',
        [
          { label: 'No approval', description: 'new subscriptions can call the APIs at once', value: false },
          { label: 'Approval required', description: 'an administrator approves each subscription request', value: true },
        ],
        a.approvalRequired,
      );
    },
    async (q) => {
      if (!isNew()) return;
      a.subscriptionsLimit = await q.ask('Subscriptions one user may hold to the product (empty: no limit)', {
        value: a.subscriptionsLimit,
        validate: wholeOrEmpty((n) => field({ subscriptionsLimit: String(n) }, 'subscriptionsLimit')),
      });
    },
    async (q) => {
      a.displayName = await q.ask('Display name of the team’s subscription', {
        value: a.displayName,
        validate: (v) => field({ displayName: v }, 'subscriptionDisplayName'),
      });
    },
    async (q) => {
      a.subscriptionId = await q.ask('Subscription id', {
        value: a.subscriptionId,
        validate: (v) => field({ subscriptionId: v }, 'subscriptionId'),
      });
    },
    async (q) => {
      a.ownerUserId = await q.choose<string | undefined>(
        'Owner of the subscription (optional)',
        [
          { label: 'No owner', value: undefined },
          ...facts.users.map((u) => ({ label: u.label, description: u.id === '1' ? 'built-in administrator' : u.id, value: u.id })),
        ],
        a.ownerUserId,
      );
    },
  ];
  await runSteps(TITLE, steps);
  return formOf(a);
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
