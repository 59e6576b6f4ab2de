// "From the OpenAPI spec" and Microsoft Foundry's client compatibility, through the wizard's real controller. The
// portal's OpenAPI import has no compatibility choice (Microsoft Learn, "Import an Azure OpenAI API"): the bundled
// versions are Azure OpenAI, and a local file keeps the surface its server names. A v1 file written like the official
// one (server `{endpoint}/openai/v1`) gets v1's base path rule and backend, and the openai SDK calls it with only its
// base URL and the key; a v1 choice on a bundled version, or a choice the file contradicts, is one sentence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ServiceRef } from '../../src/apim/refs';
import { SPEC_COMPATIBILITY_NOTE } from '../../src/domain/import/azureOpenAi/compatibility';
import { buildFoundrySpec } from '../../src/domain/import/azureOpenAi/foundrySpec';
import { accountId, aoaiForm, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard, reviewThroughWizard } from './helpers/aoaiWizardImport';
import { sandboxPerSuite } from './helpers/sandbox';
import { fetchTrusting } from './helpers/trustingFetch';

let service: ServiceRef;
const sb = sandboxPerSuite({}, async (started) => {
  service = await serviceRef(started, 'aiGateway');
});

/** A v1 document with the official spec's server form (`{endpoint}/openai/v1`, a full-URL variable). */
const v1File = JSON.stringify({
  ...buildFoundrySpec('v1'),
  servers: [{ url: '{endpoint}/openai/v1', variables: { endpoint: { default: '' } } }],
});

void describe('Import from the OpenAPI spec with Foundry surfaces', () => {
  void it('a local v1 file imports as Azure OpenAI v1: its base path rule, backend, and the openai SDK through it', async () => {
    const form = aoaiForm(accountId(sb, 'aiServices'), {
      mode: 'spec',
      spec: { kind: 'file', fileName: 'azure-v1.json' },
      compatibility: 'v1',
      displayName: 'Spec v1',
      basePath: 'spec-v1',
    });
    const run = await importThroughWizard(sb, service, { form, fileText: v1File, onExisting: 'conflict' });
    assert.equal(run.outcome.status, 'succeeded', describeWizardOutcome(run.outcome));
    assert.equal(run.review.endpoint, `${service.gatewayUrl}/spec-v1/openai/v1`);
    assert.match(run.review.steps.find((s) => s.id.startsWith('api:'))?.title ?? '', /from azure-v1\.json: POST \/chat\/completions/);
    const apim = sb.apim(service.subscriptionId);
    const api = await apim.api.get(service.resourceGroup, service.name, 'spec-v1');
    assert.equal(api.path, 'spec-v1/openai/v1');
    assert.equal(api.serviceUrl, `${sb.sandbox.context.origin}/aoai/contoso-aiservices/openai/v1`);
    const backend = await apim.backend.get(service.resourceGroup, service.name, 'spec-v1-backend');
    assert.match(backend.url ?? '', /\/aoai\/contoso-aiservices\/openai\/v1$/);

    const key = await masterKey(sb, service);
    const client = new OpenAI({
      baseURL: run.review.endpoint,
      apiKey: key,
      defaultHeaders: { 'api-key': key },
      fetch: fetchTrusting(sb.ca),
      maxRetries: 0,
    });
    const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    assert.ok(chat.usage && chat.usage.total_tokens > 0);
  });

  void it('refuses a compatibility the spec does not have, in one sentence, before anything is written', async () => {
    const bundled = aoaiForm(accountId(sb, 'aiServices'), {
      mode: 'spec',
      compatibility: 'v1',
      displayName: 'Spec bundled v1',
      basePath: 'sb1',
    });
    await assert.rejects(reviewThroughWizard(sb, service, { form: bundled, onExisting: 'conflict' }), (e: Error) => {
      assert.ok(e.message.includes(SPEC_COMPATIBILITY_NOTE), e.message);
      return true;
    });
    const contradicted = aoaiForm(accountId(sb, 'aiServices'), {
      mode: 'spec',
      spec: { kind: 'file', fileName: 'azure-v1.json' },
      displayName: 'Spec v1 as Azure OpenAI',
      basePath: 'sv2',
    });
    await assert.rejects(
      reviewThroughWizard(sb, service, { form: contradicted, fileText: v1File, onExisting: 'conflict' }),
      /The file azure-v1\.json describes the Azure OpenAI v1 API, not Azure OpenAI\. Choose the file again\./,
    );
  });
});
