/**
 * Deterministic embeddings: a hashed bag of lower-cased words (and word bigrams), signed and L2-normalised, so that
 * prompts sharing most words have a high cosine similarity and unrelated prompts a low one, as with a real model.
 */
import { createHash } from 'node:crypto';
import { countInputTokens } from '../../domain/chat/tokenCounter';
import type { RequestProblem } from './chatRequest';

export const DEFAULT_DIMENSIONS = 1536;

export function embed(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const features = [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
  for (const f of features) {
    const h = createHash('sha256').update(f).digest();
    const weight = f.includes(' ') ? 0.5 : 1;
    vector[h.readUInt32LE(0) % dimensions] += h[4] & 1 ? weight : -weight;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export interface EmbeddingsRequest {
  readonly inputs: readonly string[];
  readonly dimensions: number;
  readonly base64: boolean;
}

export function parseEmbeddingsRequest(body: unknown): EmbeddingsRequest | RequestProblem {
  if (typeof body !== 'object' || body === null) {
    return { message: "Missing required parameter: 'input'.", param: 'input', code: 'missing_required_parameter' };
  }
  const b = body as Record<string, unknown>;
  const inputs =
    typeof b.input === 'string' ? [b.input] : Array.isArray(b.input) && b.input.every((s) => typeof s === 'string') ? b.input : undefined;
  if (!inputs) return { message: "Missing required parameter: 'input'.", param: 'input', code: 'missing_required_parameter' };
  if (inputs.length === 0 || inputs.some((s) => s === '')) {
    return {
      message: "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      param: null,
      code: null,
    };
  }
  const dims = b.dimensions;
  if (dims !== undefined && (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1 || dims > DEFAULT_DIMENSIONS * 2)) {
    return {
      message: `Invalid 'dimensions': expected an integer between 1 and ${DEFAULT_DIMENSIONS * 2}.`,
      param: 'dimensions',
      code: 'invalid_value',
    };
  }
  return { inputs, dimensions: typeof dims === 'number' ? dims : DEFAULT_DIMENSIONS, base64: b.encoding_format === 'base64' };
}

export function embeddingsBody(request: EmbeddingsRequest, model: string): Record<string, unknown> {
  const tokens = countInputTokens(request.inputs);
  return {
    object: 'list',
    data: request.inputs.map((text, index) => {
      const vector = embed(text, request.dimensions);
      return {
        object: 'embedding',
        index,
        embedding: request.base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
      };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
