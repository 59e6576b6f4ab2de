/**
 * From the inputs as typed (the state's draft) to what the host takes: the chat form with its numbers read, or a
 * raw request; and back, when a history entry is used again. A number that does not read is one sentence to show.
 */
import type { ChatApiKind, ChatForm, Conversation, RawRequestInput, SendInput, TurnPaths } from '../../src/protocol/testConsole';
import { buildTurnRequest } from '../../src/protocol/webviewShared';

/** The chat form as typed: the number fields stay text until they are read. */
export interface FormDraft extends Omit<ChatForm, 'maxTokens' | 'temperature'> {
  readonly maxTokens: string;
  readonly temperature: string;
}

export interface InputDraft {
  readonly mode: SendInput['mode'];
  readonly form: FormDraft;
  readonly raw: RawRequestInput;
}

export function draftOf(form: ChatForm): FormDraft {
  const { maxTokens, temperature, ...rest } = form;
  return {
    ...rest,
    maxTokens: maxTokens === undefined ? '' : String(maxTokens),
    temperature: temperature === undefined ? '' : String(temperature),
  };
}

/** The form the host gets; the fields this API's form does not show are sent empty. */
export function readForm(draft: FormDraft, kind: ChatApiKind): ChatForm | string {
  const maxTokens = draft.maxTokens.trim();
  const temperature = draft.temperature.trim();
  const max = maxTokens === '' ? undefined : Number(maxTokens);
  const temp = temperature === '' ? undefined : Number(temperature);
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    return 'Max tokens must be a whole number of at least 1. Fix it or clear the field.';
  }
  if (temp !== undefined && (!Number.isFinite(temp) || temp < 0 || temp > 2)) {
    return 'Temperature must be between 0 and 2. Fix it or clear the field.';
  }
  const azure = kind === 'azureOpenAi';
  return {
    model: azure ? '' : draft.model,
    deployment: azure ? draft.deployment : '',
    apiVersion: azure ? draft.apiVersion : '',
    systemMessage: draft.systemMessage,
    userMessage: draft.userMessage,
    ...(max !== undefined ? { maxTokens: max } : {}),
    ...(temp !== undefined ? { temperature: temp } : {}),
    stream: draft.stream,
    ...(draft.operation !== undefined ? { operation: draft.operation } : {}),
    ...(draft.store !== undefined ? { store: draft.store } : {}),
  };
}

export function readRaw(raw: RawRequestInput): RawRequestInput {
  return { method: raw.method || 'POST', path: raw.path, body: raw.body };
}

/** A form input carries the conversation so far (when there is one); a raw request stands alone. */
export function readInput(input: InputDraft, kind: ChatApiKind, conversation?: Conversation): SendInput | string {
  if (input.mode === 'raw') return { mode: 'raw', raw: readRaw(input.raw) };
  const form = readForm(input.form, kind);
  if (typeof form === 'string') return form;
  return conversation && conversation.turns.length > 0 ? { mode: 'form', form, conversation } : { mode: 'form', form };
}

/**
 * The raw request that the form would send, built by the host's own builder, so that "Raw request" starts from what
 * the user saw (the conversation included); undefined when the form does not read or the API has no chat operation.
 */
export function rawFromForm(
  draft: FormDraft,
  kind: ChatApiKind,
  paths: TurnPaths,
  conversation?: Conversation,
): RawRequestInput | undefined {
  const form = readForm(draft, kind);
  if (typeof form === 'string' || kind === 'passthrough') return undefined;
  const request = buildTurnRequest(kind, form, paths, conversation);
  return { method: request.method, path: request.path, body: request.body ?? '' };
}
