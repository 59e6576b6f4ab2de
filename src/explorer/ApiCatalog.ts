/**
 * What the tree knows about one instance's APIs: the pages loaded so far, where to resume, the filter, and which
 * APIs are LLM APIs. Kept apart from the nodes so that both API groups ("LLM APIs", "Other APIs") share one paged
 * list, and so that it is tested without VS Code.
 *
 * Recognition stays cheap for 10,000 APIs: first from what the list already says (serviceUrl) and the backends list
 * (loaded once per instance, in parallel with the first page); then lazily from operations and policy when an API is
 * opened; and in the background from the policies of at most `refineBudget` unrecognised APIs per instance.
 */
import type { ApiSummary } from '../apim/apis';
import type { BackendSummary } from '../apim/backends';
import type { Page } from '../apim/paging';
import { backendIdsInPolicy, recognizeLlmApi, type Recognition, type RecognitionInput } from '../domain/recognition';
import type { MoreLoader } from './messageNodes';

export interface ApiCatalogSource {
  listPage(options: { readonly continuationToken?: string; readonly nameContains?: string }): Promise<Page<ApiSummary>>;
  listBackends(): Promise<BackendSummary[]>;
  getPolicyXml(apiId: string): Promise<string | undefined>;
}

export interface ApiCatalogOptions {
  /** Policies read in the background per instance to recognise APIs the list alone does not reveal. */
  readonly refineBudget?: number;
  readonly refineConcurrency?: number;
  readonly onBackgroundError?: (error: unknown) => void;
}

export interface RecognizedApi {
  readonly api: ApiSummary;
  readonly recognition: Recognition;
}

export class ApiCatalog implements MoreLoader {
  private apis: ApiSummary[] = [];
  private readonly recognitions = new Map<string, Recognition>();
  private readonly refined = new Set<string>();
  private nextToken: string | undefined;
  private exhausted = false;
  private first: Promise<void> | undefined;
  private more: Promise<void> | undefined;
  private backendList: BackendSummary[] = [];
  private nameFilter: string | undefined;
  private refineLeft: number;
  /** Bumped on reset, so that answers to a previous generation's requests are dropped. */
  private generation = 0;

  constructor(
    private readonly source: ApiCatalogSource,
    private readonly onChanged: () => void,
    private readonly options: ApiCatalogOptions = {},
  ) {
    this.refineLeft = options.refineBudget ?? 50;
  }

  get filter(): string | undefined {
    return this.nameFilter;
  }

  get loadedCount(): number {
    return this.apis.length;
  }

  get hasMore(): boolean {
    return !this.exhausted;
  }

  get backends(): readonly BackendSummary[] {
    return this.backendList;
  }

  /** Loads the first page of APIs and the backends, in parallel, once. */
  ensureLoaded(): Promise<void> {
    if (!this.first) {
      const generation = this.generation;
      const loading = Promise.all([this.source.listPage(this.pageRequest(undefined)), this.source.listBackends()]).then(
        ([page, backends]) => {
          if (generation !== this.generation) return;
          this.backendList = backends;
          this.accept(page);
        },
      );
      this.first = loading;
      loading.catch(() => {
        if (this.first === loading) this.first = undefined;
      });
    }
    return this.first;
  }

  async loadMore(): Promise<void> {
    await this.ensureLoaded();
    if (this.exhausted) return;
    if (!this.more) {
      const generation = this.generation;
      this.more = this.source
        .listPage(this.pageRequest(this.nextToken))
        .then((page) => {
          if (generation !== this.generation) return;
          this.accept(page);
          this.onChanged();
        })
        .finally(() => {
          this.more = undefined;
        });
    }
    return this.more;
  }

  setFilter(text: string | undefined): void {
    this.nameFilter = text?.trim() || undefined;
    this.reset();
  }

  reset(): void {
    this.generation++;
    this.apis = [];
    this.recognitions.clear();
    this.refined.clear();
    this.nextToken = undefined;
    this.exhausted = false;
    this.first = undefined;
    this.more = undefined;
    this.refineLeft = this.options.refineBudget ?? 50;
  }

  llmApis(): RecognizedApi[] {
    return this.apis.flatMap((api) => {
      const recognition = this.recognitions.get(api.apiId);
      return recognition?.isLlm ? [{ api, recognition }] : [];
    });
  }

  otherApis(): ApiSummary[] {
    return this.apis.filter((api) => !this.recognitions.get(api.apiId)?.isLlm);
  }

  find(apiId: string): ApiSummary | undefined {
    return this.apis.find((a) => a.apiId.toLowerCase() === apiId.toLowerCase());
  }

  recognitionOf(apiId: string): Recognition | undefined {
    return this.recognitions.get(apiId);
  }

  /** Adds an API found outside the pages (revealing one not loaded yet); it is listed until the next reset. */
  add(api: ApiSummary): void {
    if (this.find(api.apiId)) return;
    this.apis.push(api);
    this.recognitions.set(api.apiId, this.recognize(api, {}));
    this.onChanged();
  }

  /** Recognises again with the operations and/or the policy, once they are known. Redraws when the verdict changes. */
  refine(apiId: string, extra: Pick<RecognitionInput, 'operations' | 'policyXml'>): void {
    const api = this.find(apiId);
    if (!api) return;
    this.refined.add(api.apiId);
    const before = this.recognitions.get(api.apiId);
    const after = this.recognize(api, extra);
    // Knowing more never turns a recognised LLM API back into an unknown one.
    if (before?.isLlm && !after.isLlm) return;
    this.recognitions.set(api.apiId, after);
    if (before?.isLlm !== after.isLlm || before?.provider !== after.provider) this.onChanged();
  }

  private pageRequest(continuationToken: string | undefined) {
    return { ...(continuationToken ? { continuationToken } : {}), ...(this.nameFilter ? { nameContains: this.nameFilter } : {}) };
  }

  private accept(page: Page<ApiSummary>): void {
    const known = new Set(this.apis.map((a) => a.apiId));
    const fresh = page.items.filter((a) => !known.has(a.apiId));
    this.apis.push(...fresh);
    for (const api of fresh) this.recognitions.set(api.apiId, this.recognize(api, {}));
    this.nextToken = page.continuationToken;
    this.exhausted = !page.continuationToken;
    this.refineInBackground(fresh);
  }

  private recognize(api: ApiSummary, extra: Pick<RecognitionInput, 'operations' | 'policyXml'>): Recognition {
    const routed = extra.policyXml ? backendIdsInPolicy(extra.policyXml) : [];
    const backendUrls = this.backendList
      .filter((b) => (routed.length > 0 ? routed.includes(b.name) : likelyBackendOf(api.apiId, b.name)))
      .map((b) => b.url);
    return recognizeLlmApi({ ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}), backendUrls, ...extra });
  }

  private refineInBackground(candidates: readonly ApiSummary[]): void {
    const todo = candidates.filter((a) => !this.recognitions.get(a.apiId)?.isLlm).slice(0, Math.max(0, this.refineLeft));
    if (todo.length === 0) return;
    this.refineLeft -= todo.length;
    const generation = this.generation;
    const queue = [...todo];
    const worker = async (): Promise<void> => {
      for (let api = queue.shift(); api; api = queue.shift()) {
        if (generation !== this.generation || this.refined.has(api.apiId)) continue;
        try {
          const policyXml = await this.source.getPolicyXml(api.apiId);
          if (generation === this.generation && policyXml) this.refine(api.apiId, { policyXml });
        } catch (e) {
          this.options.onBackgroundError?.(e);
        }
      }
    };
    const workers = Array.from({ length: Math.min(this.options.refineConcurrency ?? 4, todo.length) }, worker);
    void Promise.all(workers);
  }
}

/**
 * Without the policy we do not know which backend an API uses; imports name the backend after the API
 * (`{api}`, `{api}-backend`, `{api}-...`), which is a cheap, good guess until the policy is read.
 */
export function likelyBackendOf(apiId: string, backendName: string): boolean {
  const a = apiId.toLowerCase();
  const b = backendName.toLowerCase();
  return b === a || b.startsWith(`${a}-`);
}
