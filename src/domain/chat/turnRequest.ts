/**
 * The HTTP request of one conversation turn from the form: chat completions with the earlier turns as messages, or the
 * Responses API continuing the conversation (responsesRequest.ts). The host sends it and the webview's "Raw request"
 * starts from it, so both build it here.
 */
import { buildChatRequest, type ChatApiKind, type ChatForm, type ConsoleHttpRequest } from './chatRequest';
import { EMPTY_CONVERSATION, historyMessages, responsesContinuation, type Conversation } from './conversation';
import { buildResponsesRequest } from './responsesRequest';

export interface TurnPaths {
  /** The chat completions path (model inference adds its `api-version`). */
  readonly chatPath: string;
  /** The Responses API path, when the API has that operation. */
  readonly responsesPath?: string;
}

export function buildTurnRequest(
  kind: Exclude<ChatApiKind, 'passthrough'>,
  form: ChatForm,
  paths: TurnPaths,
  conversation: Conversation = EMPTY_CONVERSATION,
): ConsoleHttpRequest {
  if (form.operation === 'responses' && paths.responsesPath) {
    return buildResponsesRequest(form, paths.responsesPath, responsesContinuation(conversation, form.store !== false));
  }
  return buildChatRequest(kind, form, paths.chatPath, historyMessages(conversation));
}

/**
 * The whole conversation as one request that stands alone ("Copy conversation as curl"): its last turn sent again
 * with every earlier turn inlined, so it runs anywhere, also where the stored responses are gone.
 */
export function buildReplayRequest(
  kind: Exclude<ChatApiKind, 'passthrough'>,
  form: ChatForm,
  paths: TurnPaths,
  conversation: Conversation,
): ConsoleHttpRequest | undefined {
  const last = conversation.turns.at(-1);
  if (!last) return undefined;
  const earlier: Conversation = { turns: conversation.turns.slice(0, -1) };
  const replayed: ChatForm = { ...form, userMessage: last.user, operation: last.operation };
  if (last.operation === 'responses' && paths.responsesPath) {
    return buildResponsesRequest(replayed, paths.responsesPath, responsesContinuation(earlier, false));
  }
  return buildChatRequest(kind, replayed, paths.chatPath, historyMessages(earlier));
}
