/** What the onboarding validates against: the instance's products, LLM APIs, users and subscriptions, as read from Azure. */

export interface TeamProductFact {
  readonly id: string;
  readonly displayName: string;
  readonly subscriptionsLimit?: number;
  readonly approvalRequired?: boolean;
}

export interface TeamApiFact {
  readonly id: string;
  readonly displayName: string;
  /** Recognised as an LLM API (the wizard lists these first and preselects none of the others). */
  readonly llm: boolean;
}

export interface TeamUserFact {
  readonly id: string;
  /** "First Last <email>" for pickers. */
  readonly label: string;
}

export interface TeamSubscriptionFact {
  readonly id: string;
  /** `/products/{id}`, `/apis/{id}` or `/apis`. */
  readonly scope: string;
  readonly ownerUserId?: string;
  readonly state: string;
}

export interface TeamFacts {
  readonly products: readonly TeamProductFact[];
  readonly apis: readonly TeamApiFact[];
  readonly users: readonly TeamUserFact[];
  readonly subscriptions: readonly TeamSubscriptionFact[];
}

/** States that hold a place under a product's per-user subscription limit (the sandbox counts the same ones). */
export const LIMIT_COUNTED_STATES: readonly string[] = ['active', 'suspended', 'submitted'];

/** How many subscriptions the user already holds to the product, counted as the per-user limit counts them. */
export function subscriptionsHeld(facts: TeamFacts, productId: string, ownerUserId: string): number {
  const scope = `/products/${productId}`.toLowerCase();
  return facts.subscriptions.filter(
    (s) =>
      s.scope.toLowerCase() === scope &&
      s.ownerUserId?.toLowerCase() === ownerUserId.toLowerCase() &&
      LIMIT_COUNTED_STATES.includes(s.state.toLowerCase()),
  ).length;
}
