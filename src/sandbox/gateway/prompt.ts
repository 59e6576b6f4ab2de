/** The chat request inside a gateway call, parsed once and shared by the LLM policies. */
import { countChatPromptTokens, messageText, type PromptMessage } from '../../domain/chat/tokenCounter';
import type { GatewayCall } from './call';

export interface ChatPrompt {
  readonly messages: readonly PromptMessage[];
  readonly stream: boolean;
}

const parsed = new WeakMap<GatewayCall, ChatPrompt | undefined>();

/** The request body as a chat request, or undefined when it is not one (then LLM policies have nothing to inspect). */
export function chatPrompt(call: GatewayCall): ChatPrompt | undefined {
  if (parsed.has(call)) return parsed.get(call);
  let prompt: ChatPrompt | undefined;
  try {
    const body = JSON.parse(call.request.body.toString('utf8')) as Record<string, unknown>;
    if (Array.isArray(body.messages)) {
      prompt = { messages: body.messages as PromptMessage[], stream: body.stream === true };
    } else if (typeof body.input === 'string' || Array.isArray(body.input)) {
      // Embeddings (`input`: strings) or the Responses API (`input`: a string or message items, plus `instructions`).
      const inputs: unknown[] = Array.isArray(body.input) ? body.input : [body.input];
      const messages: PromptMessage[] = inputs.map((i) =>
        typeof i === 'object' && i !== null && typeof (i as { role?: unknown }).role === 'string'
          ? { role: (i as { role: string }).role, content: messageText((i as { content?: unknown }).content) }
          : { role: 'user', content: i },
      );
      if (typeof body.instructions === 'string' && body.instructions !== '') {
        messages.unshift({ role: 'system', content: body.instructions });
      }
      prompt = { messages, stream: body.stream === true };
    }
  } catch {
    prompt = undefined;
  }
  parsed.set(call, prompt);
  return prompt;
}

export function estimatePromptTokens(call: GatewayCall): number {
  const p = chatPrompt(call);
  return p ? countChatPromptTokens(p.messages) : 0;
}

/** The prompt's text, one message per line, optionally without system messages. */
export function promptText(call: GatewayCall, ignoreSystem = false): string {
  const p = chatPrompt(call);
  if (!p) return call.request.body.toString('utf8');
  return p.messages
    .filter((m) => !(ignoreSystem && m.role === 'system'))
    .map((m) => messageText(m.content))
    .join('\n');
}
