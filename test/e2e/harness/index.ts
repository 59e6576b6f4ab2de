/** The end-to-end harness: a real VS Code (code-server) in Chromium, with the packaged extension and a local sandbox. */
export { startWorkbench, type WorkbenchOptions } from './startWorkbench';
export { useWorkbench } from './useWorkbench';
export { childrenOf, UI_TIMEOUT_MS, Workbench, type TreeRow } from './Workbench';
export { choose, clickButton, labelled, typeInto } from './controls';
export { openAzureOpenAiWizard } from './azureOpenAiWizard';
