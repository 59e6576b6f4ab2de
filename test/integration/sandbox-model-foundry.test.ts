// The mock's Microsoft Foundry surfaces over real HTTPS: Azure OpenAI v1 (chat, Responses whole and streamed, models,
// embeddings) and Azure AI model inference, with real token counts, deployment checks, roles and conversation memory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { mintManagedIdentityToken } from '../../src/sandbox/managedIdentity';
import type { RunningSandbox } from '../../src/sandbox/server';
import { RG, addAccount, addRoleAssignment, call, startEmptySandbox } from './helpers/gatewayFixtures';

interface ResponseBody {
  id: string;
  status: string;
  model: string;
  previous_response_id: string | null;
  output: Array<{ type: string; role: string; content: Array<{ type: string; text: string }> }>;
  usage: {
    input_tokens: number;
    output_tokens: number;
    total_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens_details: { reasoning_tokens: number };
  };
}

const promptTokens = (messages: ReadonlyArray<{ role: string; content: string }>): number =>
  3 + messages.reduce((n, m) => n + 3 + o200k.countTokens(m.role) + o200k.countTokens(m.content), 0);

/** The `event:`/`data:` pairs of an SSE body. */
function sseEvents(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '';
      const data = JSON.parse(lines.find((l) => l.startsWith('data: '))?.slice(6) ?? 'null') as Record<string, unknown>;
      return { event, data };
    });
}

void describe('mock model: Foundry surfaces', () => {
  let sandbox: RunningSandbox;
  let v1: string;
  let inference: string;
  const key = { 'api-key': 'account-key-1' };
  before(async () => {
    sandbox = await startEmptySandbox();
    addAccount(sandbox.context.store, sandbox.context.origin, 'foundry-test', 'account-key-1', [
      ['chat', 'gpt-4o'],
      ['emb', 'text-embedding-3-small'],
    ]);
    v1 = `${sandbox.context.origin}/aoai/foundry-test/openai/v1`;
    inference = `${sandbox.context.origin}/aoai/foundry-test/models`;
  });
  after(() => sandbox.close());

  void it('answers v1 chat completions with the deployment named in the body, key as api-key or bearer', async () => {
    const messages = [{ role: 'user', content: 'What is a gateway?' }];
    for (const headers of [key, { authorization: 'Bearer account-key-1' }]) {
      const r = await call(sandbox, `${v1}/chat/completions`, { headers, body: { model: 'chat', messages } });
      assert.equal(r.status, 200, r.text);
      const body = r.json<{ model: string; usage: { prompt_tokens: number } }>();
      assert.equal(body.model, 'gpt-4o-2024-08-06');
      assert.equal(body.usage.prompt_tokens, promptTokens(messages));
    }
    const unknown = await call(sandbox, `${v1}/chat/completions`, { headers: key, body: { model: 'gpt-9', messages } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json<{ error: { code: string } }>().error.code, 'DeploymentNotFound');
    const wrongKind = await call(sandbox, `${v1}/chat/completions`, { headers: key, body: { model: 'emb', messages } });
    assert.equal(wrongKind.status, 400);
    assert.equal(wrongKind.json<{ error: { code: string } }>().error.code, 'OperationNotSupported');
    const badVersion = await call(sandbox, `${v1}/chat/completions?api-version=2024-10-21`, {
      headers: key,
      body: { model: 'chat', messages },
    });
    assert.equal(badVersion.status, 400);
    assert.equal(
      (await call(sandbox, `${v1}/chat/completions`, { headers: { 'api-key': 'nope' }, body: { model: 'chat', messages } })).status,
      401,
    );
  });

  void it('lists the deployments at /models and embeds at /embeddings', async () => {
    const models = await call(sandbox, `${v1}/models`, { headers: key });
    assert.equal(models.status, 200);
    assert.deepEqual(
      models.json<{ data: Array<{ id: string }> }>().data.map((m) => m.id),
      ['chat', 'emb'],
    );
    const emb = await call(sandbox, `${v1}/embeddings`, { headers: key, body: { model: 'emb', input: 'hello world' } });
    assert.equal(emb.status, 200);
    assert.equal(emb.json<{ usage: { prompt_tokens: number } }>().usage.prompt_tokens, o200k.countTokens('hello world'));
  });

  void it('answers a Responses request with real usage and details', async () => {
    const r = await call(sandbox, `${v1}/responses`, {
      headers: key,
      body: { model: 'chat', instructions: 'Be terse.', input: 'Tell me about token limits' },
    });
    assert.equal(r.status, 200, r.text);
    const body = r.json<ResponseBody>();
    assert.match(body.id, /^resp_/);
    assert.equal(body.status, 'completed');
    const text = body.output[0].content[0].text;
    assert.equal(body.output[0].content[0].type, 'output_text');
    assert.equal(
      body.usage.input_tokens,
      promptTokens([
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Tell me about token limits' },
      ]),
    );
    assert.equal(body.usage.output_tokens, o200k.countTokens(text));
    assert.equal(body.usage.total_tokens, body.usage.input_tokens + body.usage.output_tokens);
    assert.deepEqual(body.usage.input_tokens_details, { cached_tokens: 0 });
    assert.deepEqual(body.usage.output_tokens_details, { reasoning_tokens: 0 });
  });

  void it('remembers a conversation through previous_response_id, and refuses an unknown one', async () => {
    const first = (
      await call(sandbox, `${v1}/responses`, { headers: key, body: { model: 'chat', input: 'My name is Ada' } })
    ).json<ResponseBody>();
    const second = await call(sandbox, `${v1}/responses`, {
      headers: key,
      body: { model: 'chat', input: 'What did I say first?', previous_response_id: first.id },
    });
    assert.equal(second.status, 200, second.text);
    const body = second.json<ResponseBody>();
    assert.equal(body.previous_response_id, first.id);
    assert.match(body.output[0].content[0].text, /Earlier in this conversation you asked: "My name is Ada"/);
    // The whole history is billed as input, as OpenAI does.
    const history = [
      { role: 'user', content: 'My name is Ada' },
      { role: 'assistant', content: first.output[0].content[0].text },
      { role: 'user', content: 'What did I say first?' },
    ];
    assert.equal(body.usage.input_tokens, promptTokens(history));
    const lost = await call(sandbox, `${v1}/responses`, {
      headers: key,
      body: { model: 'chat', input: 'again', previous_response_id: 'resp_missing' },
    });
    assert.equal(lost.status, 400);
    assert.equal(lost.json<{ error: { code: string } }>().error.code, 'previous_response_not_found');
    // Input history (no stored id) works too.
    const replay = (await call(sandbox, `${v1}/responses`, { headers: key, body: { model: 'chat', input: history } })).json<ResponseBody>();
    assert.match(replay.output[0].content[0].text, /Earlier in this conversation/);
  });

  void it('streams a response with the OpenAI event sequence and usage on response.completed', async () => {
    const r = await call(sandbox, `${v1}/responses`, { headers: key, body: { model: 'chat', input: 'Stream this please', stream: true } });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /text\/event-stream/);
    const events = sseEvents(r.text);
    const types = events.map((e) => e.event);
    assert.deepEqual(types.slice(0, 4), [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    assert.deepEqual(types.slice(-4), [
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    assert.ok(types.filter((t) => t === 'response.output_text.delta').length > 1);
    assert.deepEqual(
      events.map((e) => e.data.sequence_number),
      events.map((_, i) => i),
    );
    for (const e of events) assert.equal(e.data.type, e.event);
    const deltas = events.filter((e) => e.event === 'response.output_text.delta').map((e) => String(e.data.delta));
    const done = events.find((e) => e.event === 'response.output_text.done');
    assert.equal(deltas.join(''), done?.data.text);
    const completed = events[events.length - 1].data.response as ResponseBody;
    assert.equal(completed.usage.output_tokens, o200k.countTokens(deltas.join('')));
    assert.ok(!r.text.includes('[DONE]'));
  });

  void it('stops at max_output_tokens with status incomplete', async () => {
    const r = await call(sandbox, `${v1}/responses`, {
      headers: key,
      body: { model: 'chat', input: 'Long answer', max_output_tokens: 16 },
    });
    const body = r.json<ResponseBody & { incomplete_details: { reason: string } }>();
    assert.equal(body.status, 'incomplete');
    assert.equal(body.incomplete_details.reason, 'max_output_tokens');
    assert.equal(body.usage.output_tokens, 16);
    const tooSmall = await call(sandbox, `${v1}/responses`, { headers: key, body: { model: 'chat', input: 'x', max_output_tokens: 5 } });
    assert.equal(tooSmall.status, 400);
  });

  void it('serves Azure AI model inference with the model in the body', async () => {
    const messages = [{ role: 'user', content: 'Hello from model inference' }];
    const url = `${inference}/chat/completions?api-version=2024-05-01-preview`;
    const ok = await call(sandbox, url, { headers: key, body: { model: 'chat', messages } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json<{ usage: { prompt_tokens: number } }>().usage.prompt_tokens, promptTokens(messages));
    const unknown = await call(sandbox, url, { headers: key, body: { model: 'gpt-9', messages } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json(), {
      error: { code: 'unknown_model', message: 'Unknown model: gpt-9', details: 'Unknown model: gpt-9' },
    });
    const noVersion = await call(sandbox, `${inference}/chat/completions`, { headers: key, body: { model: 'chat', messages } });
    assert.equal(noVersion.status, 400);
  });

  void it('checks managed identities on the v1 surface like on the deployments surface', async () => {
    const principal = '99999999-2222-3333-4444-555555555555';
    const token = mintManagedIdentityToken(sandbox.context, principal, 'https://cognitiveservices.azure.com').token;
    const headers = { authorization: `Bearer ${token}` };
    const body = { model: 'chat', input: 'hi' };
    const denied = await call(sandbox, `${v1}/responses`, { headers, body });
    assert.equal(denied.status, 401);
    assert.equal(denied.json<{ error: { code: string } }>().error.code, 'PermissionDenied');
    addRoleAssignment(sandbox.context.store, RG, 'ra-foundry-user', principal, '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd');
    assert.equal((await call(sandbox, `${v1}/responses`, { headers, body })).status, 200);
  });
});
