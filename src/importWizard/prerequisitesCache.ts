/**
 * The prerequisite facts of one wizard session (src/apim/prerequisites.ts reads them across subscriptions): loaded once
 * after the page is ready, reused for validation, read again after a write or on request. A failed load is forgotten.
 */
import type { PrerequisiteFacts } from '../domain/policies/prerequisiteFacts';

export class PrerequisitesCache {
  private loading: Promise<PrerequisiteFacts> | undefined;
  private loaded: PrerequisiteFacts | undefined;

  constructor(private readonly load: () => Promise<PrerequisiteFacts>) {}

  get(refresh: boolean): Promise<PrerequisiteFacts> {
    if (refresh || !this.loading) {
      const loading = this.load();
      this.loading = loading;
      loading.then(
        (facts) => {
          if (this.loading === loading) this.loaded = facts;
        },
        () => {
          if (this.loading === loading) this.loading = undefined;
        },
      );
    }
    return this.loading;
  }

  /** What was last loaded, if anything (to post with the instance's facts). */
  current(): PrerequisiteFacts | undefined {
    return this.loaded;
  }

  /** Azure changed (an import ran): the next use reads again. */
  invalidate(): void {
    this.loading = undefined;
  }
}
