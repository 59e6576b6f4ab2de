/**
 * Token counting with a real BPE tokenizer, shared by the sandbox (the usage the mock model reports, the prompt
 * estimates of the token-limit policies) and the test console (estimates when a backend sent no usage), so that both
 * count alike.
 *
 * One encoding, o200k_base: the tokenizer of gpt-4o, gpt-4.1, gpt-5 and the o-series. Older OpenAI models (cl100k_base)
 * and other vendors' models tokenize differently by a few percent; a second table would add about 0.4 MB to the
 * package for that. The table is megabytes, so the build ships it compressed in a file of its own, loaded on first use,
 * and activation never imports this module.
 */
import { countTokens, decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

export interface Tokenizer {
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  count(text: string): number;
}

export const tokenizer: Tokenizer = {
  encode: (text) => encode(text),
  decode: (tokens) => decode(tokens),
  count: (text) => countTokens(text),
};

/** A chat message as the OpenAI chat API receives it; `content` may be text or an array of parts. */
export interface PromptMessage {
  readonly role?: unknown;
  readonly name?: unknown;
  readonly content?: unknown;
}

/** The text of a message's content: a string, or the `text` of its text parts. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .join('');
}

/**
 * Prompt tokens of a chat request, counted the way OpenAI documents it for its chat models: each message costs its
 * role and content tokens plus 3 framing tokens (plus 1 for a `name`), and every reply is primed with 3 more.
 */
export function countChatPromptTokens(messages: readonly PromptMessage[]): number {
  let total = 3;
  for (const m of messages) {
    total += 3 + tokenizer.count(typeof m.role === 'string' ? m.role : '') + tokenizer.count(messageText(m.content));
    if (typeof m.name === 'string') total += 1 + tokenizer.count(m.name);
  }
  return total;
}

/** Tokens of plain text, or of an embeddings input (a string or an array of strings). */
export function countInputTokens(input: unknown): number {
  if (typeof input === 'string') return tokenizer.count(input);
  if (Array.isArray(input)) return input.reduce((n: number, s: unknown) => n + (typeof s === 'string' ? tokenizer.count(s) : 0), 0);
  return 0;
}
