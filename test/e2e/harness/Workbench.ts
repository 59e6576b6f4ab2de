/**
 * A running VS Code workbench (code-server in Chromium) with the extension installed, and the few gestures the
 * end-to-end scenarios need, each of which waits for a state of the DOM (never for a fixed time).
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import type { SandboxConnection } from '../../../src/sandbox/connection';
import { resultsDir } from './paths';

/** How long a gesture waits for the state it expects. Generous: the machine has 2 cores and runs other tests. */
export const UI_TIMEOUT_MS = 30_000;

export interface TreeRow {
  readonly label: string;
  readonly description: string;
  /** 1 for top-level rows. */
  readonly level: number;
  /** undefined when the row cannot expand. */
  readonly expanded: boolean | undefined;
  /** The row's accessible label (VS Code builds it from the label, description and tooltip when not given). */
  readonly ariaLabel: string;
}

export interface WorkbenchParts {
  readonly browser: Browser;
  readonly page: Page;
  readonly url: string;
  /** undefined when started with `sandbox: false`. */
  readonly connection: SandboxConnection | undefined;
  /** The folder opened in the workbench. */
  readonly workspaceDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The file named by `aiGateway.sandbox.connectionFile`. */
  readonly connectionFile: string;
  /**
   * Stops everything; `keepLogs` copies VS Code's logs (extension host included) to test-results/ first, and
   * `beforeRemove` runs once every process has stopped, before the run's directories are deleted.
   */
  readonly stopAll: (keepLogs: boolean, beforeRemove?: () => void) => Promise<void>;
}

export class Workbench {
  readonly page: Page;
  readonly browser: Browser;
  readonly url: string;
  readonly workspaceDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly connectionFile: string;
  private stopping: Promise<void> | undefined;
  private failed = false;

  constructor(private readonly parts: WorkbenchParts) {
    this.page = parts.page;
    this.browser = parts.browser;
    this.url = parts.url;
    this.workspaceDir = parts.workspaceDir;
    this.userDataDir = parts.userDataDir;
    this.extensionsDir = parts.extensionsDir;
    this.connectionFile = parts.connectionFile;
  }

  /** The sandbox the harness started (its `hooksUrl` injects faults). */
  get connection(): SandboxConnection {
    if (!this.parts.connection) throw new Error('This workbench was started with `sandbox: false`: it has no sandbox connection');
    return this.parts.connection;
  }

  /** Opens a view container of the activity bar by its title (a no-op when it is already the one shown). */
  async openView(title: string): Promise<void> {
    const tab = this.page.locator('.part.activitybar').getByRole('tab', { name: title });
    await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Clicking the tab of the container already shown would hide the side bar.
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await this.page
      .locator('.part.sidebar .composite.title')
      .filter({ hasText: new RegExp(escapeRegExp(title), 'i') })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  /** The tree row (in the side bar) whose label is exactly `label`. */
  row(label: string): Locator {
    return this.page
      .locator('.part.sidebar .monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
  }

  async waitForRow(label: string, timeout = UI_TIMEOUT_MS): Promise<Locator> {
    const row = this.row(label);
    await row.waitFor({ state: 'visible', timeout });
    return row;
  }

  /**
   * The rows of the side bar's trees as shown now, top to bottom. The list is virtual: only rows in view are in the
   * DOM, and not in display order, hence the sort by index.
   */
  async treeRows(): Promise<TreeRow[]> {
    const rows = await this.page.locator('.part.sidebar .monaco-list-row[role="treeitem"]').evaluateAll((elements: RowElement[]) =>
      elements.map((row) => {
        const expanded = row.getAttribute('aria-expanded');
        return {
          index: Number(row.getAttribute('data-index') ?? '0'),
          label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
          level: Number(row.getAttribute('aria-level') ?? '1'),
          expanded: expanded === null ? undefined : expanded === 'true',
          ariaLabel: row.getAttribute('aria-label') ?? '',
        };
      }),
    );
    return rows.sort((a, b) => a.index - b.index).map(({ index: _index, ...row }) => row);
  }

  /**
   * Expands the tree row labelled `label` (a no-op when it is expanded) and returns its child rows once at least one
   * is shown. Our tree always shows something under an expanded node: children, a "No …" message or an error.
   */
  async expand(label: string, timeout = UI_TIMEOUT_MS): Promise<TreeRow[]> {
    const row = await this.waitForRow(label, timeout);
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.locator('.monaco-tl-twistie').click();
    }
    return this.waitForChildren(label, timeout);
  }

  /** The child rows of the expanded row `label`, once at least one is shown. */
  async waitForChildren(label: string, timeout = UI_TIMEOUT_MS): Promise<TreeRow[]> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const children = childrenOf(await this.treeRows(), label);
      if (children.length > 0) return children;
      if (Date.now() > deadline) throw new Error(`No rows under "${label}" within ${timeout} ms`);
      await pollPause();
    }
  }

  /**
   * Runs a command from the command palette (F1) by its title as shown there, e.g. "AI Gateway: Start Local Sandbox".
   * Returns once the palette has handed over: closed, or replaced by a quick pick the command opened (see pick()).
   */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    if (!(await input.isVisible())) {
      await this.page.locator('.monaco-workbench').focus();
      await this.page.keyboard.press('F1');
    }
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(`>${title}`);
    await this.pick(title);
    const deadline = Date.now() + UI_TIMEOUT_MS;
    while ((await input.isVisible()) && (await input.inputValue()).startsWith('>')) {
      if (Date.now() > deadline) throw new Error(`The command palette did not run "${title}"`);
      await pollPause();
    }
  }

  /** Chooses the item labelled exactly `label` in the open quick pick (or command palette). */
  async pick(label: string): Promise<void> {
    const item = this.page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await item.click();
  }

  /**
   * The frame holding a webview's own document. Webviews are nested iframes; this finds the frame whose document
   * title is `titleOrSelector` (the panel's HTML <title>) or whose content matches it as a CSS selector.
   */
  async webviewFrame(titleOrSelector: string, timeout = UI_TIMEOUT_MS): Promise<Frame> {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame() || frame.isDetached()) continue;
        if (await frameMatches(frame, titleOrSelector)) return frame;
      }
      if (Date.now() > deadline) {
        throw new Error(`No webview frame with title or content "${titleOrSelector}" within ${timeout} ms`);
      }
      await pollPause();
    }
  }

  /** Saves a full-page screenshot as test-results/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * When the extension host activated `extensionId`, from its log (VS Code writes the activation with a millisecond
   * time stamp in local time); undefined when it has not been activated.
   */
  extensionActivatedAt(extensionId: string): Date | undefined {
    for (const file of findFiles(join(this.userDataDir, 'logs'), /exthost\.log$/)) {
      const text = readFileSync(file, 'utf8');
      const line = text.split('\n').find((l) => l.includes('_doActivateExtension') && l.includes(extensionId));
      const stamp = line && /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
      if (stamp) return new Date(`${stamp[1]}T${stamp[2]}`);
    }
    return undefined;
  }

  /** Marks the run as failed, so that stop() keeps VS Code's logs in test-results/. */
  markFailed(): void {
    this.failed = true;
  }

  /**
   * Stops the browser, code-server and the sandbox; safe to call twice and after a failure. `beforeRemove` (first call
   * only) looks at what the run left on disk, flushed by the stop, before it is deleted.
   */
  stop(beforeRemove?: () => void): Promise<void> {
    this.stopping ??= this.parts.stopAll(this.failed, beforeRemove);
    return this.stopping;
  }
}

/**
 * The rows directly under `label` in `rows` (top to bottom): those after it one level deeper, until the list climbs
 * back to its level. Empty when `label` is not shown.
 */
export function childrenOf(rows: readonly TreeRow[], label: string): TreeRow[] {
  const start = rows.findIndex((r) => r.label === label);
  const parent = rows[start];
  if (!parent) return [];
  const children: TreeRow[] = [];
  for (const row of rows.slice(start + 1)) {
    if (row.level <= parent.level) break;
    if (row.level === parent.level + 1) children.push(row);
  }
  return children;
}

/** Between two looks at a state that changes asynchronously (a poll of the DOM, not a guess at a duration). */
function pollPause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100));
}

/** What treeRows() reads of a row element in the page (the tests compile without the DOM library). */
interface RowElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): { readonly textContent: string | null } | null;
}

async function frameMatches(frame: Frame, titleOrSelector: string): Promise<boolean> {
  try {
    if ((await frame.title()) === titleOrSelector) return true;
    return (await frame.locator(titleOrSelector).count()) > 0;
  } catch {
    // A frame navigating away, or a string that is not a valid selector.
    return false;
  }
}

function findFiles(dir: string, pattern: RegExp): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findFiles(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
