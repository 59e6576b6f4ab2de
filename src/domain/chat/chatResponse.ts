/**
 * The answer inside a chat response: text and finish reason from a whole body, or accumulated from streamed chunks,
 * for OpenAI-style chat completions (also Azure OpenAI and Gemini's compatible endpoint), Gemini's native shape and
 * the Responses API (responsesAnswer.ts), recognised by what the body or the first event looks like, so that a raw
 * request reads the same as the form's.
 * Usage is kept from the last chunk that carried it: with `include_usage` that is the final chunk with `choices: []`.
 */
import { isRecord } from '../guards';
import type { ChatAnswer } from './chatAnswer';
import { isResponsesPayload, responsesAnswerFromBody, ResponsesStreamAccumulator } from './responsesAnswer';
import { extractUsage, type TokenUsage } from './usage';

export type { ChatAnswer };

export class ChatStreamAccumulator {
  private text = '';
  private finishReason: string | undefined;
  private model: string | undefined;
  private usage: TokenUsage | undefined;
  private responses: ResponsesStreamAccumulator | undefined;

  /** Takes one parsed chunk and returns the text it added ('' for role-only, filter-result and usage chunks). */
  add(chunk: unknown): string {
    if (!isRecord(chunk)) return '';
    if (this.responses || isResponsesPayload(chunk)) return (this.responses ??= new ResponsesStreamAccumulator()).add(chunk);
    if (typeof chunk.model === 'string' && chunk.model) this.model = chunk.model;
    this.usage = extractUsage(chunk) ?? this.usage;
    const choice = firstChoice(chunk);
    if (!choice) return '';
    const reason = finishReasonOf(choice);
    if (reason) this.finishReason = reason;
    const delta = isRecord(choice.delta) ? contentText(choice.delta.content) : textOfGemini(choice);
    this.text += delta;
    return delta;
  }

  answer(): ChatAnswer {
    if (this.responses) return this.responses.answer();
    return {
      text: this.text,
      ...(this.finishReason !== undefined ? { finishReason: this.finishReason } : {}),
      ...(this.model !== undefined ? { model: this.model } : {}),
      ...(this.usage !== undefined ? { usage: this.usage } : {}),
    };
  }
}

/** The answer in a non-streamed body; undefined when the body is not a chat response (passthrough APIs, errors). */
export function answerFromBody(body: unknown): ChatAnswer | undefined {
  if (!isRecord(body)) return undefined;
  if (body.object === 'response') return responsesAnswerFromBody(body);
  const choice = firstChoice(body);
  const usage = extractUsage(body);
  if (!choice && !usage) return undefined;
  const text = choice ? (isRecord(choice.message) ? contentText(choice.message.content) : textOfGemini(choice)) : '';
  const reason = choice ? finishReasonOf(choice) : undefined;
  return {
    text,
    ...(reason !== undefined ? { finishReason: reason } : {}),
    ...(typeof body.model === 'string' ? { model: body.model } : typeof body.modelVersion === 'string' ? { model: body.modelVersion } : {}),
    ...(usage !== undefined ? { usage } : {}),
  };
}

function firstChoice(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const list = Array.isArray(body.choices) ? body.choices : Array.isArray(body.candidates) ? body.candidates : undefined;
  const first: unknown = list?.[0];
  return isRecord(first) ? first : undefined;
}

function finishReasonOf(choice: Record<string, unknown>): string | undefined {
  const reason = choice.finish_reason ?? choice.finishReason;
  return typeof reason === 'string' && reason ? reason : undefined;
}

/** Content is a string, or (newer APIs) a list of parts with `text`. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function textOfGemini(candidate: Record<string, unknown>): string {
  return isRecord(candidate.content) ? contentText(candidate.content.parts) : '';
}
