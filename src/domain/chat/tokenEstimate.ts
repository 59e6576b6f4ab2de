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

function chatMessagesOf(request: unknown): PromptMessage[] | undefined {
  if (!isRecord(request) || !Array.isArray(request.messages)) return undefined;
  return request.messages
    .filter(isRecord)
    .map((m) => ({ role: typeof m.role === 'string' ? m.role : '', content: contentText(m.content) }));
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
