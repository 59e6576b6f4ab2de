/** The subscriptions the user chose to see, remembered per cloud in globalState (a choice, not a setting). */
import type * as vscode from 'vscode';

const key = (environment: string): string => `aiGateway.selectedSubscriptions.${environment}`;

export class SubscriptionFilter {
  constructor(private readonly state: vscode.Memento) {}

  /** The chosen subscription ids, or undefined when the user never chose (then all are shown). */
  selected(environment: string): readonly string[] | undefined {
    return this.state.get<string[]>(key(environment));
  }

  async select(environment: string, subscriptionIds: readonly string[] | undefined): Promise<void> {
    await this.state.update(key(environment), subscriptionIds ? [...subscriptionIds] : undefined);
  }

  apply<T extends { readonly subscriptionId: string }>(environment: string, all: readonly T[]): T[] {
    const chosen = this.selected(environment);
    if (!chosen) return [...all];
    const set = new Set(chosen.map((s) => s.toLowerCase()));
    return all.filter((s) => set.has(s.subscriptionId.toLowerCase()));
  }
}
