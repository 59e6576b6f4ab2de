// The official `openai` npm SDK through the sandbox gateway, on an API shaped as a Microsoft Foundry import in
// Azure OpenAI v1 mode (base path `{base}/openai/v1`, backend `{account}/openai/v1`, managed identity to the account,
// the subscription key in `api-key`): responses.create whole and streamed, chat.completions.create, all with usage,
// and the gateway's token metric counting Responses usage. The sandbox CA is handed to the SDK through its `fetch`
// option (a node:https fetch trusting that CA) — in the test only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { fetchTrusting } from './helpers/trustingFetch';
import { addAppInsightsLogger, addComponent, addMetricsDiagnostic } from '../../src/sandbox/seedGovernance';
import type { RunningSandbox } from '../../src/sandbox/server';
import {
  RG,
  addAccount,
  addApi,
  addBackend,
  addRoleAssignment,
  addService,
  addSubscription,
  startEmptySandbox,
} from './helpers/gatewayFixtures';

void describe('openai SDK through the gateway (Azure OpenAI v1 mode)', () => {
  const principal = 'f0f0f0f0-0000-4000-8000-00000000f00d';
  let sandbox: RunningSandbox;
  let client: OpenAI;
  before(async () => {
    sandbox = await startEmptySandbox();
    const store = sandbox.context.store;
    const svc = addService(store, 'apim-foundry', principal);
    const account = addAccount(store, sandbox.context.origin, 'foundry-sdk', 'unused-key', [['gpt-4o-mini', 'gpt-4o-mini']], '2024-07-18');
    addRoleAssignment(store, account, 'ra-foundry', principal, '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd');
    addBackend(store, svc, 'foundry-sdk-v1', { url: `${sandbox.context.origin}/aoai/foundry-sdk/openai/v1` });
    addApi(store, svc, 'foundry-v1', {
      path: 'foundry/openai/v1',
      keyHeader: 'api-key',
      operations: [
        ['POST', '/chat/completions'],
        ['POST', '/responses'],
        ['POST', '/embeddings'],
        ['GET', '/models'],
      ],
      policy:
        '<policies><inbound><base /><set-backend-service backend-id="foundry-sdk-v1" /><authentication-managed-identity resource="https://cognitiveservices.azure.com" /><llm-emit-token-metric namespace="foundry"><dimension name="API ID" /></llm-emit-token-metric></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>',
    });
    addSubscription(store, svc, 'sdk-sub', '/apis', 'sdk-subscription-key');
    const component = addComponent(store, RG, 'appi-foundry', { location: 'westeurope', withDimensions: true });
    addMetricsDiagnostic(store, `${svc}/apis/foundry-v1`, addAppInsightsLogger(store, svc, 'appi-foundry', component));
    // APIM reads the subscription key from the API's header (`api-key`), not from `Authorization: Bearer`, so the
    // key is given as the SDK's apiKey and sent in that header too.
    client = new OpenAI({
      baseURL: `${sandbox.context.origin}/gateway/apim-foundry/foundry/openai/v1`,
      apiKey: 'sdk-subscription-key',
      defaultHeaders: { 'api-key': 'sdk-subscription-key' },
      fetch: fetchTrusting(sandbox.context.caPem),
      maxRetries: 0,
    });
  });
  after(() => sandbox.close());

  void it('responses.create answers with usage, and a second turn knows the first', async () => {
    sandbox.context.metrics.length = 0;
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Remember the word zebra' });
    assert.equal(first.status, 'completed');
    assert.ok(first.output_text.length > 0);
    assert.ok(first.usage && first.usage.input_tokens > 0 && first.usage.output_tokens > 0);
    assert.equal(first.usage.input_tokens_details.cached_tokens, 0);
    assert.equal(first.usage.output_tokens_details.reasoning_tokens, 0);
    assert.equal(first.model, 'gpt-4o-mini-2024-07-18');
    const metric = sandbox.context.metrics.at(-1) as { promptTokens: number; completionTokens: number } | undefined;
    assert.equal(metric?.promptTokens, first.usage.input_tokens, 'the token metric counts Responses input_tokens');
    assert.equal(metric.completionTokens, first.usage.output_tokens);

    const second = await client.responses.create({ model: 'gpt-4o-mini', input: 'Which word?', previous_response_id: first.id });
    assert.match(second.output_text, /Earlier in this conversation you asked: "Remember the word zebra"/);
    assert.ok((second.usage?.input_tokens ?? 0) > first.usage.input_tokens + first.usage.output_tokens);
  });

  void it('responses.create streams output_text deltas and ends with usage', async () => {
    sandbox.context.metrics.length = 0;
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'Stream a short answer', stream: true });
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.ok(types.filter((t) => t === 'response.output_text.delta').length > 1);
    assert.equal(completed?.output_text ?? completedText(completed), text);
    assert.ok(completed?.usage && completed.usage.output_tokens > 0);
    const metric = sandbox.context.metrics.at(-1) as { promptTokens: number; completionTokens: number } | undefined;
    assert.equal(metric?.completionTokens, completed.usage.output_tokens, 'streamed Responses usage is read from response.completed');
  });

  void it('chat.completions.create answers with usage, whole and streamed', async () => {
    const whole = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
    assert.ok(whole.choices[0].message.content);
    assert.ok(whole.usage && whole.usage.prompt_tokens > 0 && whole.usage.completion_tokens > 0);
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    assert.ok(usage && usage.total_tokens > 0);
  });

  void it('a model the account has no deployment of is a 404 the SDK reports', async () => {
    await assert.rejects(
      client.responses.create({ model: 'gpt-9', input: 'hi' }),
      (err: unknown) => err instanceof OpenAI.APIError && err.status === 404,
    );
  });
});

function completedText(r: OpenAI.Responses.Response | undefined): string {
  const item = r?.output[0];
  return item?.type === 'message' ? item.content.map((c) => (c.type === 'output_text' ? c.text : '')).join('') : '';
}
