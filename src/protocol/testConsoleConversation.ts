/**
 * The parser of a conversation transcript as it crosses the webview boundary: with each turn the console sends, and
 * in the tab's saved state. Bounded so that a forged message cannot make the host hold megabytes; the sending limit
 * itself (MAX_TRANSCRIPT_CHARS) is the domain's, which answers with a sentence rather than a rejection.
 */
import { CHAT_OPERATIONS } from '../domain/chat/chatRequest';
import { MAX_TURNS, type Conversation, type ConversationTurn } from '../domain/chat/conversation';
import type { TokenUsage } from '../domain/chat/usage';
import { fail, isRecord, ok, readBoolean, readNumber, readOneOf, readString, type Parsed } from '../domain/guards';

/** One answer may be long (the raw body is kept up to 1 MB); a transcript past the sending limit is still kept. */
const MAX_TURN_TEXT = 1_000_000;
const MAX_TOTAL_TEXT = 2_000_000;
/** Responses ids are `resp_` and hex; other services use their own, still short and plain. */
const RESPONSE_ID = /^[\w.:-]{1,200}$/;

export function parseConversation(raw: unknown): Parsed<Conversation> {
  if (!isRecord(raw) || !Array.isArray(raw.turns)) return fail('"conversation" must be an object with a list of "turns".');
  // The webview refuses a turn past MAX_TURNS with a sentence; the saved state may hold one more than it sends.
  if (raw.turns.length > MAX_TURNS + 1) return fail(`"conversation" has more than ${MAX_TURNS + 1} turns.`);
  const turns: ConversationTurn[] = [];
  let total = 0;
  for (let i = 0; i < raw.turns.length; i++) {
    const turn = parseTurn(raw.turns[i] as unknown);
    if (!turn.ok) return fail(`turn ${i + 1}: ${turn.error}`);
    total += turn.value.user.length + turn.value.assistant.length;
    if (total > MAX_TOTAL_TEXT) return fail(`"conversation" holds more than ${MAX_TOTAL_TEXT} characters.`);
    turns.push(turn.value);
  }
  return ok({ turns });
}

function parseTurn(raw: unknown): Parsed<ConversationTurn> {
  if (!isRecord(raw)) return fail('a turn must be an object.');
  const operation = readOneOf(raw, 'operation', CHAT_OPERATIONS);
  if (!operation.ok) return operation;
  const user = readString(raw, 'user', { maxLength: MAX_TURN_TEXT });
  if (!user.ok) return user;
  const assistant = readString(raw, 'assistant', { maxLength: MAX_TURN_TEXT });
  if (!assistant.ok) return assistant;
  const responseId = readString(raw, 'responseId', { optional: true, maxLength: 200 });
  if (!responseId.ok) return responseId;
  if (responseId.value !== undefined && !RESPONSE_ID.test(responseId.value)) return fail('"responseId" is not a response id.');
  const model = readString(raw, 'model', { optional: true, maxLength: 200 });
  if (!model.ok) return model;
  const usage = raw.usage === undefined ? ok(undefined) : parseUsage(raw.usage);
  if (!usage.ok) return usage;
  return ok({
    operation: operation.value,
    user: user.value!,
    assistant: assistant.value!,
    ...(responseId.value !== undefined ? { responseId: responseId.value } : {}),
    ...(model.value !== undefined ? { model: model.value } : {}),
    ...(usage.value ? { usage: usage.value } : {}),
  });
}

export function parseUsage(raw: unknown): Parsed<TokenUsage> {
  if (!isRecord(raw)) return fail('"usage" must be an object.');
  const figures: Partial<Record<'promptTokens' | 'completionTokens' | 'totalTokens' | 'cachedTokens' | 'reasoningTokens', number>> = {};
  for (const field of ['promptTokens', 'completionTokens', 'totalTokens', 'cachedTokens', 'reasoningTokens'] as const) {
    const optional = field === 'cachedTokens' || field === 'reasoningTokens';
    const v = readNumber(raw, field, { optional, integer: true, min: 0, max: 100_000_000 });
    if (!v.ok) return v;
    if (v.value !== undefined) figures[field] = v.value;
  }
  const estimated = readBoolean(raw, 'estimated', { optional: true });
  if (!estimated.ok) return estimated;
  return ok({
    promptTokens: figures.promptTokens!,
    completionTokens: figures.completionTokens!,
    totalTokens: figures.totalTokens!,
    ...(figures.cachedTokens !== undefined ? { cachedTokens: figures.cachedTokens } : {}),
    ...(figures.reasoningTokens !== undefined ? { reasoningTokens: figures.reasoningTokens } : {}),
    ...(estimated.value ? { estimated: true } : {}),
  });
}
