/** Token usage read from LLM responses: a JSON body's `usage`, or the SSE events of a streamed one. */
import { tokenizer } from '../../domain/chat/tokenCounter';
import type { TokenUsage } from './call';

export function usageFromObject(value: unknown): TokenUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const usage = (value as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  const prompt = typeof u.prompt_tokens === 'number' ? u.prompt_tokens : typeof u.input_tokens === 'number' ? u.input_tokens : 0;
  const completion =
    typeof u.completion_tokens === 'number' ? u.completion_tokens : typeof u.output_tokens === 'number' ? u.output_tokens : 0;
  const total = typeof u.total_tokens === 'number' ? u.total_tokens : prompt + completion;
  return { promptTokens: prompt, completionTokens: completion, totalTokens: total };
}

export function usageFromJsonBody(body: Buffer): TokenUsage | undefined {
  try {
    return usageFromObject(JSON.parse(body.toString('utf8')));
  } catch {
    return undefined;
  }
}

/** Watches a response body as it streams through, to learn its token usage at the end. */
export interface UsageTap {
  push(chunk: Buffer): void;
  result(estimatedPromptTokens: number): TokenUsage | undefined;
  /** The whole body when the tap kept it (JSON), else undefined. */
  body(): Buffer | undefined;
  /** The assistant text of an event stream, else undefined. */
  text(): string | undefined;
}

export function usageTapFor(contentType: string | undefined): UsageTap | undefined {
  if (/text\/event-stream/i.test(contentType ?? '')) return new SseUsageTap();
  if (/json/i.test(contentType ?? '')) return new JsonUsageTap();
  return undefined;
}

/** A JSON body streamed through (buffer-response="false"): kept aside, up to a bound, and parsed at the end. */
class JsonUsageTap implements UsageTap {
  private static readonly LIMIT = 4 * 1024 * 1024;
  private readonly chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size <= JsonUsageTap.LIMIT) this.chunks.push(chunk);
  }

  result(): TokenUsage | undefined {
    const body = this.body();
    return body ? usageFromJsonBody(body) : undefined;
  }

  body(): Buffer | undefined {
    return this.size <= JsonUsageTap.LIMIT ? Buffer.concat(this.chunks) : undefined;
  }

  text(): undefined {
    return undefined;
  }
}

/**
 * Watches an SSE stream as it passes through: remembers the last `usage` seen (the final chunk with
 * `stream_options.include_usage`) and the streamed content, so that when no usage comes the completion tokens can
 * still be counted with the tokenizer.
 */
export class SseUsageTap implements UsageTap {
  private pending = '';
  private usage: TokenUsage | undefined;
  private content = '';

  push(chunk: Buffer): void {
    this.pending += chunk.toString('utf8');
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl).replace(/\r$/, '');
      this.pending = this.pending.slice(nl + 1);
      if (line.startsWith('data:')) this.onData(line.slice(5).trim());
    }
  }

  /** The reported usage, else prompt tokens as estimated plus the streamed content counted with the tokenizer. */
  result(estimatedPromptTokens: number): TokenUsage {
    if (this.usage) return this.usage;
    const completion = this.content === '' ? 0 : tokenizer.count(this.content);
    return { promptTokens: estimatedPromptTokens, completionTokens: completion, totalTokens: estimatedPromptTokens + completion };
  }

  body(): undefined {
    return undefined;
  }

  text(): string {
    return this.content;
  }

  private onData(data: string): void {
    if (data === '' || data === '[DONE]') return;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    // Chat completions put `usage` on the last chunk; the Responses API on `response.completed`'s `response`.
    const usage = usageFromObject(event) ?? usageFromObject((event as { response?: unknown } | null)?.response);
    if (usage) this.usage = usage;
    const delta = event as { type?: unknown; delta?: unknown };
    if (delta.type === 'response.output_text.delta' && typeof delta.delta === 'string') this.content += delta.delta;
    const e = event as { choices?: Array<{ delta?: { content?: unknown } }> };
    for (const choice of Array.isArray(e.choices) ? e.choices : []) {
      if (typeof choice.delta?.content === 'string') this.content += choice.delta.content;
    }
  }
}
