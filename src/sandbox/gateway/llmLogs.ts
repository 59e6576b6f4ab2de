/**
 * APIM's LLM logs (table `ApiManagementGatewayLlmLog`): written per request to an LLM API when the API's
 * `azuremonitor` diagnostic has `largeLanguageModel.logs: 'enabled'` and a diagnostic setting of the instance sends
 * `GatewayLlmLogs` (or `allLogs`) to a Log Analytics workspace. Each row carries the token counts and model, and the
 * prompt and completion when `messages` is `all`, cut to `maxSizeInBytes` and split into 32 KB rows with sequence
 * numbers as Azure does. Kept per sandbox run and read through the `/_sandbox/llmLogs` hook.
 */
import { randomUUID } from 'node:crypto';
import { workspacesReceiving } from '../arm/diagnosticSettings';
import type { GatewayCall, GatewayResponse, TokenUsage } from './call';
import type { LlmLogRow } from './llmLogRow';
import { chatPrompt } from './prompt';

const CHUNK_BYTES = 32 * 1024;
const MAX_ROWS = 10_000;

interface MessageSettings {
  readonly messages?: unknown;
  readonly maxSizeInBytes?: unknown;
}

/** Registers the LLM log writer of a call, when the API's diagnostic and the instance's diagnostic settings ask for one. */
export function watchLlmLogs(call: GatewayCall, rows: LlmLogRow[]): void {
  const prompt = chatPrompt(call);
  if (!prompt) return;
  const diagnostic = call.ctx.store.get(`${call.api.id}/diagnostics/azuremonitor`);
  const llm = diagnostic?.properties.largeLanguageModel as
    { logs?: unknown; requests?: MessageSettings; responses?: MessageSettings } | undefined;
  if (llm?.logs !== 'enabled') return;
  const destinations = workspacesReceiving(call.ctx.store, call.service.id, 'GatewayLlmLogs');
  if (destinations.length === 0) {
    call.ctx.log(`gateway: LLM logs of API ${call.api.name} go nowhere: no diagnostic setting sends GatewayLlmLogs to a workspace`);
    return;
  }
  const correlationId = randomUUID();
  const time = new Date(call.state.clock.now()).toISOString();
  call.completionListeners.push(
    (usage: TokenUsage | undefined, _response: GatewayResponse, body: Buffer | undefined, streamedText?: string) => {
      const requestParts = parts(llm.requests, prompt.messages);
      const answer = responseOf(body, streamedText);
      const responseParts = parts(llm.responses, answer.messages);
      const count = Math.max(1, requestParts.length, responseParts.length);
      for (const { workspaceId, dedicated } of destinations) {
        for (let i = 0; i < count; i++) {
          rows.push({
            TimeGenerated: time,
            CorrelationId: correlationId,
            workspaceId,
            table: dedicated ? 'ApiManagementGatewayLlmLog' : 'AzureDiagnostics',
            serviceId: call.service.id,
            ApiId: call.api.name,
            OperationId: call.operation.name,
            ModelName: answer.model ?? requestedModel(call),
            IsStreamCompletion: prompt.stream,
            PromptTokens: usage?.promptTokens ?? 0,
            CompletionTokens: usage?.completionTokens ?? 0,
            TotalTokens: usage?.totalTokens ?? 0,
            SequenceNumber: i,
            ...(requestParts[i] !== undefined ? { RequestMessages: requestParts[i] } : {}),
            ...(responseParts[i] !== undefined ? { ResponseMessages: responseParts[i] } : {}),
          });
        }
      }
      if (rows.length > MAX_ROWS) rows.splice(0, rows.length - MAX_ROWS);
    },
  );
}

/** The JSON of `messages` cut to the diagnostic's byte limit and split into 32 KB parts; none when not logged. */
function parts(settings: MessageSettings | undefined, messages: readonly unknown[] | undefined): string[] {
  if (settings?.messages !== 'all' || !messages) return [];
  const limit = typeof settings.maxSizeInBytes === 'number' ? settings.maxSizeInBytes : CHUNK_BYTES;
  const bytes = Buffer.from(JSON.stringify(messages)).subarray(0, limit);
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) out.push(bytes.subarray(at, at + CHUNK_BYTES).toString('utf8'));
  return out;
}

function responseOf(body: Buffer | undefined, streamedText: string | undefined): { messages?: unknown[]; model?: string } {
  if (streamedText !== undefined) return { messages: [{ role: 'assistant', content: streamedText }] };
  if (!body) return {};
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { model?: unknown; choices?: Array<{ message?: unknown }> };
    const messages = (Array.isArray(parsed.choices) ? parsed.choices : []).map((c) => c.message).filter((m) => m !== undefined);
    return { messages, ...(typeof parsed.model === 'string' ? { model: parsed.model } : {}) };
  } catch {
    return {};
  }
}

function requestedModel(call: GatewayCall): string {
  try {
    const model = (JSON.parse(call.request.body.toString('utf8')) as { model?: unknown }).model;
    return typeof model === 'string' ? model : '';
  } catch {
    return '';
  }
}
