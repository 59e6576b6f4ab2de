/**
 * Usage figures when the backend sent none (a stream without include_usage, a passthrough backend): counted with
 * the tokenizer and marked estimated. The tokenizer loads on the first estimate, not at activation.
 */
import { isRecord } from '../guards';
import { contentText } from './chatResponse';
import type { PromptMessage } from './tokenCounter';
import type { TokenUsage } from './usage';

type TokenCounter = typeof import('./tokenCounter.js');
let loading: Promise<TokenCounter> | undefined;

function loadCounter(): Promise<TokenCounter> {
  return (loading ??= import('./tokenCounter.js'));
}

/** Estimates usage of a request body (JSON text) and the answer it got. */
export async function estimateUsage(requestBody: string | undefined, answerText: string): Promise<TokenUsage> {
  const counter = await loadCounter();
  const request = parseJson(requestBody);
  const messages = chatMessagesOf(request);
  const promptTokens = messages ? counter.countChatPromptTokens(messages) : counter.countInputTokens(requestBody ?? '');
  const completionTokens = counter.countInputTokens(answerText);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, estimated: true };
}

/** Chat `messages`, or a Responses request's `instructions` and `input` (a string or message items). */
function chatMessagesOf(request: unknown): PromptMessage[] | undefined {
  if (!isRecord(request)) return undefined;
  const toMessage = (m: Record<string, unknown>): PromptMessage => ({
    role: typeof m.role === 'string' ? m.role : '',
    content: contentText(m.content),
  });
  if (Array.isArray(request.messages)) return request.messages.filter(isRecord).map(toMessage);
  if (request.input === undefined) return undefined;
  const input =
    typeof request.input === 'string'
      ? [{ role: 'user', content: request.input }]
      : Array.isArray(request.input)
        ? request.input.filter(isRecord).map(toMessage)
        : [];
  return typeof request.instructions === 'string' ? [{ role: 'system', content: request.instructions }, ...input] : input;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
