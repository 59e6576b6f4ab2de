// "Copy Code for API…": the generated snippets run against the sandbox gateway with the team's key. The JavaScript and
// TypeScript ones are executed with the official `openai` npm package (OpenAI and AzureOpenAI clients) and must answer
// 200 with usage; the Python one is compiled; C#, curl and .http are checked for endpoint, header and variable. The
// key reaches the snippets only through the environment: it is in none of their texts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { getApi } from '../../src/apim/apis';
import type { ServiceRef } from '../../src/apim/refs';
import type { ClientDescription } from '../../src/domain/snippets/clientDescription';
import { LANGUAGES, SNIPPET_LANGUAGES, renderSnippet, type SnippetLanguage } from '../../src/domain/snippets/languages';
import type { Logger } from '../../src/log';
import { loadSnippetApi, snippetDescription } from '../../src/teams/codeSnippets';
import { accountId, aoaiForm } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard } from './helpers/aoaiWizardImport';
import { gatewayService, sandboxClients } from './helpers/lmImport';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';
import { LLM_API, onboard, teamForm } from './helpers/teams';

const run = promisify(execFile);
const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
const quiet: Logger = { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
// Under the repository, so that `import 'openai'` resolves to the dev dependency; test-results/ is ignored by git.
const SNIPPET_ROOT = resolve(__dirname, '../../test-results/snippets');

void describe('Generated code snippets against the sandbox gateway', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let dir: string;

  before(async () => {
    service = await gatewayService(sb);
    await mkdir(SNIPPET_ROOT, { recursive: true });
    dir = await mkdtemp(join(SNIPPET_ROOT, 'run-'));
  });

  async function describeFor(apiId: string, subscription: string): Promise<{ description: ClientDescription; key: string }> {
    const clients = sandboxClients(sb);
    const api = await getApi(clients, service, apiId);
    assert.ok(api);
    const snippetApi = await loadSnippetApi(clients, api, quiet);
    const model = snippetApi.models[0] ?? 'gpt-4o-mini';
    const description = snippetDescription(snippetApi, { name: subscription, displayName: subscription }, model);
    const key = (await sb.apim().subscription.listSecrets(RG, SVC, subscription)).primaryKey!;
    return { description, key };
  }

  /** Runs a snippet as a user would: `node snippet.mjs` (or through tsx), the key and the sandbox CA in the environment. */
  async function execute(language: 'javascript' | 'typescript', description: ClientDescription, key: string): Promise<string> {
    const file = join(dir, `${description.keyVariable.toLowerCase()}-${language}.${LANGUAGES[language].fileExtension}`);
    await writeFile(file, renderSnippet(description, language));
    const args = language === 'typescript' ? ['--import', 'tsx', file] : [file];
    const { stdout } = await run(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', [description.keyVariable]: key, NODE_EXTRA_CA_CERTS: sb.connection.caCertFile },
      timeout: 60_000,
    });
    return stdout;
  }

  void it('runs the JavaScript and TypeScript snippets (OpenAI client) with the team key: 200 with usage', async () => {
    await onboard(sb, service, teamForm('Snippet team'));
    const { description, key } = await describeFor(LLM_API.id, 'snippet-team');
    assert.equal(description.keyVariable, 'SNIPPET_TEAM_KEY');
    assert.equal(description.baseUrl, `${service.gatewayUrl}/${LLM_API.path}`);
    for (const language of ['javascript', 'typescript'] as const) {
      const out = await execute(language, description, key);
      assert.match(out, /total_tokens: \d+/, `${language}: ${out}`);
    }
  });

  void it('runs the JavaScript snippet (AzureOpenAI client) against an imported Azure OpenAI API: 200 with usage', async () => {
    const { outcome } = await importThroughWizard(sb, service, {
      form: aoaiForm(accountId(sb, 'openai'), { displayName: 'AOAI for snippets', basePath: 'snip' }),
      onExisting: 'conflict',
    });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    await onboard(sb, service, teamForm('Azure team', { apiIds: ['aoai-for-snippets'] }));
    const { description, key } = await describeFor('aoai-for-snippets', 'azure-team');
    assert.equal(description.flavour, 'azureOpenAi');
    assert.ok(['gpt-4o', 'gpt-4o-mini'].includes(description.model), description.model);
    const out = await execute('javascript', description, key);
    assert.match(out, /total_tokens: \d+/, out);
    const python = renderSnippet(description, 'python');
    assert.match(python, /from openai import AzureOpenAI/);
    assert.match(python, /api_version="2024-10-21"/);
    assert.match(renderSnippet(description, 'csharp'), /new AzureOpenAIClient\(new Uri\(".*\/snip"\), new AzureKeyCredential\(key\)/);
  });

  void it("runs the JavaScript and TypeScript snippets against Foundry's v1 and model inference APIs: 200 with usage", async () => {
    const apis = [
      { compatibility: 'v1', displayName: 'Foundry v1 snippets', basePath: 'snip-v1', path: 'snip-v1/openai/v1' },
      { compatibility: 'modelInference', displayName: 'Foundry inference snippets', basePath: 'snip-inf', path: 'snip-inf/models' },
    ] as const;
    for (const a of apis) {
      const { outcome } = await importThroughWizard(sb, service, {
        form: aoaiForm(accountId(sb, 'aiServices'), { compatibility: a.compatibility, displayName: a.displayName, basePath: a.basePath }),
        onExisting: 'conflict',
      });
      assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    }
    await onboard(sb, service, teamForm('Foundry team', { apiIds: ['foundry-v1-snippets', 'foundry-inference-snippets'] }));
    for (const a of apis) {
      const { description, key } = await describeFor(a.displayName.toLowerCase().replace(/ /g, '-'), 'foundry-team');
      // OpenAI clients, the account's chat deployment as the model (embeddings left out), only baseURL and the key header.
      assert.equal(description.flavour, 'openai');
      assert.equal(description.baseUrl, `${service.gatewayUrl}/${a.path}`);
      assert.equal(description.model, 'gpt-4o-mini');
      assert.equal(description.apiVersion, a.compatibility === 'v1' ? undefined : '2024-05-01-preview');
      for (const language of ['javascript', 'typescript'] as const) {
        const out = await execute(language, description, key);
        assert.match(out, /total_tokens: \d+/, `${a.compatibility} ${language}: ${out}`);
      }
    }
  });

  void it('compiles the Python snippet and checks C#, curl and .http for endpoint, key header and variable; no key in any', async () => {
    const { description, key } = await describeFor(LLM_API.id, 'snippet-team');
    const texts = Object.fromEntries(SNIPPET_LANGUAGES.map((l) => [l, renderSnippet(description, l)])) as Record<SnippetLanguage, string>;
    for (const [language, text] of Object.entries(texts)) {
      assert.ok(!text.includes(key), `${language} must not contain the key`);
      assert.ok(text.includes(description.keyVariable), `${language} reads ${description.keyVariable}`);
      assert.ok(text.includes(description.baseUrl), `${language} names the endpoint`);
    }
    const py = join(dir, 'snippet.py');
    await writeFile(py, texts.python);
    await run('python3', ['-m', 'py_compile', py], { timeout: 60_000 });
    assert.match(texts.python, /default_headers=\{"api-key": key, "Authorization": Omit\(\)\}/);
    assert.match(texts.csharp, /Environment\.GetEnvironmentVariable\("SNIPPET_TEAM_KEY"\)/);
    assert.match(texts.csharp, /CreateHeaderApiKeyPolicy\(new ApiKeyCredential\(key\), "api-key"\)/);
    assert.match(texts.curl, /-H "api-key: \$SNIPPET_TEAM_KEY"/);
    assert.match(texts.http, /@apiKey = \{\{\$processEnv SNIPPET_TEAM_KEY\}\}/);
    assert.match(
      texts.http,
      new RegExp(`POST ${description.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/chat/completions\\napi-key: \\{\\{apiKey\\}\\}`),
    );
  });
});
