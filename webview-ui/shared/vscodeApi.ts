/**
 * The single wrapper around `acquireVsCodeApi` (which may be called once per page): typed posting to the host,
 * typed listening, and the initial state the host put in `#app[data-state]`.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post<M extends { readonly type: string }>(message: M): void {
  api.postMessage(message);
}

/** Listens to messages from the host. Messages are checked by `parse` (from src/protocol) before `handler` sees them. */
export function onMessage<M>(parse: (raw: unknown) => M | undefined, handler: (message: M) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parse(event.data);
    if (message !== undefined) handler(message);
  });
}

export function initialState<T>(): T | undefined {
  const raw = document.getElementById('app')?.dataset.state;
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/** Webview state survives the panel being hidden; it must never hold a secret. */
export const viewState = {
  get: <T>(): T | undefined => api.getState() as T | undefined,
  set: <T>(state: T): void => api.setState(state),
};
