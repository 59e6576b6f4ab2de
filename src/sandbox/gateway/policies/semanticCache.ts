/**
 * `llm-semantic-cache-lookup` (inbound) and `llm-semantic-cache-store` (outbound). The prompt is embedded by the
 * embeddings backend; a close enough cached prompt in the same `vary-by` partition answers without calling the
 * backend. Entries live in the instance's external cache (an Azure Managed Redis database with RediSearch): without
 * one the lookup serves nothing, as in APIM. Responses served or missed are marked with `x-sandbox-semantic-cache`
 * so tests and users can see it.
 */
import { embedText } from '../embeddingsClient';
import { semanticCacheDatabase } from '../externalCache';
import type { GatewayCall } from '../call';
import type { PolicyHandler } from '../policy/engine';
import { chatPrompt, promptText } from '../prompt';

export const CACHE_HEADER = 'x-sandbox-semantic-cache';

interface PendingStore {
  readonly partition: string;
  readonly vector: readonly number[];
}

const pending = new WeakMap<GatewayCall, PendingStore>();

export const semanticCacheLookup: PolicyHandler = async (node, call) => {
  const prompt = chatPrompt(call);
  const maxMessages = Number(call.value(node.attrs['max-message-count']) ?? 'NaN');
  if (!prompt || (Number.isFinite(maxMessages) && prompt.messages.length > maxMessages)) return;
  const database = semanticCacheDatabase(call);
  if (typeof database === 'string') {
    call.ctx.log(`gateway: <${node.name}> serves nothing: ${database}`);
    return;
  }
  const threshold = Number(call.value(node.attrs['score-threshold']) ?? '0');
  const backendId = call.value(node.attrs['embeddings-backend-id']) ?? '';
  const systemAssigned = call.value(node.attrs['embeddings-backend-auth'])?.toLowerCase() === 'system-assigned';
  const vector = await embedText(
    call,
    backendId,
    systemAssigned,
    promptText(call, call.value(node.attrs['ignore-system-messages'])?.toLowerCase() === 'true'),
  );
  if (vector instanceof Error) {
    call.ctx.log(`gateway: semantic cache lookup skipped: ${vector.message}`);
    return;
  }
  const varyBy = node.children.filter((c) => c.name === 'vary-by').map((c) => call.value(c.text) ?? '');
  // Streamed and buffered answers are not interchangeable, so they never share a partition.
  const partition = JSON.stringify([database.id.toLowerCase(), call.api.id.toLowerCase(), prompt.stream, ...varyBy]);
  const hit = call.state.cache.lookup(partition, vector, Number.isFinite(threshold) ? threshold : 0);
  if (hit) {
    call.servedFromCache = true;
    call.respond(hit.response.status, hit.response.body, { ...hit.response.headers, [CACHE_HEADER]: `hit; score=${hit.score.toFixed(4)}` });
    return;
  }
  call.responseHeaders[CACHE_HEADER] = 'miss';
  pending.set(call, { partition, vector });
};

export const semanticCacheStore: PolicyHandler = (node, call) => {
  const lookup = pending.get(call);
  const duration = Number(call.value(node.attrs.duration) ?? '0');
  if (!lookup || !Number.isFinite(duration) || duration <= 0) return;
  // Stored once the body is complete, so that a response streamed through (buffer-response="false") is cached too.
  call.completionListeners.push((_usage, response, body) => {
    if (!body || response.status !== 200 || call.servedFromCache) return;
    const headers: Record<string, string> = {};
    if (response.headers['content-type']) headers['content-type'] = response.headers['content-type'];
    call.state.cache.store(lookup.partition, lookup.vector, { status: response.status, headers, body }, duration);
  });
};
