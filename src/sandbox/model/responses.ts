/**
 * The Responses API of the mock (`POST …/responses`): a request's `instructions`, `input` (a string or message items)
 * and `previous_response_id` become the conversation the model answers, with real token counts. Stored responses are
 * kept in memory per sandbox, so a second turn that names the first one's id is answered knowing the whole history
 * (the answer names the first question: see `answerWithHistory`). Streamed answers follow OpenAI's event sequence.
 */
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { countChatPromptTokens, messageText, type PromptMessage, tokenizer } from '../../domain/chat/tokenCounter';
import { answerWithHistory, completionId } from './answer';
import type { RequestProblem } from './chatRequest';
import { textPieces } from './completion';
import { sendJson, sendOpenAiError } from './errors';

export interface ResponsesRequest {
  readonly model: string;
  readonly instructions: string | undefined;
  /** The request's own input, as messages. */
  readonly input: readonly PromptMessage[];
  readonly previousResponseId: string | undefined;
  readonly maxOutputTokens: number | undefined;
  readonly stream: boolean;
  readonly store: boolean;
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

interface StoredResponse {
  /** The conversation up to and including this response's answer (instructions are not carried over, as in OpenAI). */
  readonly history: readonly PromptMessage[];
}

/** OpenAI's minimum for `max_output_tokens`. */
const MIN_OUTPUT_TOKENS = 16;
/** A bound on remembered responses per sandbox: the oldest are forgotten first. */
const MAX_STORED = 2000;

const stores = new WeakMap<object, Map<string, StoredResponse>>();
function storeOf(owner: object): Map<string, StoredResponse> {
  let s = stores.get(owner);
  if (!s) stores.set(owner, (s = new Map<string, StoredResponse>()));
  return s;
}

export function parseResponsesRequest(body: unknown): ResponsesRequest | RequestProblem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { message: "Missing required parameter: 'model'.", param: 'model', code: 'missing_required_parameter' };
  }
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '') {
    return { message: "Missing required parameter: 'model'.", param: 'model', code: 'missing_required_parameter' };
  }
  const input = inputMessages(b.input);
  if (typeof input === 'string') return { message: input, param: 'input', code: 'invalid_type' };
  const limit = b.max_output_tokens;
  if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < MIN_OUTPUT_TOKENS)) {
    return {
      message: `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${JSON.stringify(limit)} instead.`,
      param: 'max_output_tokens',
      code: 'integer_below_min_value',
    };
  }
  const previous = b.previous_response_id;
  if (previous !== undefined && previous !== null && typeof previous !== 'string') {
    return { message: "Invalid type for 'previous_response_id': expected a string.", param: 'previous_response_id', code: 'invalid_type' };
  }
  return {
    model: b.model,
    instructions: typeof b.instructions === 'string' && b.instructions !== '' ? b.instructions : undefined,
    input,
    previousResponseId: typeof previous === 'string' ? previous : undefined,
    maxOutputTokens: typeof limit === 'number' ? limit : undefined,
    stream: b.stream === true,
    store: b.store !== false,
  };
}

/** `input` as messages, or the error sentence. Item content may be a string or `input_text`/`output_text` parts. */
function inputMessages(input: unknown): PromptMessage[] | string {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) return "Invalid type for 'input': expected a string or an array of input items.";
  const out: PromptMessage[] = [];
  for (let i = 0; i < input.length; i++) {
    const item: unknown = input[i];
    if (typeof item !== 'object' || item === null || typeof (item as { role?: unknown }).role !== 'string') {
      return `Invalid 'input[${i}]': expected a message item with a 'role'.`;
    }
    const { role, content } = item as { role: string; content?: unknown };
    out.push({ role, content: messageText(content) });
  }
  return out;
}

export interface ResponseResult {
  readonly body: Record<string, unknown>;
  readonly text: string;
  readonly tokens: readonly number[];
  readonly itemId: string;
}

/** Answers a Responses request for `model` (as the deployment reports it), remembering it when `store` is on. */
export function answerResponses(
  res: ServerResponse,
  owner: object,
  request: ResponsesRequest,
  model: string,
  nowMs = Date.now(),
): void | Promise<void> {
  const store = storeOf(owner);
  const earlier = request.previousResponseId ? store.get(request.previousResponseId) : undefined;
  if (request.previousResponseId && !earlier) {
    return sendOpenAiError(res, 400, `Previous response with id '${request.previousResponseId}' not found.`, {
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  }
  const conversation = [...(earlier?.history ?? []), ...request.input];
  const prompt = request.instructions ? [{ role: 'system', content: request.instructions }, ...conversation] : conversation;
  const result = buildResponse(request, prompt, model, nowMs);
  if (request.store) {
    store.set(String(result.body.id), { history: [...conversation, { role: 'assistant', content: result.text }] });
    if (store.size > MAX_STORED) store.delete(store.keys().next().value as string);
  }
  return request.stream ? streamResponse(res, result) : sendJson(res, 200, result.body);
}

function buildResponse(request: ResponsesRequest, prompt: readonly PromptMessage[], model: string, nowMs: number): ResponseResult {
  const full = tokenizer.encode(answerWithHistory(prompt));
  const truncated = request.maxOutputTokens !== undefined && request.maxOutputTokens < full.length;
  const tokens = truncated ? full.slice(0, request.maxOutputTokens) : full;
  const text = tokenizer.decode(tokens);
  const inputTokens = countChatPromptTokens(prompt);
  const usage: ResponsesUsage = {
    input_tokens: inputTokens,
    // The mock has no prompt cache and no reasoning: the details are present, as the real API sends them, and zero.
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: tokens.length,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + tokens.length,
  };
  const itemId = completionId('msg').replace('-', '_');
  const status = truncated ? 'incomplete' : 'completed';
  const body: Record<string, unknown> = {
    id: completionId('resp').replace('-', '_'),
    object: 'response',
    created_at: Math.floor(nowMs / 1000),
    status,
    error: null,
    incomplete_details: truncated ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.maxOutputTokens ?? null,
    model,
    output: [
      {
        id: itemId,
        type: 'message',
        status,
        role: 'assistant',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    ],
    parallel_tool_calls: true,
    previous_response_id: request.previousResponseId ?? null,
    reasoning: { effort: null, summary: null },
    store: request.store,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  };
  return { body, text, tokens, itemId };
}

/**
 * The SSE events of a streamed response, in OpenAI's order: `response.created`, `response.in_progress`,
 * `response.output_item.added`, `response.content_part.added`, `response.output_text.delta`…, `response.output_text.done`,
 * `response.content_part.done`, `response.output_item.done`, then `response.completed` (or `response.incomplete`) with
 * the usage. Each has an `event:` line and a `sequence_number`; there is no `[DONE]`.
 */
export function responseEvents(result: ResponseResult): Array<{ type: string; data: Record<string, unknown> }> {
  const { body, text, itemId } = result;
  const pending = { ...body, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  const part = { type: 'output_text', text: '', annotations: [] };
  const at = { item_id: itemId, output_index: 0, content_index: 0 };
  const item = (body.output as Array<Record<string, unknown>>)[0];
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: pending },
    { type: 'response.in_progress', response: pending },
    { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } },
    { type: 'response.content_part.added', ...at, part },
    ...textPieces(result.tokens, text).map((delta) => ({ type: 'response.output_text.delta', ...at, delta, logprobs: [] })),
    { type: 'response.output_text.done', ...at, text, logprobs: [] },
    { type: 'response.content_part.done', ...at, part: { ...part, text } },
    { type: 'response.output_item.done', output_index: 0, item },
    { type: body.status === 'completed' ? 'response.completed' : 'response.incomplete', response: body },
  ];
  return events.map((e, i) => ({ type: String(e.type), data: { ...e, sequence_number: i } }));
}

async function streamResponse(res: ServerResponse, result: ResponseResult): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  for (const e of responseEvents(result)) {
    if (res.destroyed) return;
    res.write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
    await nextTurn();
  }
  res.end();
}
