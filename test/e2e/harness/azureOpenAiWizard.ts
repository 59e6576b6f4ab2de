/** Opens "Import Azure OpenAI API…" on the seeded contoso-ai-gateway from the tree, as the import e2e tests start. */
import type { Frame } from 'playwright-core';
import type { Workbench } from './Workbench';

export async function openAzureOpenAiWizard(wb: Workbench): Promise<Frame> {
  await wb.openView('AI Gateway');
  await wb.waitForRow('Contoso Production');
  await wb.expand('Contoso Production');
  await wb.waitForRow('contoso-ai-gateway');
  await wb.runCommand('AI Gateway: Import Azure OpenAI API…');
  await wb.pick('contoso-ai-gateway');
  return wb.webviewFrame('Import API: contoso-ai-gateway');
}
