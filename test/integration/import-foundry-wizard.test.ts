// The wizard's Azure OpenAI mode with Microsoft Foundry's client compatibility choices, through the real controller:
// the seeded AIServices account imported in Azure OpenAI v1 mode (base path rule, backend suffix, the bundled v1
// operations, managed identity, Review's SDK sentence), then the official `openai` SDK calling the imported API with
// only its base URL and the subscription key; model inference's base path and operations in Review.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import { aoaiResourceNames } from '../../src/domain/import/azureOpenAi/names';
import { accountId, aoaiForm, clientsOf, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard, reviewThroughWizard, stepKinds } from './helpers/aoaiWizardImport';
import { sandboxPerSuite } from './helpers/sandbox';
import { gatewayOpenAi } from './helpers/trustingFetch';

let service: ServiceRef;
const sb = sandboxPerSuite({}, async (started) => {
  service = await serviceRef(started, 'aiGateway');
});

void describe('Import wizard, Foundry client compatibility', () => {
  void it('imports the AIServices account in v1 mode, and the openai SDK calls it with only baseURL and the key', async () => {
    const form = aoaiForm(accountId(sb, 'aiServices'), { compatibility: 'v1', basePath: 'foundry', displayName: 'Foundry v1' });
    const run = await importThroughWizard(sb, service, { form, onExisting: 'conflict' });
    assert.equal(run.outcome.status, 'succeeded', describeWizardOutcome(run.outcome));
    assert.deepEqual(stepKinds(run.review).slice(0, 2), ['serviceIdentity', 'roleAssignment']);
    assert.equal(run.review.endpoint, `${service.gatewayUrl}/foundry/openai/v1`);
    assert.match(run.review.title, /Azure OpenAI v1/);
    assert.match(run.review.clientSettings ?? '', /OpenAI SDKs .* baseURL .*\/foundry\/openai\/v1, no api-version/);
    const apiStep = run.review.steps.find((s) => s.id.startsWith('api:'));
    assert.match(apiStep?.title ?? '', /POST \/chat\/completions, POST \/responses, POST \/embeddings, GET \/models/);

    const apis = clientsOf(sb).apim(service.subscriptionId);
    const names = aoaiResourceNames('Foundry v1');
    const api = await (await apis).api.get(service.resourceGroup, service.name, names.apiId);
    assert.equal(api.path, 'foundry/openai/v1');
    const backend = await (await apis).backend.get(service.resourceGroup, service.name, names.backendId);
    assert.match(backend.url ?? '', /\/aoai\/contoso-aiservices\/openai\/v1$/);

    const key = await masterKey(sb, service);
    const client = gatewayOpenAi(run.review.endpoint, key, sb.ca);
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Remember the colour teal' });
    assert.ok(first.usage && first.usage.input_tokens > 0 && first.usage.output_tokens > 0);
    const second = await client.responses.create({ model: 'gpt-4o-mini', input: 'Which colour?', previous_response_id: first.id });
    assert.match(second.output_text, /Remember the colour teal/);
    const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    assert.ok(chat.usage && chat.usage.total_tokens > 0);
  });

  void it('reviews model inference with its base path rule and operations', async () => {
    const form = aoaiForm(accountId(sb, 'aiServices'), {
      compatibility: 'modelInference',
      basePath: 'inference/openai',
      displayName: 'Foundry inference',
    });
    const review = await reviewThroughWizard(sb, service, { form, onExisting: 'conflict' });
    assert.equal(review.endpoint, `${service.gatewayUrl}/inference/openai/models`);
    assert.match(review.clientSettings ?? '', /Azure AI Inference SDK .* api-version 2024-05-01-preview/);
    const apiStep = review.steps.find((s) => s.id.startsWith('api:'));
    assert.match(apiStep?.title ?? '', /POST \/chat\/completions, POST \/embeddings, GET \/info/);
    assert.match(review.curl, /\/models\/chat\/completions\?api-version=2024-05-01-preview/);
  });
});
