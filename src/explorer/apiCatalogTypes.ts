/** What the API catalog is built from and hands out: its source, options, groups and progress (apart from its logic). */
import type { ApiSummary } from '../apim/apis';
import type { BackendSummary } from '../apim/backends';
import { apimMaxPageSize, type CountedPage, type PageRequest } from '../apim/paging';
import type { Recognition } from '../domain/recognition';

export interface ApiCatalogSource {
  /** One page of the list, by offset or nextLink, with the list's total (APIM's `count`) when known. */
  listPage(request: PageRequest & { readonly nameContains?: string }): Promise<CountedPage<ApiSummary>>;
  listBackends(abortSignal?: AbortSignal): Promise<BackendSummary[]>;
  getPolicyXml(apiId: string, abortSignal?: AbortSignal): Promise<string | undefined>;
}

export interface ApiCatalogOptions {
  /** Policies read in the background to recognise APIs the list alone does not settle; by default it scales with the list. */
  readonly refineBudget?: number;
  readonly refineConcurrency?: number;
  /** Pages of the list in flight at most. */
  readonly pageConcurrency?: number;
  /** The shortest time between two change notifications while pages arrive. */
  readonly redrawMs?: number;
  readonly onBackgroundError?: (error: unknown) => void;
  readonly onThrottled?: (waitMs: number) => void;
}

export type ApiGroupKind = 'llm' | 'other';

export interface RecognizedApi {
  readonly api: ApiSummary;
  readonly recognition: Recognition;
}

export interface ListProgress {
  /** APIs listed so far. */
  readonly loaded: number;
  /** The instance's API count, once the first page told it. */
  readonly total?: number;
  readonly complete: boolean;
  /** Why the listing stopped before the end; retrying resumes with the pages still missing. */
  readonly failure?: unknown;
}

/** How many rows a group shows at first, and how many more each "Show more…" adds. */
export const groupWindow = apimMaxPageSize;
