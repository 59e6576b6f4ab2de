/**
 * A small stand-in for the 'vscode' module, for the few tests and benchmarks that load the extension shell
 * (activation, manifest agreement) outside VS Code. It implements only what activation touches and records
 * registrations; it is registered with Node's module resolution so that `require('vscode')` finds it.
 */
import Module from 'node:module';
import { pathToFileURL } from 'node:url';

type Listener<T> = (e: T) => unknown;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const u = new URL(value);
    return new Uri(u.protocol.replace(/:$/, ''), u.pathname);
  }
  static from(parts: { scheme: string; path: string }): Uri {
    return new Uri(parts.scheme, parts.path);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, [base.path.replace(/\/+$/, ''), ...segments].join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return pathToFileURL(this.path)
      .toString()
      .replace(/^file:/, `${this.scheme}:`);
  }
}

class TreeItem {
  id?: string;
  contextValue?: string;
  description?: string;
  tooltip?: string;
  iconPath?: unknown;
  command?: unknown;
  constructor(
    readonly label: string,
    readonly collapsibleState: number,
  ) {}
}

class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: unknown,
  ) {}
}

class ThemeColor {
  constructor(readonly id: string) {}
}

export interface FakeVscodeOptions {
  /** Settings by full key, e.g. `aiGateway.environment`. */
  readonly settings?: Record<string, unknown>;
  /** What `authentication.getSession` answers (undefined: signed out). */
  readonly session?: (
    providerId: string,
    scopes: readonly string[],
    options: { silent?: boolean; createIfNone?: boolean },
  ) => { accessToken: string } | undefined;
}

export interface FakeVscode {
  readonly module: Record<string, unknown>;
  readonly commands: Map<string, (...args: unknown[]) => unknown>;
  readonly contexts: Map<string, unknown>;
  readonly treeProviders: Map<string, { getChildren(node?: unknown): Promise<unknown[]>; getTreeItem(node: unknown): TreeItem }>;
  readonly fileSystems: Set<string>;
  /** View types with a registered webview panel serializer. */
  readonly panelSerializers: Set<string>;
  readonly log: string[];
  readonly sessionRequests: { providerId: string; scopes: string[]; silent?: boolean; createIfNone?: boolean }[];
  /** A minimal ExtensionContext for activate(). */
  extensionContext(extensionPath: string, storagePath: string, version: string): Record<string, unknown>;
}

export function createFakeVscode(options: FakeVscodeOptions = {}): FakeVscode {
  const settings = new Map(Object.entries(options.settings ?? {}));
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const contexts = new Map<string, unknown>();
  const treeProviders: FakeVscode['treeProviders'] = new Map();
  const fileSystems = new Set<string>();
  const panelSerializers = new Set<string>();
  const log: string[] = [];
  const sessionRequests: FakeVscode['sessionRequests'] = [];
  const logger = (level: string) => (message: string) => void log.push(`${level}: ${message}`);
  const module = {
    EventEmitter,
    Disposable,
    Uri,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2 },
    ProgressLocation: { Notification: 15 },
    FileType: { File: 1 },
    FileChangeType: { Changed: 1 },
    CancellationError: class CancellationError extends Error {},
    FileSystemError: {
      Unavailable: (m: string) => new Error(m),
      NoPermissions: (m: unknown) => new Error(String(m)),
      FileNotFound: (m: unknown) => new Error(String(m)),
    },
    window: {
      createOutputChannel: () => ({
        trace: logger('trace'),
        debug: logger('debug'),
        info: logger('info'),
        warn: logger('warn'),
        error: logger('error'),
        show: () => undefined,
        dispose: () => undefined,
      }),
      createTreeView: (id: string, o: { treeDataProvider: FakeVscode['treeProviders'] extends Map<string, infer P> ? P : never }) => {
        treeProviders.set(id, o.treeDataProvider);
        return {
          selection: [],
          reveal: () => Promise.resolve(),
          onDidExpandElement: () => ({ dispose: () => undefined }),
          onDidCollapseElement: () => ({ dispose: () => undefined }),
          dispose: () => undefined,
        };
      },
      showErrorMessage: (m: string) => {
        log.push(`shown error: ${m}`);
        return Promise.resolve(undefined);
      },
      showInformationMessage: () => Promise.resolve(undefined),
      registerWebviewPanelSerializer: (viewType: string) => {
        panelSerializers.add(viewType);
        return new Disposable(() => panelSerializers.delete(viewType));
      },
      showWarningMessage: (m: string) => {
        log.push(`shown warning: ${m}`);
        return Promise.resolve(undefined);
      },
    },
    commands: {
      registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
        if (commands.has(id)) throw new Error(`command '${id}' already exists`);
        commands.set(id, handler);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand: (id: string, ...args: unknown[]) => {
        if (id === 'setContext') contexts.set(args[0] as string, args[1]);
        else return Promise.resolve(commands.get(id)?.(...args));
        return Promise.resolve(undefined);
      },
    },
    workspace: {
      getConfiguration: (section: string) => ({
        get: <T>(key: string): T | undefined => settings.get(`${section}.${key}`) as T | undefined,
        update: (key: string, value: unknown) => {
          settings.set(`${section}.${key}`, value);
          return Promise.resolve();
        },
      }),
      onDidChangeConfiguration: () => new Disposable(),
      registerFileSystemProvider: (scheme: string) => {
        fileSystems.add(scheme);
        return new Disposable(() => fileSystems.delete(scheme));
      },
    },
    authentication: {
      onDidChangeSessions: () => new Disposable(),
      getSession: (providerId: string, scopes: readonly string[], o: { silent?: boolean; createIfNone?: boolean }) => {
        sessionRequests.push({ providerId, scopes: [...scopes], ...o });
        return Promise.resolve(options.session?.(providerId, scopes, o));
      },
    },
  };
  const memento = () => {
    const values = new Map<string, unknown>();
    return {
      get: (k: string) => values.get(k),
      update: (k: string, v: unknown) => Promise.resolve(void values.set(k, v)),
      keys: () => [...values.keys()],
    };
  };
  return {
    module,
    commands,
    contexts,
    treeProviders,
    fileSystems,
    panelSerializers,
    log,
    sessionRequests,
    extensionContext: (extensionPath, storagePath, version) => ({
      subscriptions: [] as { dispose(): unknown }[],
      extensionUri: Uri.file(extensionPath),
      globalStorageUri: Uri.file(storagePath),
      globalState: memento(),
      workspaceState: memento(),
      extension: { packageJSON: { version } },
    }),
  };
}

const fakeId = '/__fake__/vscode.js';

/** Makes `require('vscode')` return the fake from now on in this process. */
export function installFakeVscode(fake: FakeVscode): void {
  const cache = Module as unknown as { _cache: Record<string, unknown>; _resolveFilename: (request: string, ...rest: unknown[]) => string };
  cache._cache[fakeId] = { id: fakeId, filename: fakeId, loaded: true, exports: fake.module, children: [], paths: [] };
  const original = cache._resolveFilename;
  cache._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? fakeId : original.call(this, request, ...rest);
  };
}
