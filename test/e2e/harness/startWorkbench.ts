/**
 * Starts everything an end-to-end scenario needs, the way a user would meet it: a local sandbox, its connection file,
 * user settings that select it, the packaged .vsix installed into a fresh extensions dir, code-server with a fresh
 * user-data-dir, and Chromium showing the workbench.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SandboxConnection } from '../../../src/sandbox/connection';
import { launchChromium } from './chromium';
import { installExtension, prepareCodeServer, startCodeServer } from './codeServer';
import { repoRoot, resultsDir } from './paths';
import { startSandboxCli, type SandboxOptions } from './sandbox';
import { writeUserSettings, type Settings } from './settings';
import { packagedVsix } from './vsix';
import { UI_TIMEOUT_MS, Workbench } from './Workbench';

export interface WorkbenchOptions extends SandboxOptions {
  /** User settings added to (or overriding) the sandbox ones. */
  readonly settings?: Settings;
  /**
   * false: start no sandbox and write no connection file (environment `sandbox` still), as a user who has not started
   * one yet; the extension then offers to start its own.
   */
  readonly sandbox?: boolean;
}

let runs = 0;

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const runId = `${process.pid}-${++runs}`;
  const logsDir = join(resultsDir, 'logs');
  const root = mkdtempSync(join(tmpdir(), 'aigw-e2e-'));
  const dirs = {
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    homeDir: join(root, 'home'),
  };
  const workspaceDir = join(root, 'workspace');
  const connectionFile = join(root, 'sandbox-connection.json');
  for (const dir of [...Object.values(dirs), workspaceDir, logsDir]) mkdirSync(dir, { recursive: true });

  // Undone in reverse order by stopAll, also when the start fails half way.
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async (keepLogs: boolean, beforeRemove?: () => void): Promise<void> => {
    if (keepLogs) copyVsCodeLogs(dirs.userDataDir, join(logsDir, `vscode-${runId}`));
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`e2e cleanup: ${String(error)}\n`);
      }
    }
    try {
      beforeRemove?.();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  let page: Page | undefined;
  try {
    const [vsix] = await Promise.all([packagedVsix(), prepareCodeServer()]);
    let connection: SandboxConnection | undefined;
    if (options.sandbox !== false) {
      const sandbox = await startSandboxCli(options, join(root, 'sandbox-state'), join(logsDir, `sandbox-${runId}.log`));
      cleanups.push(() => sandbox.process.stop());
      writeFileSync(connectionFile, `${sandbox.line}\n`, { mode: 0o600 });
      connection = sandbox.connection;
    }
    writeUserSettings(dirs.userDataDir, {
      'aiGateway.environment': 'sandbox',
      ...(connection ? { 'aiGateway.sandbox.connectionFile': connectionFile } : {}),
      ...options.settings,
    });

    await installExtension(vsix, dirs);
    const server = await startCodeServer(workspaceDir, dirs, join(logsDir, `code-server-${runId}.log`));
    cleanups.push(() => server.process.stop());

    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspaceDir)}`);
    // The workbench shows before the extension host has registered the extensions' contributions; until then the
    // command palette does not list our commands. Our activity bar entry appearing is the sign that it has.
    await page
      .locator('.monaco-workbench .part.activitybar')
      .getByRole('tab', { name: activityBarTitle() })
      .waitFor({ state: 'visible', timeout: 2 * UI_TIMEOUT_MS });

    return new Workbench({
      browser,
      page,
      url: server.url,
      connection,
      workspaceDir,
      userDataDir: dirs.userDataDir,
      extensionsDir: dirs.extensionsDir,
      connectionFile,
      stopAll,
    });
  } catch (error) {
    if (page) {
      await page.screenshot({ path: join(resultsDir, `startup-failed-${runId}.png`) }).catch(() => undefined);
    }
    await stopAll(true);
    throw error;
  }
}

/** The title of the extension's view container in the activity bar, from the manifest. */
function activityBarTitle(): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes?: { viewsContainers?: { activitybar?: Array<{ title?: string }> } };
  };
  const title = manifest.contributes?.viewsContainers?.activitybar?.[0]?.title;
  if (!title) throw new Error('package.json contributes no activity bar view container');
  return title;
}

function copyVsCodeLogs(userDataDir: string, to: string): void {
  try {
    cpSync(join(userDataDir, 'logs'), to, { recursive: true });
  } catch {
    // No logs yet: VS Code never started.
  }
}
