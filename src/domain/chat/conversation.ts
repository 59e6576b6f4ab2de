/**
 * A conversation as the test console keeps it per tab: the turns answered so far (what the user wrote, what the model
 * answered, its usage and, for the Responses API, the stored response's id). Pure: the webview keeps it in its state
 * and sends it with each turn; the host builds the request from it. It never holds a key.
 *
 * How the next turn carries the history:
 * - chat completions: every earlier turn as `user`/`assistant` messages;
 * - Responses API: `previous_response_id` when the last turn's response was stored (the service holds the history),
 *   otherwise the earlier turns as `input` items (a service that does not store responses, or `store: false`).
 */
import type { ChatOperation, HistoryMessage } from './chatRequest';
import { addUsage, type TokenUsage } from './usage';

export interface ConversationTurn {
  readonly operation: ChatOperation;
  readonly user: string;
  readonly assistant: string;
  /** Responses API: the id of the stored response (absent when the service did not store it). */
  readonly responseId?: string;
  readonly model?: string;
  readonly usage?: TokenUsage;
}

export interface Conversation {
  readonly turns: readonly ConversationTurn[];
}

export const EMPTY_CONVERSATION: Conversation = { turns: [] };

/**
 * The most text one turn may carry: the transcript plus the new message, about 100,000 tokens. Past it a model's
 * context window (128,000 tokens for gpt-4o and gpt-4o-mini, with room left for the answer) would overflow, and every
 * chat turn sends it all again.
 */
export const MAX_TRANSCRIPT_CHARS = 400_000;

/** Turns kept at most: the transcript lives in the tab's saved state, which VS Code writes to disk. */
export const MAX_TURNS = 200;

export function addTurn(conversation: Conversation, turn: ConversationTurn): Conversation {
  return { turns: [...conversation.turns, turn] };
}

/** The sum of every turn's usage; undefined before any turn reported usage. */
export function conversationUsage(conversation: Conversation): TokenUsage | undefined {
  let total: TokenUsage | undefined;
  for (const turn of conversation.turns) if (turn.usage) total = total ? addUsage(total, turn.usage) : turn.usage;
  return total;
}

/** The transcript's characters with the system message and the next user message. */
export function transcriptChars(conversation: Conversation, systemMessage: string, userMessage: string): number {
  return conversation.turns.reduce((n, t) => n + t.user.length + t.assistant.length, systemMessage.length + userMessage.length);
}

/** One sentence when the next turn would be too large to send; the transcript is not touched. */
export function checkTranscriptSize(conversation: Conversation, systemMessage: string, userMessage: string): string | undefined {
  if (conversation.turns.length >= MAX_TURNS) {
    return `This conversation has ${conversation.turns.length} turns, the most the console keeps in a tab (${MAX_TURNS}, because VS Code saves the transcript with the tab). Copy it as code or start a new conversation; nothing was sent and the transcript is kept.`;
  }
  const chars = transcriptChars(conversation, systemMessage, userMessage);
  if (chars <= MAX_TRANSCRIPT_CHARS) return undefined;
  return `This conversation is too long to continue: with the new message it holds ${chars.toLocaleString('en-US')} characters, and a turn carries at most ${MAX_TRANSCRIPT_CHARS.toLocaleString('en-US')} (about 100,000 tokens, near the 128,000-token context window of gpt-4o models). Start a new conversation or shorten the message; nothing was sent and the transcript is kept.`;
}

/** Every earlier turn as chat messages. */
export function historyMessages(conversation: Conversation): HistoryMessage[] {
  return conversation.turns.flatMap((t): HistoryMessage[] => [
    { role: 'user', content: t.user },
    { role: 'assistant', content: t.assistant },
  ]);
}

export type ResponsesContinuation =
  | { readonly previousResponseId: string; readonly history: readonly [] }
  | { readonly previousResponseId?: undefined; readonly history: readonly HistoryMessage[] };

/**
 * How a Responses turn continues the conversation: by the last turn's stored response id when `store` is on and that
 * turn has one (its stored history covers every turn before it), else by sending the earlier turns as input.
 */
export function responsesContinuation(conversation: Conversation, store: boolean): ResponsesContinuation {
  const last = conversation.turns.at(-1);
  if (store && last?.operation === 'responses' && last.responseId) return { previousResponseId: last.responseId, history: [] };
  return { history: historyMessages(conversation) };
}
