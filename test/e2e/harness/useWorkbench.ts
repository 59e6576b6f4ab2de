/**
 * One workbench for the tests of a `describe` block: started before them, stopped after them (whatever happened), and a
 * screenshot of every failed test kept in test-results/ along with VS Code's logs.
 *
 *   describe('explorer', () => {
 *     const workbench = useWorkbench({ seed: 'default' });
 *     test('shows instances', async () => { await workbench().openView('AI Gateway'); ... });
 *   });
 */
import { after, afterEach, before, type SuiteContext, type TestContext } from 'node:test';
import { startWorkbench, type WorkbenchOptions } from './startWorkbench';
import type { Workbench } from './Workbench';

/** Starting the sandbox, installing the .vsix and starting code-server; the first run also prepares code-server. */
const START_TIMEOUT_MS = 10 * 60_000;

export function useWorkbench(options: WorkbenchOptions = {}): () => Workbench {
  let workbench: Workbench | undefined;
  before(
    async () => {
      workbench = await startWorkbench(options);
    },
    { timeout: START_TIMEOUT_MS },
  );
  afterEach(async (t) => {
    if (!workbench || !failed(t)) return;
    workbench.markFailed();
    const path = await workbench.screenshot(`failed-${t.name}`).catch((error: unknown) => `(none: ${String(error)})`);
    process.stderr.write(`Screenshot of the failure: ${path}\n`);
  });
  after(async () => {
    await workbench?.stop();
  });
  return () => {
    if (!workbench) throw new Error('The workbench did not start: see the error of the "before" hook');
    return workbench;
  };
}

/** Node 20.19+ reports the outcome on the context of afterEach hooks; its type definitions do not say so yet. */
function failed(t: TestContext | SuiteContext): boolean {
  return 'passed' in t && t.passed === false;
}
