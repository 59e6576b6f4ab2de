/**
 * What the tree knows about one instance's APIs: the whole list, loaded in the background in parallel pages as soon
 * as the instance is expanded, and which APIs are LLM APIs. Kept apart from the nodes so that both API groups ("LLM
 * APIs", "Other APIs") share one list that is read once, and so that it is tested without VS Code.
 *
 * "LLM APIs" is complete once the list is: every API is recognised from what its list item says (serviceUrl) and the
 * backends list (read once, in parallel with the first page), and the policies of the candidates the list alone does
 * not settle are read concurrently with the pages, within a budget that grows with the instance. "Other APIs" shows
 * the same list 100 rows at a time, from memory. Each change is told for the group it concerns, at most every
 * `redrawMs`, so that 10,000 APIs arriving in 100 pages cost a few redraws of one small group.
 */
import { setMaxListeners } from 'node:events';
import type { ApiSummary } from '../apim/apis';
import type { BackendSummary } from '../apim/backends';
import { apimMaxPageSize, listPagesInParallel, type CountedPage } from '../apim/paging';
import { backendIdsInPolicy, likelyBackendOf, recognizeLlmApi, type Recognition, type RecognitionInput } from '../domain/recognition';
import { refineBudgetFor, refineRank } from '../domain/recognitionBudget';
import {
  groupWindow,
  type ApiCatalogOptions,
  type ApiCatalogSource,
  type ApiGroupKind,
  type ListProgress,
  type RecognizedApi,
} from './apiCatalogTypes';
import { BackendRoutes } from './backendUsage';
import { Deferred } from './deferred';

export class ApiCatalog {
  /** Pages by offset, as they arrived. */
  private readonly pages = new Map<number, readonly ApiSummary[]>();
  private readonly byId = new Map<string, ApiSummary>();
  /** Place in the list (offset + index), for the groups' order. APIs added outside the pages come last. */
  private readonly position = new Map<string, number>();
  private readonly recognitions = new Map<string, Recognition>();
  private readonly listVerdicts = new Map<string, Recognition>();
  private readonly llmIds = new Set<string>();
  private readonly refined = new Set<string>();
  /** APIs whose policy may tell, by rank (see refineRank). */
  private readonly candidates: [ApiSummary[], ApiSummary[]] = [[], []];
  private refineWorkers = 0;
  private refineUsed = 0;
  private backendList: BackendSummary[] = [];
  /** Where the policies read so far route (a backend's "Used by"). */
  readonly routes = new BackendRoutes();
  private total: number | undefined;
  private complete = false;
  private failure: unknown;
  private nameFilter: string | undefined;
  private shown: Record<ApiGroupKind, number> = { llm: groupWindow, other: groupWindow };
  /** APIs shown whatever their place in the list. */
  private readonly pinned = new Set<string>();
  private first: Promise<void> | undefined;
  private listing: Promise<void> | undefined;
  private backendsLoaded: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private pending = new Set<ApiGroupKind>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on reset, so that answers to a previous generation's requests are dropped. */
  private generation = 0;
  /** Bumped on reset and cancel: pages of a stopped listing are dropped. */
  private run = 0;

  constructor(
    private readonly source: ApiCatalogSource,
    private readonly onChanged: (groups: ReadonlySet<ApiGroupKind>) => void,
    private readonly options: ApiCatalogOptions = {},
  ) {}

  get filter(): string | undefined {
    return this.nameFilter;
  }

  get loadedCount(): number {
    return this.byId.size;
  }

  get backends(): readonly BackendSummary[] {
    return this.backendList;
  }

  get progress(): ListProgress {
    return {
      loaded: this.loadedCount,
      ...(this.total !== undefined ? { total: this.total } : {}),
      complete: this.complete,
      ...(this.failure !== undefined ? { failure: this.failure } : {}),
    };
  }

  /**
   * Starts (or resumes) the listing of the whole instance in the background. Resolves when the first page and the
   * backends are in, so that the groups can show their first rows; rejects when those fail.
   */
  ensureLoaded(): Promise<void> {
    if (this.first) return this.first;
    const generation = this.generation;
    const run = ++this.run;
    const abort = new AbortController();
    // The backends, the pages and the policy reads in flight all listen to it.
    setMaxListeners(64, abort.signal);
    this.abort = abort;
    this.failure = undefined;
    const backends = (this.backendsLoaded ??= this.source.listBackends(abort.signal).then((list) => {
      if (generation === this.generation) this.backendList = list;
    }));
    void backends.catch(() => {
      if (this.backendsLoaded === backends) this.backendsLoaded = undefined;
    });
    const firstPage = new Deferred();
    if (this.pages.has(0)) firstPage.resolve();
    const accept = (skip: number, page: CountedPage<ApiSummary>): void => {
      if (run !== this.run) return;
      this.accept(skip, page);
      if (skip === 0) firstPage.resolve();
    };
    // Recognition needs the backends: pages that arrive before them wait, then go in as they came.
    let backendsIn = false;
    const early: [number, CountedPage<ApiSummary>][] = [];
    void backends.then(
      () => {
        backendsIn = true;
        for (const [skip, page] of early.splice(0)) accept(skip, page);
      },
      () => undefined,
    );
    const pages = listPagesInParallel<ApiSummary>((request) => this.source.listPage({ ...request, ...this.filterRequest() }), {
      abortSignal: abort.signal,
      concurrency: this.options.pageConcurrency ?? 8,
      loaded: new Set(this.pages.keys()),
      ...(this.total !== undefined ? { total: this.total } : {}),
      ...(this.options.onThrottled ? { onThrottled: this.options.onThrottled } : {}),
      onPage: (skip, page) => (backendsIn ? accept(skip, page) : early.push([skip, page])),
    });
    const first = Promise.all([backends, firstPage.promise]).then(() => undefined);
    const listing = Promise.all([backends, pages]).then(([, total]) => {
      if (run !== this.run) return;
      if (total !== undefined) this.total = total;
      this.complete = true;
      this.refineInBackground();
      this.notify(['llm', 'other'], true);
    });
    void listing.then(undefined, (e: unknown) => {
      if (run !== this.run || abort.signal.aborted) return;
      this.failure = e;
      firstPage.reject(e);
      // Retrying (ensureLoaded again) resumes with the pages still missing; a later failure shows under the rows.
      if (this.first === first) this.first = undefined;
      if (this.pages.size > 0) this.notify(['llm', 'other'], true);
    });
    void first.catch(() => undefined);
    this.first = first;
    this.listing = listing;
    return first;
  }

  /** Resolves when every page is in (for tests and benchmarks); rejects with the failure that stopped the listing. */
  async whenComplete(): Promise<void> {
    await this.ensureLoaded();
    await this.listing;
  }

  /** Stops the background listing (the instance was collapsed); what was loaded stays, and ensureLoaded resumes. */
  cancel(): void {
    // The first page is let through: the groups wait for it, and it is one request.
    if (this.complete || !this.abort || !this.pages.has(0)) return;
    this.abort.abort();
    this.abort = undefined;
    this.run++;
    this.first = undefined;
    this.listing = undefined;
  }

  /** True while pages are still to come (not cancelled, not failed). */
  get loading(): boolean {
    return this.abort !== undefined && !this.abort.signal.aborted && !this.complete && this.failure === undefined;
  }

  setFilter(text: string | undefined): void {
    this.nameFilter = text?.trim() || undefined;
    this.reset();
  }

  reset(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.generation++;
    this.run++;
    this.backendsLoaded = undefined;
    this.backendList = [];
    this.pages.clear();
    this.byId.clear();
    this.position.clear();
    this.recognitions.clear();
    this.listVerdicts.clear();
    this.llmIds.clear();
    this.refined.clear();
    this.routes.clear();
    for (const queue of this.candidates) queue.length = 0;
    this.refineUsed = 0;
    this.total = undefined;
    this.complete = false;
    this.failure = undefined;
    this.shown = { llm: groupWindow, other: groupWindow };
    this.pinned.clear();
    this.first = undefined;
    this.listing = undefined;
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The LLM APIs found so far, in list order. */
  llmApis(): RecognizedApi[] {
    return [...this.llmIds]
      .map((id) => this.byId.get(id)!)
      .sort((a, b) => this.placeOf(a) - this.placeOf(b))
      .map((api) => ({ api, recognition: this.recognitions.get(key(api.apiId))! }));
  }

  /**
   * The rows a group shows: "LLM APIs" every LLM API found so far, in list order; "Other APIs" the other APIs of the
   * list's loaded beginning (so that rows do not jump while later pages arrive). At most `shown` rows, plus the APIs
   * revealed by a command; `count` is the group's size once the list is complete.
   */
  window(kind: ApiGroupKind): { readonly rows: readonly ApiSummary[]; readonly more: boolean; readonly count?: number } {
    const rows: ApiSummary[] = [];
    const shown = this.shown[kind];
    let more = false;
    const source = kind === 'llm' ? this.llmApis().map((r) => r.api) : this.contiguous();
    for (const api of source) {
      if (kind === 'other' && this.llmIds.has(key(api.apiId))) continue;
      if (rows.length === shown) {
        more = true;
        break;
      }
      rows.push(api);
    }
    more ||= kind === 'other' && !this.complete && rows.length === shown;
    for (const k of this.pinned) {
      const api = this.byId.get(k);
      if (api && this.llmIds.has(k) === (kind === 'llm') && !rows.includes(api)) rows.push(api);
    }
    const size = kind === 'llm' ? this.llmIds.size : this.loadedCount - this.llmIds.size;
    return { rows, more, ...(this.complete ? { count: size } : {}) };
  }

  /** Shows the next rows of a group, from memory (the listing brings the rest in the background). */
  showMore(kind: ApiGroupKind): void {
    this.shown[kind] += groupWindow;
    this.notify([kind], true);
  }

  /** Makes an API show in its group whatever its place in the list (it was revealed, or found outside the pages). */
  pin(apiId: string): void {
    const k = key(apiId);
    if (!this.byId.has(k) || this.pinned.has(k)) return;
    this.pinned.add(k);
    this.notify([this.llmIds.has(k) ? 'llm' : 'other'], true);
  }

  /** Every API listed so far, in no particular order. */
  readonly apis = (): IterableIterator<ApiSummary> => this.byId.values();

  find(apiId: string): ApiSummary | undefined {
    return this.byId.get(key(apiId));
  }

  recognitionOf(apiId: string): Recognition | undefined {
    return this.recognitions.get(key(apiId));
  }

  /** Adds an API found outside the pages (revealing one not listed yet); it is listed until the next reset. */
  add(api: ApiSummary): void {
    if (this.find(api.apiId)) return this.pin(api.apiId);
    this.index(api, Number.MAX_SAFE_INTEGER);
    this.pin(api.apiId);
  }

  /** Recognises again with the operations and/or policy; redraws when the verdict changes, never back from LLM. */
  refine(apiId: string, extra: Pick<RecognitionInput, 'operations' | 'policyXml'>): void {
    const api = this.find(apiId);
    if (!api) return;
    const k = key(api.apiId);
    this.refined.add(k);
    if (extra.policyXml !== undefined) this.routes.record(api.apiId, extra.policyXml);
    const before = this.recognitions.get(k);
    const after = this.recognize(api, extra);
    if (before?.isLlm && !after.isLlm) return;
    this.recognitions.set(k, after);
    if (before?.isLlm === after.isLlm && before?.provider === after.provider) return;
    const moved = before?.isLlm !== after.isLlm;
    if (after.isLlm) this.llmIds.add(k);
    // A move redraws both groups in one event: a second row with the API's id makes VS Code refuse "LLM APIs".
    this.notify(moved ? ['llm', 'other'] : ['llm'], true);
  }

  private filterRequest(): { nameContains?: string } {
    return this.nameFilter ? { nameContains: this.nameFilter } : {};
  }

  private accept(skip: number, page: CountedPage<ApiSummary>): void {
    if (page.count !== undefined && skip === 0) this.total = page.count;
    // A one-page list is complete with its first page: the groups show their final rows at once.
    if (skip === 0 && !page.continuationToken) {
      this.total = page.items.length;
      this.complete = true;
    }
    const windowWasFull = this.window('other').rows.length >= this.shown.other;
    const fresh = page.items.filter((a) => !this.byId.has(key(a.apiId)));
    this.pages.set(skip, fresh);
    fresh.forEach((api, i) => this.index(api, skip + i));
    for (const api of fresh) {
      const rank = this.llmIds.has(key(api.apiId)) ? undefined : refineRank(api);
      if (rank !== undefined) this.candidates[rank].push(api);
    }
    this.refineInBackground();
    // "LLM APIs" shows the progress; "Other APIs" changes only while its window is not full yet.
    this.notify(windowWasFull ? ['llm'] : ['llm', 'other']);
  }

  private index(api: ApiSummary, place: number): void {
    const k = key(api.apiId);
    this.byId.set(k, api);
    this.position.set(k, place);
    const recognition = this.recognize(api, {});
    this.recognitions.set(k, recognition);
    if (recognition.isLlm) this.llmIds.add(k);
  }

  private placeOf(api: ApiSummary): number {
    return this.position.get(key(api.apiId)) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The APIs of the pages from the first on, up to the first page still missing. */
  private *contiguous(): Generator<ApiSummary> {
    for (let skip = 0; this.pages.has(skip); skip += apimMaxPageSize) yield* this.pages.get(skip)!;
  }

  private recognize(api: ApiSummary, extra: Pick<RecognitionInput, 'operations' | 'policyXml'>): Recognition {
    const routed = extra.policyXml ? backendIdsInPolicy(extra.policyXml) : [];
    const backendUrls = this.backendList
      .filter((b) => (routed.length > 0 ? routed.includes(b.name) : likelyBackendOf(api.apiId, b.name)))
      .map((b) => b.url);
    const input = { ...(api.serviceUrl ? { serviceUrl: api.serviceUrl } : {}), backendUrls, ...extra };
    if (extra.operations || extra.policyXml) return recognizeLlmApi(input);
    // Thousands of APIs share a few service URLs: what the list alone says is worked out once per URL set.
    const memoKey = `${api.serviceUrl ?? ''}\n${backendUrls.join('\n')}`;
    let known = this.listVerdicts.get(memoKey);
    if (!known) this.listVerdicts.set(memoKey, (known = recognizeLlmApi(input)));
    return known;
  }

  /** Reads candidates' policies, `refineConcurrency` at a time, while the pages keep coming. */
  private refineInBackground(): void {
    const run = this.run;
    const signal = this.abort?.signal;
    const budget = (): number => this.options.refineBudget ?? refineBudgetFor(this.total ?? this.loadedCount);
    const next = (): ApiSummary | undefined => this.candidates[0].shift() ?? this.candidates[1].shift();
    const waiting = (): number => this.candidates[0].length + this.candidates[1].length;
    const worker = async (): Promise<void> => {
      this.refineWorkers++;
      try {
        for (let api = next(); api && run === this.run && this.refineUsed < budget(); api = next()) {
          const k = key(api.apiId);
          if (this.refined.has(k) || this.llmIds.has(k)) continue;
          this.refineUsed++;
          try {
            const policyXml = await this.source.getPolicyXml(api.apiId, signal);
            if (run === this.run) this.refine(api.apiId, { policyXml: policyXml ?? '' });
          } catch (e) {
            if (!signal?.aborted) this.options.onBackgroundError?.(e);
          }
        }
      } finally {
        this.refineWorkers--;
      }
    };
    const limit = this.options.refineConcurrency ?? 4;
    while (this.refineWorkers < Math.min(limit, waiting()) && this.refineUsed < budget()) void worker();
  }

  /** Tells the groups that changed, at most every `redrawMs` (at once when `now`). */
  private notify(groups: readonly ApiGroupKind[], now = false): void {
    for (const g of groups) this.pending.add(g);
    if (now) return this.flush();
    this.timer ??= setTimeout(() => this.flush(), this.options.redrawMs ?? 100);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const groups = this.pending;
    this.pending = new Set();
    this.onChanged(groups);
  }
}

const key = (apiId: string): string => apiId.toLowerCase();
