/** The answer the console read from a response, whichever API shape it came in (chat completions, Responses, Gemini). */
import type { TokenUsage } from './usage';

export interface ChatAnswer {
  readonly text: string;
  readonly finishReason?: string;
  readonly model?: string;
  readonly usage?: TokenUsage;
  /** Responses API: the response's id, which a next turn names as `previous_response_id`. */
  readonly responseId?: string;
  /** Responses API: whether the service stored the response (`store`), so that a next turn may name it. */
  readonly stored?: boolean;
  /** A stream that ended with an error event (Responses `error` / `response.failed`): the service's message. */
  readonly streamError?: string;
}
