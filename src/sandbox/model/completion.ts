/** A chat completion computed from a request: answer tokens, truncation to the token limit, and real usage. */
import { countChatPromptTokens, tokenizer } from '../../domain/chat/tokenCounter';
import { answerFor, completionId } from './answer';
import type { ChatRequest } from './chatRequest';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

export interface Completion {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  /** The answer's tokens, already cut to the request's limit. */
  readonly tokens: readonly number[];
  readonly text: string;
  readonly finishReason: 'stop' | 'length';
  readonly usage: Usage;
}

export function complete(
  request: ChatRequest,
  model: string,
  nowMs = Date.now(),
  answerOf: (messages: ChatRequest['messages']) => string = answerFor,
): Completion {
  const full = tokenizer.encode(answerOf(request.messages));
  const truncated = request.maxTokens !== undefined && request.maxTokens < full.length;
  const tokens = truncated ? full.slice(0, request.maxTokens) : full;
  const promptTokens = countChatPromptTokens(request.messages);
  return {
    id: completionId('chatcmpl'),
    created: Math.floor(nowMs / 1000),
    model,
    tokens,
    text: tokenizer.decode(tokens),
    finishReason: truncated ? 'length' : 'stop',
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: tokens.length,
      total_tokens: promptTokens + tokens.length,
      // The mock has no prompt cache and no reasoning: the details are present, as the real APIs send them, and zero.
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
  };
}

export function completionBody(c: Completion): Record<string, unknown> {
  return {
    id: c.id,
    object: 'chat.completion',
    created: c.created,
    model: c.model,
    choices: [{ index: 0, message: { role: 'assistant', content: c.text, refusal: null }, logprobs: null, finish_reason: c.finishReason }],
    usage: c.usage,
    system_fingerprint: 'fp_sandbox',
  };
}

/** How many answer tokens each streamed chunk carries: small, so that a client sees the answer grow. */
const TOKENS_PER_CHUNK = 3;

/**
 * The SSE `data:` payloads of a streamed completion, in order: a role chunk, content chunks, the finish chunk, the usage
 * chunk when asked for (`choices: []`, as OpenAI sends it), then `[DONE]`. Each content chunk is the part of the final
 * text that a growing token prefix has settled, so a character split across tokens (or a surrogate pair) is never
 * cut, and the chunks join to exactly the non-streamed text.
 */
export function streamPayloads(c: Completion, includeUsage: boolean): string[] {
  const base = { id: c.id, object: 'chat.completion.chunk', created: c.created, model: c.model, system_fingerprint: 'fp_sandbox' };
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finish: string | null): string =>
    JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...usageField });
  const out = [chunk({ role: 'assistant', content: '', refusal: null }, null)];
  for (const piece of textPieces(c.tokens, c.text)) out.push(chunk({ content: piece }, null));
  out.push(chunk({}, c.finishReason));
  if (includeUsage) out.push(JSON.stringify({ ...base, choices: [], usage: c.usage }));
  out.push('[DONE]');
  return out;
}

/** The text in streamable pieces: each one what a growing prefix of the tokens has settled (never a split character). */
export function textPieces(tokens: readonly number[], text: string): string[] {
  const out: string[] = [];
  let emitted = 0;
  for (let i = TOKENS_PER_CHUNK; emitted < text.length; i += TOKENS_PER_CHUNK) {
    let settled = i >= tokens.length ? text.length : commonPrefixLength(tokenizer.decode(tokens.slice(0, i)), text);
    if (settled < text.length && isHighSurrogate(text.charCodeAt(settled - 1))) settled--;
    if (settled > emitted) {
      out.push(text.slice(emitted, settled));
      emitted = settled;
    }
  }
  return out;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
