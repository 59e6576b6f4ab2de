/** Validation of a chat completions request body into what the mock model needs, with OpenAI's 400 messages. */
import type { PromptMessage } from '../../domain/chat/tokenCounter';

export interface ChatRequest {
  readonly model: string | undefined;
  readonly messages: readonly PromptMessage[];
  /** `max_completion_tokens`, else `max_tokens`; undefined means the answer's natural length. */
  readonly maxTokens: number | undefined;
  readonly stream: boolean;
  readonly includeUsage: boolean;
}

export interface RequestProblem {
  readonly message: string;
  readonly param: string | null;
  readonly code: string | null;
}

export const MALFORMED_JSON: RequestProblem = {
  message:
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
  param: null,
  code: null,
};

/** Parses raw bytes as JSON; undefined when they are not JSON. */
export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function parseChatRequest(body: unknown): ChatRequest | RequestProblem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return MALFORMED_JSON;
  const b = body as Record<string, unknown>;
  if (b.messages === undefined) {
    return { message: "Missing required parameter: 'messages'.", param: 'messages', code: 'missing_required_parameter' };
  }
  if (!Array.isArray(b.messages)) {
    return { message: "Invalid type for 'messages': expected an array of objects.", param: 'messages', code: 'invalid_type' };
  }
  if (b.messages.length === 0) {
    return {
      message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      param: 'messages',
      code: 'empty_array',
    };
  }
  for (let i = 0; i < b.messages.length; i++) {
    const m: unknown = b.messages[i];
    if (typeof m !== 'object' || m === null || typeof (m as PromptMessage).role !== 'string') {
      return {
        message: `Missing required parameter: 'messages[${i}].role'.`,
        param: `messages[${i}].role`,
        code: 'missing_required_parameter',
      };
    }
  }
  const limitParam = b.max_completion_tokens !== undefined && b.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens';
  const limit = b[limitParam];
  if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    return {
      message: `Invalid '${limitParam}': integer below minimum value. Expected a value >= 1, but got ${JSON.stringify(limit)} instead.`,
      param: limitParam,
      code: 'integer_below_min_value',
    };
  }
  const streamOptions = b.stream_options;
  return {
    model: typeof b.model === 'string' ? b.model : undefined,
    messages: b.messages as PromptMessage[],
    maxTokens: typeof limit === 'number' ? limit : undefined,
    stream: b.stream === true,
    includeUsage:
      typeof streamOptions === 'object' && streamOptions !== null && (streamOptions as { include_usage?: unknown }).include_usage === true,
  };
}

export function isProblem<T extends object>(value: T | RequestProblem): value is RequestProblem {
  return 'message' in value;
}
