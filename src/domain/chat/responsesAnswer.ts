/**
 * The answer in a Responses API response (`POST …/responses`): the text of its `output_text` parts, the status, the id
 * and whether it was stored, and the usage (`input_tokens`/`output_tokens` with their details). Streamed, the text comes
 * in `response.output_text.delta` events and the final `response.completed` (or `response.incomplete`) carries the whole
 * response with its usage; `error` and `response.failed` end a stream that failed.
 */
import { isRecord } from '../guards';
import type { ChatAnswer } from './chatAnswer';
import { extractUsage } from './usage';

/** True for a body or a streamed event of the Responses API. */
export function isResponsesPayload(value: Record<string, unknown>): boolean {
  return value.object === 'response' || (typeof value.type === 'string' && (value.type.startsWith('response.') || value.type === 'error'));
}

/** The answer in a whole Responses body (`object: "response"`); undefined for anything else. */
export function responsesAnswerFromBody(body: unknown): ChatAnswer | undefined {
  if (!isRecord(body) || body.object !== 'response') return undefined;
  const usage = extractUsage(body);
  const reason = finishReasonOf(body);
  const failed = isRecord(body.error) && typeof body.error.message === 'string' ? body.error.message : undefined;
  return {
    text: outputText(body.output),
    ...(reason ? { finishReason: reason } : {}),
    ...(typeof body.model === 'string' && body.model ? { model: body.model } : {}),
    ...(usage ? { usage } : {}),
    ...(typeof body.id === 'string' && body.id ? { responseId: body.id } : {}),
    ...(typeof body.store === 'boolean' ? { stored: body.store } : {}),
    ...(failed ? { streamError: failed } : {}),
  };
}

/** Takes the events of a streamed response one at a time. */
export class ResponsesStreamAccumulator {
  private text = '';
  private final: ChatAnswer | undefined;
  private started: ChatAnswer | undefined;
  private error: string | undefined;

  /** Returns the text the event added ('' for every event but `response.output_text.delta`). */
  add(event: Record<string, unknown>): string {
    switch (event.type) {
      case 'response.output_text.delta': {
        const delta = typeof event.delta === 'string' ? event.delta : '';
        this.text += delta;
        return delta;
      }
      case 'response.created':
        this.started = responsesAnswerFromBody(event.response);
        return '';
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        this.final = responsesAnswerFromBody(event.response);
        if (this.final?.streamError) this.error = this.final.streamError;
        return '';
      case 'error':
        this.error = typeof event.message === 'string' && event.message ? event.message : 'unknown error';
        return '';
      default:
        return '';
    }
  }

  answer(): ChatAnswer {
    // The final event's text is the whole text; a stream cut before it keeps what the deltas brought.
    const base = this.final ?? this.started;
    const { streamError: _ignored, ...rest } = base ?? { text: '' };
    return {
      ...rest,
      text: this.final && this.final.text !== '' ? this.final.text : this.text,
      ...(this.error ? { streamError: this.error } : {}),
    };
  }
}

function outputText(output: unknown): string {
  if (!Array.isArray(output)) return '';
  let text = '';
  for (const item of output) {
    if (!isRecord(item) || item.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content) if (isRecord(part) && part.type === 'output_text' && typeof part.text === 'string') text += part.text;
  }
  return text;
}

/** `incomplete_details.reason` (e.g. `max_output_tokens`) when incomplete, else the status. */
function finishReasonOf(body: Record<string, unknown>): string | undefined {
  const incomplete = isRecord(body.incomplete_details) ? body.incomplete_details.reason : undefined;
  if (typeof incomplete === 'string' && incomplete) return incomplete;
  return typeof body.status === 'string' && body.status ? body.status : undefined;
}
