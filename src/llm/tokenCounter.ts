/**
 * The heavy half of token estimation: the BPE tables of gpt-tokenizer (megabytes). Only `tokenEstimate.ts` imports
 * it, lazily, and the build puts it in its own bundle, so activation never pays for it.
 */
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';

export interface ChatMessageText {
  readonly role: string;
  readonly content: string;
}

/** gpt-4o and newer OpenAI models use o200k_base; older and non-OpenAI models are closest to cl100k_base. */
function countFor(model: string | undefined): (text: string) => number {
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o)/i.test(model ?? '') ? o200k.countTokens : cl100k.countTokens;
}

/** OpenAI's documented chat accounting: 3 framing tokens per message plus 3 to prime the reply. */
export function countPromptTokens(messages: readonly ChatMessageText[], model: string | undefined): number {
  const count = countFor(model);
  return messages.reduce((sum, m) => sum + 3 + count(m.role) + count(m.content), 3);
}

export function countTextTokens(text: string, model: string | undefined): number {
  return countFor(model)(text);
}
