/**
 * Token counting for the sandbox, shared by the mock model (usage it reports) and the gateway (prompt estimates of the
 * token-limit policies), so that both agree to the token. gpt-4o, gpt-4.1, gpt-5 and o-series models use o200k_base;
 * older models (gpt-4, gpt-3.5, ada embeddings) and non-OpenAI models fall back to cl100k_base.
 */
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';

export interface Tokenizer {
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  count(text: string): number;
}

const o200kTokenizer: Tokenizer = {
  encode: (text) => o200k.encode(text),
  decode: (tokens) => o200k.decode(tokens),
  count: (text) => o200k.countTokens(text),
};

const cl100kTokenizer: Tokenizer = {
  encode: (text) => cl100k.encode(text),
  decode: (tokens) => cl100k.decode(tokens),
  count: (text) => cl100k.countTokens(text),
};

export function tokenizerFor(model: string | undefined): Tokenizer {
  const m = (model ?? '').toLowerCase();
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|text-embedding-3)/.test(m) ? o200kTokenizer : cl100kTokenizer;
}

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
    .map((part: unknown) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
    .join('');
}

/**
 * Prompt tokens of a chat request, counted the way OpenAI documents it for its chat models: each message costs its
 * role and content tokens plus 3 framing tokens (plus 1 for a `name`), and every reply is primed with 3 more.
 */
export function countChatPromptTokens(messages: readonly PromptMessage[], model: string | undefined): number {
  const t = tokenizerFor(model);
  let total = 3;
  for (const m of messages) {
    total += 3 + t.count(typeof m.role === 'string' ? m.role : '') + t.count(messageText(m.content));
    if (typeof m.name === 'string') total += 1 + t.count(m.name);
  }
  return total;
}

/** Tokens of an embeddings input (a string or an array of strings). */
export function countInputTokens(input: unknown, model: string | undefined): number {
  const t = tokenizerFor(model);
  if (typeof input === 'string') return t.count(input);
  if (Array.isArray(input)) return input.reduce((n: number, s: unknown) => n + (typeof s === 'string' ? t.count(s) : 0), 0);
  return 0;
}
