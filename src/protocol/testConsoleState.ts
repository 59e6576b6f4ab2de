/**
 * What the test console's webview keeps with `setState`. VS Code writes it to disk so that the panel can be restored
 * after a reload, so it holds which API the console is for, the request inputs and the tab's conversation (what was
 * said, its usage and response ids): never a key or response headers. The host re-resolves the API and its key on
 * restore; this file validates what comes back.
 */
import type { Conversation } from '../domain/chat/conversation';
import { fail, isRecord, ok, readOneOf, readString, type Parsed } from '../domain/guards';
import { parseConversation } from './testConsoleConversation';
import {
  parseChatForm,
  parseRawRequestInput,
  type ChatForm,
  type RawRequestInput,
  type SendInput,
  type ConsoleTargetRef,
} from './testConsole';

/** The inputs as the user left them. */
export interface ConsoleSavedView {
  readonly mode: SendInput['mode'];
  readonly form: ChatForm;
  readonly raw: RawRequestInput;
}

export interface ConsolePersistedState {
  readonly target: ConsoleTargetRef;
  readonly view?: ConsoleSavedView;
  /** The tab's transcript; absent before the first answered turn and after "New conversation". */
  readonly conversation?: Conversation;
}

const SERVICE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ApiManagement\/service\/[^/]+$/i;
// APIM names have no '/' or ';' (a console targets the current revision, never `name;rev=n`).
const API_ID = /^[\w.~-]+$/;
const STATE_FIELDS = new Set(['target', 'view', 'conversation']);

export function parseConsoleTargetRef(raw: unknown): Parsed<ConsoleTargetRef> {
  if (!isRecord(raw)) return fail('"target" must be an object.');
  const serviceId = readString(raw, 'serviceId', { maxLength: 1_000 });
  if (!serviceId.ok) return serviceId;
  if (!SERVICE_ID.test(serviceId.value!)) return fail('"serviceId" is not the ARM id of an API Management service.');
  const apiId = readString(raw, 'apiId', { maxLength: 256 });
  if (!apiId.ok) return apiId;
  if (!API_ID.test(apiId.value!)) return fail('"apiId" is not the name of an API.');
  return ok({ serviceId: serviceId.value!, apiId: apiId.value! });
}

export function parseConsoleSavedView(raw: unknown): Parsed<ConsoleSavedView> {
  if (!isRecord(raw)) return fail('"view" must be an object.');
  const mode = readOneOf(raw, 'mode', ['form', 'raw'] as const);
  if (!mode.ok) return mode;
  const form = parseChatForm(raw.form);
  if (!form.ok) return form;
  const rawInput = parseRawRequestInput(raw.raw);
  return rawInput.ok ? ok({ mode: mode.value, form: form.value, raw: rawInput.value }) : rawInput;
}

/**
 * The state VS Code hands back on restore. It was written by our page but lives on disk, so it is checked like any
 * message: an unknown field (a key someone slipped in, or a state from another version) rejects the whole state.
 */
export function parseConsolePersistedState(raw: unknown): Parsed<ConsolePersistedState> {
  if (!isRecord(raw)) return fail('the saved state is not an object.');
  const unknown = Object.keys(raw).find((k) => !STATE_FIELDS.has(k));
  if (unknown !== undefined) return fail(`the saved state has an unexpected field "${unknown.slice(0, 40)}".`);
  const target = parseConsoleTargetRef(raw.target);
  if (!target.ok) return target;
  const view = raw.view === undefined ? ok(undefined) : parseConsoleSavedView(raw.view);
  if (!view.ok) return view;
  const conversation = raw.conversation === undefined ? ok(undefined) : parseConversation(raw.conversation);
  if (!conversation.ok) return conversation;
  return ok({
    target: target.value,
    ...(view.value ? { view: view.value } : {}),
    ...(conversation.value ? { conversation: conversation.value } : {}),
  });
}
