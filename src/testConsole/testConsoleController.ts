/**
 * The test console's host logic, free of 'vscode': loads what the console needs about the API and its key, parses
 * every webview message, sends requests with cancellation, streams text back, keeps history and session totals,
 * and builds the curl / .http text. The panel (src/testConsole/testConsolePanel.ts) only wires it to a webview.
 * The key is read per send and put in that request's headers; it is posted to the webview only on "Reveal".
 */
import { errorDetails, explainError } from '../apim/errors';
import type { ApiRef } from '../apim/refs';
import type { AzureClients } from '../azure/clients';
import { DEFAULT_CHAT_FORM, type ChatForm } from '../domain/chat/chatRequest';
import type { Logger } from '../log';
import {
  parseConsoleRequest,
  type ConsoleEvent,
  type ConsoleInitialState,
  type ConsoleRequest,
  type HistoryEntry,
  type KeyInfo,
  type OutcomeView,
  type RawRequestInput,
  type SendInput,
  type SessionTotals,
} from '../protocol/testConsole';
import type { SandboxHooks } from '../azure/sandboxHooks';
import type { RouteView } from '../protocol/testConsolePool';
import { ConsolePool, type CallsBefore } from './consolePool';
import { apiGoneSentence } from './apiGone';
import { ConsoleRequestError, runConsoleRequest, type ConsoleOutcome } from './consoleRequest';
import { loadConsoleTarget, type ConsoleTarget } from './consoleTarget';
import type { GatewayTransport } from './gatewayClient';
import { curlFor, httpFileFor, replayRequestFor, requestFor } from './requestBuilder';
import { addToHistory, addToTotals, EMPTY_TOTALS } from './history';
import { SubscriptionKeyResolver, type ChooseSubscription, type ResolvedKey, type SecretStore } from './subscriptionKeys';

export interface ConsoleHost {
  clients(): AzureClients;
  readonly secrets: SecretStore;
  readonly chooseSubscription: ChooseSubscription;
  /** CA, proxy and timeouts as they are now (settings may change between sends). */
  transport(): GatewayTransport;
  post(event: ConsoleEvent): void;
  readonly log: Logger;
  loadHistory(): readonly HistoryEntry[];
  saveHistory(history: readonly HistoryEntry[]): PromiseLike<void>;
  copyText(text: string, what: string): PromiseLike<void>;
  openHttpFile(content: string): PromiseLike<void>;
  /** Opens the Usage view of this API. */
  showUsage?(): PromiseLike<unknown>;
  /** The sandbox's test hooks in sandbox mode ("Simulate throttling", attempts); undefined against Azure. */
  sandboxHooks?(): SandboxHooks | undefined;
  /** Opens "Configure AI Policies…" on this API. */
  configurePolicies?(): PromiseLike<unknown>;
}

/** The operation a console was opened on (from an operation node), to prefill the raw request. */
export interface OperationFocus {
  readonly method: string;
  readonly urlTemplate: string;
}

interface RawResponse {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly truncated: boolean;
}

const RAW_KEPT = 10;

export class TestConsoleController {
  private target: Promise<ConsoleTarget> | undefined;
  private key: Promise<ResolvedKey | undefined> | undefined;
  private readonly resolver: SubscriptionKeyResolver;
  private readonly pool: ConsolePool;
  private readonly running = new Map<string, AbortController>();
  private readonly raw = new Map<string, RawResponse>();
  private totals: SessionTotals = EMPTY_TOTALS;
  private disposed = false;

  constructor(
    readonly api: ApiRef & { readonly serviceUrl?: string },
    private readonly host: ConsoleHost,
    private readonly focus?: OperationFocus,
  ) {
    this.resolver = new SubscriptionKeyResolver(() => host.clients(), host.secrets, host.chooseSubscription);
    this.pool = new ConsolePool(api, host);
  }

  /** Handles one raw message from the webview. Never throws: failures are posted as one sentence and logged. */
  async handle(raw: unknown): Promise<void> {
    const parsed = parseConsoleRequest(raw);
    if (!parsed.ok) {
      this.host.log.warn(`Test console: rejected a message from the webview: ${parsed.error}`);
      return;
    }
    try {
      await this.dispatch(parsed.value);
    } catch (e) {
      this.host.log.error(`Test console (${this.api.apiId}): ${parsed.value.type}: ${errorDetails(e)}`);
      const requestId = 'requestId' in parsed.value ? parsed.value.requestId : undefined;
      const message = e instanceof InputError ? e.message : explainError(e, actionOf(parsed.value));
      this.post(requestId ? { type: 'failed', requestId, message } : { type: 'notice', message });
    }
  }

  /** Stops every request in flight (the panel closed). */
  dispose(): void {
    this.disposed = true;
    for (const c of this.running.values()) c.abort();
    this.running.clear();
  }

  private async dispatch(m: ConsoleRequest): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.init();
      case 'send':
        return this.send(m.requestId, m.input);
      case 'stop':
        this.running.get(m.requestId)?.abort();
        return;
      case 'showRaw': {
        const raw = this.raw.get(m.requestId);
        if (raw) this.post({ type: 'raw', requestId: m.requestId, ...raw });
        return;
      }
      case 'copyCurl':
      case 'openHttp':
      case 'copyConversation': {
        const target = await this.loadTarget();
        const built = m.type === 'copyConversation' ? replayRequestFor(target, m.input) : requestFor(target, m.input);
        if (!built.ok) throw new InputError(built.error);
        if (m.type === 'openHttp') await this.host.openHttpFile(httpFileFor(target, built.request));
        else await this.host.copyText(curlFor(target, built.request), m.type === 'copyCurl' ? 'curl command' : 'conversation as curl');
        return;
      }
      case 'revealKey': {
        const key = await this.resolveKey();
        if (key) this.post({ type: 'keyRevealed', key: key.value });
        return;
      }
      case 'chooseKey': {
        // Cancelling the choice keeps the key in use.
        const chosen = await this.resolver.resolve(this.api, { rechoose: true });
        if (chosen) this.key = Promise.resolve(chosen);
        this.post({ type: 'key', key: await this.keyInfo() });
        return;
      }
      case 'clearHistory':
        await this.host.saveHistory([]);
        this.post({ type: 'history', history: [] });
        return;
      case 'showUsage':
        await this.host.showUsage?.();
        return;
      case 'simulateThrottling': {
        const pool = await this.pool.simulateThrottling(m.memberId, m.on);
        this.post(typeof pool === 'string' ? { type: 'notice', message: pool } : { type: 'pool', pool });
        return;
      }
      case 'configurePolicies':
        await this.host.configurePolicies?.();
        return;
    }
  }

  private loadTarget(): Promise<ConsoleTarget> {
    this.target ??= loadConsoleTarget(this.host.clients(), this.api, this.host.log);
    this.target.catch(() => (this.target = undefined));
    return this.target;
  }

  private resolveKey(): Promise<ResolvedKey | undefined> {
    if (!this.api.subscriptionRequired) return Promise.resolve(undefined);
    this.key ??= this.resolver.resolve(this.api);
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }

  private async keyInfo(): Promise<KeyInfo> {
    if (!this.api.subscriptionRequired) return { state: 'notRequired' };
    try {
      const key = await this.resolveKey();
      return key
        ? { state: 'ready', subscription: key.subscriptionDisplayName }
        : {
            state: 'none',
            message:
              'No active subscription covers this API. Create one for the API or a product that includes it, or choose another subscription.',
          };
    } catch (e) {
      this.host.log.error(`Test console: subscription key for ${this.api.apiId}: ${errorDetails(e)}`);
      return { state: 'error', message: explainError(e, 'read the subscription key') };
    }
  }

  private async init(): Promise<void> {
    let target: ConsoleTarget;
    try {
      target = await this.loadTarget();
    } catch (e) {
      this.host.log.error(`Test console: loading ${this.api.apiId}: ${errorDetails(e)}`);
      this.post({ type: 'loadFailed', message: explainError(e, `open the test console for "${this.api.displayName}"`) });
      return;
    }
    // The page can show the form while the key is still being found (and the user picks a subscription).
    const defaults: ChatForm = {
      ...DEFAULT_CHAT_FORM,
      // Model in the body of an API before an Azure account: its first chat deployment (embeddings cannot chat).
      model: target.deployments.find((d) => !/embed/i.test(d)) ?? target.deployments[0] ?? target.suggestedModels[0] ?? '',
      deployment: target.deployments[0] ?? '',
      operation: target.chatOperations[0] ?? 'chat',
    };
    const state: ConsoleInitialState = {
      api: {
        apiId: this.api.apiId,
        displayName: this.api.displayName,
        instance: this.api.service.name,
        endpoint: target.endpoint,
        kind: target.kind,
        keyHeader: this.api.subscriptionKeyHeader,
        ...(target.provider ? { provider: target.provider } : {}),
        suggestedModels: target.suggestedModels,
        deployments: target.deployments,
        operations: target.operations.map((o) => ({ method: o.method, urlTemplate: o.urlTemplate })),
        paths: { chatPath: target.chatPath, ...(target.responsesPath ? { responsesPath: target.responsesPath } : {}) },
        chatOperations: target.chatOperations,
      },
      key: { state: this.api.subscriptionRequired ? 'loading' : 'notRequired' },
      defaults,
      rawDefaults: this.rawDefaults(target, defaults),
      startMode:
        target.kind === 'passthrough' || (this.focus && !/chat\/completions|responses/i.test(this.focus.urlTemplate)) ? 'raw' : 'form',
      history: this.host.loadHistory(),
      totals: this.totals,
    };
    this.post({ type: 'init', state });
    void this.postPool();
    if (this.api.subscriptionRequired) this.post({ type: 'key', key: await this.keyInfo() });
  }

  private rawDefaults(target: ConsoleTarget, defaults: ChatForm): RawRequestInput {
    if (this.focus && target.kind === 'passthrough') {
      return { method: this.focus.method, path: this.focus.urlTemplate.replace(/\/\*$/, '/'), body: '' };
    }
    const built = target.kind === 'passthrough' ? undefined : requestFor(target, { mode: 'form', form: defaults });
    return built?.ok
      ? { method: built.request.method, path: built.request.path, body: built.request.body ?? '' }
      : { method: 'POST', path: target.chatPath, body: '' };
  }

  private async send(requestId: string, input: SendInput): Promise<void> {
    const target = await this.loadTarget();
    const built = requestFor(target, input);
    if (!built.ok) {
      this.post({ type: 'failed', requestId, message: built.error });
      return;
    }
    const key = await this.resolveKey().catch(() => undefined);
    const controller = new AbortController();
    this.running.set(requestId, controller);
    const calls = await this.pool.beforeSend();
    const url = `${target.endpoint}${built.request.path}`;
    this.post({ type: 'started', requestId, method: built.request.method, url });
    let outcome: ConsoleOutcome | undefined;
    try {
      outcome = await runConsoleRequest(
        {
          endpoint: target.endpoint,
          request: built.request,
          ...(key ? { key: { header: key.header, value: key.value } } : {}),
          keyHeader: this.api.subscriptionKeyHeader,
          kind: target.kind,
          ...(input.mode === 'form' ? { deployment: input.form.deployment, apiVersion: input.form.apiVersion } : {}),
        },
        this.host.transport(),
        controller.signal,
        {
          onResponse: (status, firstByteMs) => this.post({ type: 'response', requestId, status, firstByteMs }),
          onText: (delta) => this.post({ type: 'text', requestId, delta }),
        },
      );
    } catch (e) {
      if (controller.signal.aborted) {
        this.host.log.info(`Test console: ${built.request.method} ${url} stopped`);
        this.post({ type: 'stopped', requestId });
        return;
      }
      const message = e instanceof ConsoleRequestError ? e.message : explainError(e, 'send the request');
      this.host.log.error(
        `Test console: ${built.request.method} ${url}: ${e instanceof ConsoleRequestError ? e.details : errorDetails(e)}`,
      );
      this.totals = addToTotals(this.totals, requestId, undefined);
      this.post({ type: 'failed', requestId, message });
      return;
    } finally {
      this.running.delete(requestId);
    }
    if (outcome.status === 404) outcome = await this.explainIfGone(outcome);
    await this.finish(requestId, input, outcome, key, calls);
  }

  /** A 404 may mean the API was deleted since the console opened: then that is what the error says. */
  private async explainIfGone(outcome: ConsoleOutcome): Promise<ConsoleOutcome> {
    const gone = await apiGoneSentence(this.host.clients(), this.api);
    if (!gone) return outcome;
    this.target = undefined;
    return { ...outcome, error: gone };
  }

  /** The pool section, in the background after init: it never holds the console up, and a failure only hides it. */
  private async postPool(): Promise<void> {
    try {
      const pool = await this.pool.view();
      if (pool) this.post({ type: 'pool', pool });
    } catch (e) {
      this.host.log.warn(`Test console: could not read the pool behind ${this.api.apiId}: ${errorDetails(e)}`);
    }
  }

  private async finish(
    requestId: string,
    input: SendInput,
    outcome: ConsoleOutcome,
    key: ResolvedKey | undefined,
    calls: CallsBefore,
  ): Promise<void> {
    const view = toView(outcome, input, await this.pool.route(outcome.responseHeaders, calls));
    const tokens = outcome.usage ? `, ${outcome.usage.totalTokens} tokens${outcome.usage.estimated ? ' (estimated)' : ''}` : '';
    this.host.log.info(
      `Test console: ${view.method} ${outcome.url} -> ${outcome.status} in ${Math.round(outcome.timing.totalMs)} ms${tokens}`,
    );
    if (outcome.error) this.host.log.warn(`Test console: ${outcome.error}`);
    this.raw.set(requestId, { headers: outcome.responseHeaders, body: outcome.rawBody, truncated: outcome.rawBodyTruncated });
    for (const old of [...this.raw.keys()].slice(0, Math.max(0, this.raw.size - RAW_KEPT))) this.raw.delete(old);
    // A refused key may have been regenerated or its subscription suspended: read it again next time.
    if (outcome.status === 401 && key && /subscription key/i.test(outcome.error ?? '')) {
      await this.resolver.forget(this.api);
      this.key = undefined;
    }
    this.totals = addToTotals(this.totals, requestId, view);
    const history = addToHistory(this.host.loadHistory(), requestId, new Date(), input, view);
    await this.host.saveHistory(history);
    this.post({ type: 'done', requestId, outcome: view, totals: this.totals, history });
    // The members' breakers may have opened or closed: the pool section shows them as they are now.
    if (view.route?.attempts) void this.postPool();
  }

  private post(event: ConsoleEvent): void {
    if (!this.disposed) this.host.post(event);
  }
}

/** The form is incomplete: its sentence is shown as is. */
class InputError extends Error {
  override readonly name = 'InputError';
}

function actionOf(m: ConsoleRequest): string {
  switch (m.type) {
    case 'copyCurl':
      return 'copy the request as curl';
    case 'openHttp':
      return 'open the request as .http';
    case 'chooseKey':
    case 'revealKey':
      return 'read the subscription key';
    default:
      return 'complete the action';
  }
}

function toView(o: ConsoleOutcome, input: SendInput, route: RouteView | undefined): OutcomeView {
  return {
    method: input.mode === 'raw' ? input.raw.method.toUpperCase() : 'POST',
    url: o.url,
    status: o.status,
    statusText: o.statusText,
    streamed: o.streamed,
    text: o.answer.text,
    ...(o.answer.finishReason ? { finishReason: o.answer.finishReason } : {}),
    ...(o.answer.model ? { model: o.answer.model } : {}),
    ...(o.usage ? { usage: o.usage } : {}),
    timing: o.timing,
    rateLimit: o.rateLimit,
    ...(o.requestId ? { requestId: o.requestId } : {}),
    ...(o.error ? { error: o.error } : {}),
    ...(route ? { route } : {}),
    ...(o.answer.responseId ? { responseId: o.answer.responseId } : {}),
    ...(o.answer.stored !== undefined ? { stored: o.answer.stored } : {}),
  };
}
