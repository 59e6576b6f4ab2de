/**
 * "Copy Code for API…": the subscription (one whose scope covers the API), the language and the model or deployment,
 * then the code on the clipboard, with the key read from a named environment variable, never in the text.
 */
import * as vscode from 'vscode';
import type { ApiSummary } from '../apim/apis';
import { listApiProductNames } from '../apim/products';
import { listApimSubscriptions, scopeCoversApi, type ApimSubscriptionSummary } from '../apim/subscriptions';
import type { AzureClients } from '../azure/clients';
import { LANGUAGES, SNIPPET_LANGUAGES, renderSnippet, type SnippetLanguage } from '../domain/snippets/languages';
import { loadSnippetApi, snippetDescription } from './codeSnippets';
import { ask, choose } from '../ui/quickInput';

const TITLE = 'Copy Code for API';

export interface CopiedCode {
  readonly language: SnippetLanguage;
  readonly keyVariable: string;
  readonly text: string;
}

export async function copyCodeForApi(
  clients: AzureClients,
  api: ApiSummary,
  log: vscode.LogOutputChannel,
  preferred?: ApimSubscriptionSummary,
): Promise<CopiedCode> {
  const [snippetApi, subscription] = await Promise.all([
    loadSnippetApi(clients, api, log),
    preferred ? Promise.resolve(preferred) : pickCoveringSubscription(clients, api),
  ]);
  const language = await choose<SnippetLanguage>(
    TITLE,
    'Language',
    SNIPPET_LANGUAGES.map((l) => ({
      label: LANGUAGES[l].label,
      description: LANGUAGES[l].detail(snippetDescription(snippetApi, subscription, '')),
      value: l,
    })),
  );
  const what = snippetApi.flavour === 'azureOpenAi' ? 'Deployment' : 'Model';
  const model =
    snippetApi.models.length > 0
      ? await choose(
          TITLE,
          what,
          snippetApi.models.map((m) => ({ label: m, value: m })),
        )
      : await ask(TITLE, `${what} name`, { validate: (v) => (v.trim() === '' ? `Enter the ${what.toLowerCase()} name.` : undefined) });
  const description = snippetDescription(snippetApi, subscription, model.trim());
  const text = renderSnippet(description, language);
  await vscode.env.clipboard.writeText(text);
  const open = 'Open in editor';
  void vscode.window
    .showInformationMessage(
      `Copied the ${LANGUAGES[language].label} code for "${api.displayName}". Set ${description.keyVariable} to the key of "${subscription.displayName}" before you run it.`,
      open,
    )
    .then(async (answer) => {
      if (answer !== open) return;
      const doc = await vscode.workspace.openTextDocument({ content: text, language: LANGUAGES[language].languageId });
      await vscode.window.showTextDocument(doc);
    });
  return { language, keyVariable: description.keyVariable, text };
}

async function pickCoveringSubscription(clients: AzureClients, api: ApiSummary): Promise<ApimSubscriptionSummary> {
  const [subs, products] = await Promise.all([
    listApimSubscriptions(clients, api.service),
    listApiProductNames(clients, api.service, api.apiId),
  ]);
  const covering = subs.filter((s) => s.state.toLowerCase() === 'active' && scopeCoversApi(s.scope, api.apiId, products));
  if (covering.length === 0) {
    throw new Error(`No active subscription opens "${api.displayName}". Onboard a team with this API first.`);
  }
  return choose(
    TITLE,
    'Subscription whose key the code uses',
    covering.map((s) => ({ label: s.displayName, description: `${s.name} · ${s.scope}`, value: s })),
  );
}
