/**
 * Validation of the onboarding form against the instance. Pure and shared: the webview runs it as the user types and
 * the host runs it again on every message (a webview is untrusted) and before Review, so nothing is written for a form
 * with an error. Each error is one sentence: what is wrong, what to do.
 */
import { QUOTA_PERIODS } from '../import/lmApiForm';
import { validateDescription } from '../import/validation';
import type { TeamFacts } from './teamFacts';
import { subscriptionsHeld } from './teamFacts';
import type { TeamFieldErrors, TeamForm, TeamTokenLimits } from './teamForm';
import { MAX_TEAM_ID, TEAM_ID_PATTERN, hasIdSource } from './teamNames';

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const MAX_TOKENS_PER_MINUTE = 100_000_000;
const MAX_QUOTA = 1_000_000_000_000;
const MAX_SUBSCRIPTIONS_LIMIT = 1000;

export function validateTeamName(value: string): string | undefined {
  if (value.trim() === '') return 'Enter the team name.';
  if (value.length > 100) return 'The team name is too long. Use at most 100 characters.';
  if (CONTROL_CHARS.test(value)) return 'The team name contains a control character. Use printable characters only.';
  if (!hasIdSource(value)) {
    return `The team name "${value.trim()}" has no letter or digit to make the product and subscription ids from. Use a name such as "Search team".`;
  }
  return undefined;
}

function validateId(value: string, what: string): string | undefined {
  if (value === '') return `Enter the ${what} id.`;
  if (value.length > MAX_TEAM_ID) return `The ${what} id is too long. Use at most ${MAX_TEAM_ID} characters.`;
  if (!TEAM_ID_PATTERN.test(value)) {
    return `The ${what} id may contain only lowercase letters, digits and single dashes, like "search-team".`;
  }
  return undefined;
}

function validateLabel(value: string, what: string): string | undefined {
  if (value.trim() === '') return `Enter the ${what}.`;
  if (value.length > 300) return `The ${what} is too long. Use at most 300 characters.`;
  if (CONTROL_CHARS.test(value)) return `The ${what} contains a control character. Use printable characters only.`;
  return undefined;
}

const isWhole = (n: unknown, min: number, max: number): boolean => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

export function validateTokenLimits(limits: TeamTokenLimits): TeamFieldErrors {
  const errors: TeamFieldErrors = {};
  if (limits.tokensPerMinute === undefined && limits.tokenQuota === undefined) {
    errors.tokensPerMinute = 'Enter tokens per minute, a token quota, or both; or turn token limits off.';
  }
  if (limits.tokensPerMinute !== undefined && !isWhole(limits.tokensPerMinute, 1, MAX_TOKENS_PER_MINUTE)) {
    errors.tokensPerMinute = 'Tokens per minute must be a whole number from 1 to 100,000,000.';
  }
  if ((limits.tokenQuota === undefined) !== (limits.tokenQuotaPeriod === undefined)) {
    errors.tokenQuota = 'A token quota needs both an amount and a period. Fill in both or neither.';
  } else if (limits.tokenQuota !== undefined && !isWhole(limits.tokenQuota, 1, MAX_QUOTA)) {
    errors.tokenQuota =
      limits.tokenQuota === 0
        ? 'A token quota of 0 would block the team from the first call. Enter at least 1 token, or leave the quota empty.'
        : 'The token quota must be a whole number from 1 to 1,000,000,000,000.';
  } else if (limits.tokenQuotaPeriod !== undefined && !QUOTA_PERIODS.includes(limits.tokenQuotaPeriod)) {
    errors.tokenQuota = `The quota period must be one of ${QUOTA_PERIODS.join(', ')}.`;
  }
  return errors;
}

export function validateTeamForm(form: TeamForm, facts: TeamFacts): TeamFieldErrors {
  const errors: TeamFieldErrors = {};
  const set = (field: keyof TeamFieldErrors, message: string | undefined): void => {
    if (message !== undefined && errors[field] === undefined) errors[field] = message;
  };
  set('teamName', validateTeamName(form.teamName));

  const product = form.product;
  const existingProduct = facts.products.find((p) => p.id.toLowerCase() === product.productId.toLowerCase());
  if (product.mode === 'new') {
    set('productId', validateId(product.productId, 'product'));
    if (existingProduct) {
      set(
        'productId',
        `A product with the id "${product.productId}" already exists ("${existingProduct.displayName}"). Choose "Existing product", or enter another id.`,
      );
    }
    set('productDisplayName', validateLabel(product.displayName, 'product name'));
    set('productDescription', validateDescription(product.description));
    if (product.subscriptionsLimit !== undefined && !isWhole(product.subscriptionsLimit, 1, MAX_SUBSCRIPTIONS_LIMIT)) {
      set('subscriptionsLimit', 'The subscription limit must be a whole number from 1 to 1,000, or empty for no limit.');
    }
  } else if (!existingProduct) {
    set('productId', `The product "${product.productId}" does not exist in this instance. Choose one from the list.`);
  }

  if (form.apiIds.length === 0) set('apiIds', 'Choose at least one API for the team.');
  else if (new Set(form.apiIds.map((a) => a.toLowerCase())).size !== form.apiIds.length) {
    set('apiIds', 'An API is chosen twice. Choose each once.');
  } else {
    const missing = form.apiIds.find((id) => !facts.apis.some((a) => a.id.toLowerCase() === id.toLowerCase()));
    if (missing !== undefined) set('apiIds', `The API "${missing}" does not exist in this instance. Refresh the list and choose again.`);
  }

  if (form.limits) {
    for (const [field, message] of Object.entries(validateTokenLimits(form.limits))) set(field as keyof TeamFieldErrors, message);
  }

  const sub = form.subscription;
  set('subscriptionId', validateId(sub.subscriptionId, 'subscription'));
  if (facts.subscriptions.some((s) => s.id.toLowerCase() === sub.subscriptionId.toLowerCase())) {
    set('subscriptionId', `A subscription with the id "${sub.subscriptionId}" already exists. Enter another id.`);
  }
  set('subscriptionDisplayName', validateLabel(sub.displayName, 'subscription name'));
  if (sub.ownerUserId !== undefined) {
    const owner = facts.users.find((u) => u.id === sub.ownerUserId);
    if (!owner) {
      set('ownerUserId', `The user "${sub.ownerUserId}" does not exist in this instance. Choose an owner from the list, or none.`);
    }
    // Only an existing product can already be full: a new one has no subscriptions yet.
    const limit = product.mode === 'existing' ? existingProduct?.subscriptionsLimit : undefined;
    if (owner && limit !== undefined && subscriptionsHeld(facts, product.productId, owner.id) >= limit) {
      set(
        'ownerUserId',
        `${owner.label} already holds ${limit === 1 ? 'the 1 subscription' : `all ${limit} subscriptions`} the product "${product.productId}" allows per user. Choose another owner or product, or raise the product's limit.`,
      );
    }
  }
  return errors;
}
