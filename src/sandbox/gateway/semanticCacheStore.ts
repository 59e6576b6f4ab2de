/**
 * The sandbox's stand-in for the external vector cache behind `llm-semantic-cache-lookup`/`-store`: entries are
 * prompt embeddings with a response, partitioned by the `vary-by` values, expiring after the store's duration.
 * APIM's score-threshold is a distance: a hit needs `1 - cosine similarity <= threshold`.
 */
import { cosineSimilarity } from '../model/embeddings';

export interface CachedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

interface Entry {
  readonly partition: string;
  readonly vector: readonly number[];
  readonly response: CachedResponse;
  readonly expiresAt: number;
}

export class SemanticCacheStore {
  private entries: Entry[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  lookup(partition: string, vector: readonly number[], threshold: number): { response: CachedResponse; score: number } | undefined {
    const t = this.now();
    this.entries = this.entries.filter((e) => e.expiresAt > t);
    let best: { response: CachedResponse; score: number } | undefined;
    for (const e of this.entries) {
      if (e.partition !== partition) continue;
      const distance = 1 - cosineSimilarity(vector, e.vector);
      if (distance <= threshold && (!best || distance < best.score)) best = { response: e.response, score: distance };
    }
    return best;
  }

  store(partition: string, vector: readonly number[], response: CachedResponse, durationSeconds: number): void {
    this.entries.push({ partition, vector, response, expiresAt: this.now() + durationSeconds * 1000 });
  }

  reset(): void {
    this.entries = [];
  }
}
