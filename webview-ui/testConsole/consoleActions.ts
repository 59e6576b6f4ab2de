/** What the user can do in the console: each action changes the state through `update` and may ask the host. */
import type { ConsoleRequest, SendInput } from '../../src/protocol/testConsole';
import { EMPTY_CONVERSATION } from '../../src/protocol/webviewShared';
import { EMPTY_RESPONSE, type ConsoleStore } from './consoleState';
import { rawFromForm, readInput, type FormDraft, type InputDraft } from './formInput';

export interface ConsoleActions {
  send(): void;
  stop(): void;
  copyCurl(): void;
  openHttp(): void;
  /** Copies the whole conversation as one curl command that replays it. */
  copyConversation(): void;
  /** Forgets the transcript: the next send starts a new conversation. */
  newConversation(): void;
  setMode(mode: SendInput['mode']): void;
  editForm(change: Partial<FormDraft>): void;
  editRaw(change: Partial<InputDraft['raw']>): void;
  /** Puts a request from the history back into the inputs. */
  useInput(input: SendInput): void;
  revealKey(): void;
  hideKey(): void;
  chooseKey(): void;
  showRaw(requestId: string): void;
  clearHistory(): void;
  /** Opens the Usage view of the API (from the session totals). */
  showUsage(): void;
  /** Opens "Configure AI Policies…" on the API (from the title line). */
  configurePolicies(): void;
  /** Sandbox mode: a pool member answers 429 (on) or as its account does (off). */
  simulateThrottling(memberId: string, on: boolean): void;
}

function changes<T extends object>(current: T, change: Partial<T>): boolean {
  return (Object.keys(change) as (keyof T)[]).some((k) => current[k] !== change[k]);
}

export function consoleActions(store: ConsoleStore, post: (message: ConsoleRequest) => void): ConsoleActions {
  let counter = 0;
  const update: ConsoleStore['update'] = (change) => store.update(change);
  /** The input to send, or the sentence that says why there is none (shown next to the buttons). */
  const withInput = (use: (input: SendInput) => void): void => {
    const { setup, input, conversation } = store.state;
    if (!setup) return;
    const read = readInput(input, setup.api.kind, conversation);
    update({ notice: typeof read === 'string' ? read : undefined });
    if (typeof read !== 'string') use(read);
  };
  return {
    send: () => {
      if (!store.state.setup || store.state.running) return;
      withInput((input) => {
        const requestId = `r${Date.now().toString(36)}-${++counter}`;
        update({
          running: requestId,
          turnInFlight: input.mode === 'form' ? input.form : undefined,
          response: { ...EMPTY_RESPONSE, status: 'Sending…' },
        });
        post({ type: 'send', requestId, input });
      });
    },
    stop: () => {
      const requestId = store.state.running;
      if (requestId) post({ type: 'stop', requestId });
    },
    copyCurl: () => withInput((input) => post({ type: 'copyCurl', input })),
    openHttp: () => withInput((input) => post({ type: 'openHttp', input })),
    copyConversation: () => {
      // The replay takes the form's model and settings (also while "Raw request" is shown) and the transcript.
      const { setup, input, conversation } = store.state;
      if (!setup) return;
      const read = readInput({ ...input, mode: 'form' }, setup.api.kind, conversation);
      update({ notice: typeof read === 'string' ? read : undefined });
      if (typeof read !== 'string') post({ type: 'copyConversation', input: read });
    },
    newConversation: () => {
      if (store.state.conversation.turns.length > 0) update({ conversation: EMPTY_CONVERSATION, notice: undefined });
    },
    setMode: (mode) => {
      if (mode === store.state.input.mode) return;
      update(({ input, setup }) => {
        // Switching to raw starts from the request the form would send, so the user edits what they saw.
        const raw =
          mode === 'raw' && setup ? rawFromForm(input.form, setup.api.kind, setup.api.paths, store.state.conversation) : undefined;
        return { input: { ...input, mode, raw: raw ?? input.raw } };
      });
    },
    editForm: (change) => {
      // A control set by a render reports the value it was given: nothing changed then.
      const { form } = store.state.input;
      if (changes(form, change)) update(({ input }) => ({ input: { ...input, form: { ...input.form, ...change } } }));
    },
    editRaw: (change) => {
      if (changes(store.state.input.raw, change)) update(({ input }) => ({ input: { ...input, raw: { ...input.raw, ...change } } }));
    },
    useInput: (used) =>
      update(({ input, setup }) => {
        if (used.mode === 'raw') return { input: { ...input, mode: 'raw', raw: used.raw } };
        const form = used.form;
        // Only the fields this API's form shows are taken, as typing them in would.
        const azure = setup?.api.kind === 'azureOpenAi';
        return {
          input: {
            ...input,
            mode: 'form',
            form: {
              ...input.form,
              ...(azure ? { deployment: form.deployment, apiVersion: form.apiVersion } : { model: form.model }),
              systemMessage: form.systemMessage,
              userMessage: form.userMessage,
              maxTokens: form.maxTokens === undefined ? '' : String(form.maxTokens),
              temperature: form.temperature === undefined ? '' : String(form.temperature),
              stream: form.stream,
              // The operation only where this API has it.
              ...(form.operation && setup?.api.chatOperations.includes(form.operation) ? { operation: form.operation } : {}),
              ...(form.store !== undefined ? { store: form.store } : {}),
            },
          },
        };
      }),
    revealKey: () => post({ type: 'revealKey' }),
    hideKey: () => update({ revealedKey: undefined }),
    chooseKey: () => post({ type: 'chooseKey' }),
    showRaw: (requestId) => post({ type: 'showRaw', requestId }),
    clearHistory: () => post({ type: 'clearHistory' }),
    showUsage: () => post({ type: 'showUsage' }),
    configurePolicies: () => post({ type: 'configurePolicies' }),
    simulateThrottling: (memberId, on) => post({ type: 'simulateThrottling', memberId, on }),
  };
}
