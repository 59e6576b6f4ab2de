/**
 * Token usage as the console shows it, read from whichever shape the backend speaks: OpenAI and Azure OpenAI chat
 * completions (`usage.prompt_tokens`), the Responses API (`usage.input_tokens`, also inside `response`), Gemini's
 * OpenAI-compatible endpoint (OpenAI's shape) and Gemini's native `usageMetadata`.
 */
import { isRecord } from '../guards';

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  /** Prompt tokens served from the provider's prompt cache. */
  readonly cachedTokens?: number;
  /** Completion tokens spent on hidden reasoning (o-series, Gemini "thoughts"). */
  readonly reasoningTokens?: number;
  /** True when the backend sent no usage and the figures come from our tokenizer. */
  readonly estimated?: boolean;
}

/** Usage in a response body or a streamed chunk, or undefined when it carries none (most streamed chunks). */
export function extractUsage(body: unknown): TokenUsage | undefined {
  if (!isRecord(body)) return undefined;
  return (
    fromOpenAi(body.usage) ?? fromGemini(body.usageMetadata) ?? (isRecord(body.response) ? fromOpenAi(body.response.usage) : undefined)
  );
}

function fromOpenAi(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  // Chat completions name them prompt/completion; the Responses API names them input/output.
  const prompt = count(usage.prompt_tokens) ?? count(usage.input_tokens);
  const completion = count(usage.completion_tokens) ?? count(usage.output_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const promptDetails = detailsOf(usage.prompt_tokens_details) ?? detailsOf(usage.input_tokens_details);
  const completionDetails = detailsOf(usage.completion_tokens_details) ?? detailsOf(usage.output_tokens_details);
  return build(
    prompt ?? 0,
    completion ?? 0,
    count(usage.total_tokens),
    count(promptDetails?.cached_tokens),
    count(completionDetails?.reasoning_tokens),
  );
}

function fromGemini(meta: unknown): TokenUsage | undefined {
  if (!isRecord(meta)) return undefined;
  const prompt = count(meta.promptTokenCount);
  const candidates = count(meta.candidatesTokenCount);
  const thoughts = count(meta.thoughtsTokenCount);
  if (prompt === undefined && candidates === undefined) return undefined;
  // Gemini bills thoughts as output but reports them apart from the candidates; OpenAI counts reasoning inside completion.
  return build(
    prompt ?? 0,
    (candidates ?? 0) + (thoughts ?? 0),
    count(meta.totalTokenCount),
    count(meta.cachedContentTokenCount),
    thoughts,
  );
}

function build(
  prompt: number,
  completion: number,
  total: number | undefined,
  cached: number | undefined,
  reasoning: number | undefined,
): TokenUsage {
  return {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: total ?? prompt + completion,
    ...(cached !== undefined ? { cachedTokens: cached } : {}),
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
  };
}

function detailsOf(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Adds usages for session totals; the sum is estimated as soon as one part is. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const sumOpt = (x?: number, y?: number): number | undefined => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  const cached = sumOpt(a.cachedTokens, b.cachedTokens);
  const reasoning = sumOpt(a.reasoningTokens, b.reasoningTokens);
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    ...(cached !== undefined ? { cachedTokens: cached } : {}),
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
    ...(a.estimated || b.estimated ? { estimated: true } : {}),
  };
}
