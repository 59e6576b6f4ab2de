/**
 * The Responses API request the console sends (`POST …/responses`): the model (deployment) in the body, the system
 * message as `instructions` (which a stored response does not carry over, so it is sent each turn), the new message as
 * `input`, and the conversation either as `previous_response_id` or as earlier `input` items (conversation.ts).
 */
import type { ChatForm, ConsoleHttpRequest, HistoryMessage } from './chatRequest';

/** OpenAI's minimum for `max_output_tokens`. */
export const MIN_OUTPUT_TOKENS = 16;

export interface ResponsesContext {
  readonly previousResponseId?: string;
  readonly history: readonly HistoryMessage[];
}

export function buildResponsesBody(form: ChatForm, context: ResponsesContext = { history: [] }): Record<string, unknown> {
  const input =
    context.history.length === 0
      ? form.userMessage
      : [...context.history, { role: 'user', content: form.userMessage }].map((m) => ({ role: m.role, content: m.content }));
  return {
    model: form.model,
    ...(form.systemMessage.trim() ? { instructions: form.systemMessage } : {}),
    input,
    ...(context.previousResponseId ? { previous_response_id: context.previousResponseId } : {}),
    ...(form.maxTokens !== undefined ? { max_output_tokens: form.maxTokens } : {}),
    ...(form.temperature !== undefined ? { temperature: form.temperature } : {}),
    ...(form.store === false ? { store: false } : {}),
    ...(form.stream ? { stream: true } : {}),
  };
}

export function buildResponsesRequest(form: ChatForm, path: string, context?: ResponsesContext): ConsoleHttpRequest {
  return {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', accept: form.stream ? 'text/event-stream' : 'application/json' },
    body: JSON.stringify(buildResponsesBody(form, context), null, 2),
  };
}
