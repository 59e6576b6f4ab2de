// The mock model server over real HTTPS: real token counts, truncation, streaming, errors, Azure OpenAI auth and roles.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { mintManagedIdentityToken } from '../../src/sandbox/managedIdentity';
import type { RunningSandbox } from '../../src/sandbox/server';
import { RG, accountId, addAccount, addRoleAssignment, call, sseData, startEmptySandbox } from './helpers/gatewayFixtures';

const MESSAGES = [
  { role: 'system', content: 'You are a terse assistant.' },
  { role: 'user', content: 'What does a gateway in front of a language model do?' },
];

/** OpenAI's documented chat prompt count, computed here straight from gpt-tokenizer. */
const expectedPromptTokens = (messages: ReadonlyArray<{ role: string; content: string }>): number =>
  3 + messages.reduce((n, m) => n + 3 + o200k.countTokens(m.role) + o200k.countTokens(m.content), 0);

void describe('mock model', () => {
  let sandbox: RunningSandbox;
  let base: string;
  let auth: Record<string, string>;
  before(async () => {
    sandbox = await startEmptySandbox();
    base = sandbox.connection.modelEndpoint;
    auth = { authorization: `Bearer ${sandbox.connection.modelKey}` };
  });
  after(() => sandbox.close());

  void it('reports usage equal to gpt-tokenizer counts', async () => {
    const r = await call(sandbox, `${base}/chat/completions`, { headers: auth, body: { model: 'gpt-4o', messages: MESSAGES } });
    assert.equal(r.status, 200);
    const body = r.json<{ choices: Array<{ message: { content: string }; finish_reason: string }>; usage: Record<string, unknown> }>();
    const content = body.choices[0].message.content;
    assert.ok(content.length > 0);
    assert.equal(body.choices[0].finish_reason, 'stop');
    assert.equal(body.usage.prompt_tokens, expectedPromptTokens(MESSAGES));
    assert.equal(body.usage.completion_tokens, o200k.countTokens(content));
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
    assert.deepEqual(body.usage.prompt_tokens_details, { cached_tokens: 0, audio_tokens: 0 });
    assert.equal((body.usage.completion_tokens_details as { reasoning_tokens: number }).reasoning_tokens, 0);
  });

  void it('answers deterministically: same prompt, same text; other prompt, other text', async () => {
    const ask = async (q: string): Promise<string> =>
      (
        await call(sandbox, `${base}/chat/completions`, {
          headers: auth,
          body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: q }] },
        })
      ).json<{
        choices: Array<{ message: { content: string } }>;
      }>().choices[0].message.content;
    assert.equal(await ask('Tell me about rate limits'), await ask('Tell me about rate limits'));
    assert.notEqual(await ask('Tell me about rate limits'), await ask('Explain semantic caching please'));
  });

  void it('cuts the answer to exactly max_tokens with finish_reason "length"', async () => {
    const full = (await call(sandbox, `${base}/chat/completions`, { headers: auth, body: { model: 'gpt-4o', messages: MESSAGES } })).json<{
      choices: Array<{ message: { content: string } }>;
    }>();
    const cut = (
      await call(sandbox, `${base}/chat/completions`, { headers: auth, body: { model: 'gpt-4o', messages: MESSAGES, max_tokens: 5 } })
    ).json<{
      choices: Array<{ message: { content: string }; finish_reason: string }>;
      usage: { completion_tokens: number };
    }>();
    assert.equal(cut.choices[0].finish_reason, 'length');
    assert.equal(cut.usage.completion_tokens, 5);
    assert.equal(cut.choices[0].message.content, o200k.decode(o200k.encode(full.choices[0].message.content).slice(0, 5)));
    const viaNewName = (
      await call(sandbox, `${base}/chat/completions`, {
        headers: auth,
        body: { model: 'gpt-4o', messages: MESSAGES, max_completion_tokens: 3 },
      })
    ).json<{
      usage: { completion_tokens: number };
    }>();
    assert.equal(viaNewName.usage.completion_tokens, 3);
  });

  void it('streams chunks, then a usage chunk with empty choices when include_usage is set, then [DONE]', async () => {
    const plain = (await call(sandbox, `${base}/chat/completions`, { headers: auth, body: { model: 'gpt-4o', messages: MESSAGES } })).json<{
      choices: Array<{ message: { content: string } }>;
      usage: unknown;
    }>();
    const r = await call(sandbox, `${base}/chat/completions`, {
      headers: auth,
      body: { model: 'gpt-4o', messages: MESSAGES, stream: true, stream_options: { include_usage: true } },
    });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /text\/event-stream/);
    const data = sseData(r.text);
    assert.equal(data[data.length - 1], '[DONE]');
    const events = data
      .slice(0, -1)
      .map((d) => JSON.parse(d) as { choices: Array<{ delta: { content?: string }; finish_reason: string | null }>; usage: unknown });
    assert.ok(events.length > 4, `expected several chunks, got ${events.length}`);
    const last = events[events.length - 1];
    assert.deepEqual(last.choices, []);
    assert.deepEqual(last.usage, plain.usage);
    const text = events.flatMap((e) => e.choices.map((c) => c.delta.content ?? '')).join('');
    assert.equal(text, plain.choices[0].message.content);
    assert.equal(events[events.length - 2].choices[0].finish_reason, 'stop');

    const noUsage = sseData(
      (await call(sandbox, `${base}/chat/completions`, { headers: auth, body: { model: 'gpt-4o', messages: MESSAGES, stream: true } }))
        .text,
    );
    assert.ok(noUsage.slice(0, -1).every((d) => !('usage' in (JSON.parse(d) as object))));
  });

  void it('streams multi-byte text without garbling characters split across chunks', async () => {
    const messages = [{ role: 'user', content: '日本語で説明してください 🚀🌍 Grüße' }];
    const plain = (await call(sandbox, `${base}/chat/completions`, { headers: auth, body: { model: 'gpt-4o', messages } })).json<{
      choices: Array<{ message: { content: string } }>;
    }>();
    assert.match(plain.choices[0].message.content, /🚀🌍/);
    const data = sseData(
      (await call(sandbox, `${base}/chat/completions`, { headers: auth, body: { model: 'gpt-4o', messages, stream: true } })).text,
    );
    const text = data
      .slice(0, -1)
      .flatMap((d) => (JSON.parse(d) as { choices: Array<{ delta: { content?: string } }> }).choices.map((c) => c.delta.content ?? ''))
      .join('');
    assert.equal(text, plain.choices[0].message.content);
    assert.ok(!text.includes('\uFFFD'));
  });

  void it('answers OpenAI-shaped errors', async () => {
    const cases: Array<[string, Record<string, string>, unknown, number, string | null]> = [
      ['malformed JSON', auth, '{"model": "gpt-4o", ', 400, null],
      ['missing messages', auth, { model: 'gpt-4o' }, 400, 'missing_required_parameter'],
      ['missing key', {}, { model: 'gpt-4o', messages: MESSAGES }, 401, null],
      ['wrong key', { authorization: 'Bearer sk-wrong' }, { model: 'gpt-4o', messages: MESSAGES }, 401, 'invalid_api_key'],
      ['unknown model', auth, { model: 'gpt-unknown', messages: MESSAGES }, 404, 'model_not_found'],
    ];
    for (const [name, headers, body, status, code] of cases) {
      const r = await call(sandbox, `${base}/chat/completions`, { headers, body });
      assert.equal(r.status, status, name);
      const error = r.json<{ error: { message: string; type: string; param: unknown; code: unknown } }>().error;
      assert.equal(typeof error.message, 'string', name);
      assert.equal(typeof error.type, 'string', name);
      assert.ok('param' in error, name);
      assert.equal(error.code, code, name);
    }
  });

  void it('serves the Gemini-like surface with or without the models/ prefix, and lists models', async () => {
    const gem = sandbox.connection.geminiEndpoint;
    for (const model of ['gemini-2.0-flash', 'models/gemini-2.0-flash']) {
      const r = await call(sandbox, `${gem}/chat/completions`, { headers: auth, body: { model, messages: MESSAGES } });
      assert.equal(r.status, 200, model);
    }
    const list = (await call(sandbox, `${gem}/models`, { headers: auth })).json<{ data: Array<{ id: string }> }>();
    assert.ok(list.data.some((m) => m.id === 'models/gemini-2.0-flash'));
  });

  void it('embeds similar texts closer than unrelated ones, as floats or base64', async () => {
    const r = await call(sandbox, `${base}/embeddings`, {
      headers: auth,
      body: {
        model: 'text-embedding-3-small',
        input: ['What is the capital of France?', 'what is the capital city of France', 'How do I bake sourdough bread?'],
      },
    });
    assert.equal(r.status, 200);
    const [a, b, c] = r.json<{ data: Array<{ embedding: number[] }> }>().data.map((d) => d.embedding);
    const cos = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * y[i], 0);
    assert.ok(cos(a, b) > 0.6, `similar: ${cos(a, b)}`);
    assert.ok(cos(a, c) < 0.3, `unrelated: ${cos(a, c)}`);
    const b64 = (
      await call(sandbox, `${base}/embeddings`, {
        headers: auth,
        body: { model: 'text-embedding-3-small', input: 'What is the capital of France?', encoding_format: 'base64' },
      })
    ).json<{
      data: Array<{ embedding: string }>;
    }>();
    const decoded = Array.from(new Float32Array(new Uint8Array(Buffer.from(b64.data[0].embedding, 'base64')).buffer));
    assert.ok(Math.abs(decoded[0] - a[0]) < 1e-6 && decoded.length === a.length);
  });

  void describe('Azure OpenAI surface', () => {
    const principal = '11111111-2222-3333-4444-555555555555';
    let url: string;
    before(() => {
      addAccount(sandbox.context.store, sandbox.context.origin, 'aoai-test', 'account-key-1', [
        ['gpt-4o', 'gpt-4o'],
        ['emb', 'text-embedding-3-small'],
      ]);
      url = `${sandbox.context.origin}/aoai/aoai-test/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`;
    });

    void it('accepts the account key and reports the deployment model', async () => {
      const r = await call(sandbox, url, { headers: { 'api-key': 'account-key-1' }, body: { messages: MESSAGES } });
      assert.equal(r.status, 200);
      const body = r.json<{ model: string; usage: { prompt_tokens: number } }>();
      assert.equal(body.model, 'gpt-4o-2024-08-06');
      assert.equal(body.usage.prompt_tokens, expectedPromptTokens(MESSAGES));
    });

    void it('answers the errors Azure OpenAI gives', async () => {
      const key = { 'api-key': 'account-key-1' };
      const noVersion = await call(sandbox, url.replace(/\?.*$/, ''), { headers: key, body: { messages: MESSAGES } });
      assert.equal(noVersion.status, 404);
      assert.deepEqual(noVersion.json(), { error: { code: '404', message: 'Resource not found' } });
      const badVersion = await call(sandbox, url.replace('2024-10-21', '2019-01-01'), { headers: key, body: { messages: MESSAGES } });
      assert.equal(badVersion.status, 400);
      const wrongKey = await call(sandbox, url, { headers: { 'api-key': 'nope' }, body: { messages: MESSAGES } });
      assert.equal(wrongKey.status, 401);
      const missing = await call(sandbox, url.replace('/gpt-4o/', '/gpt-missing/'), { headers: key, body: { messages: MESSAGES } });
      assert.equal(missing.status, 404);
      assert.equal(missing.json<{ error: { code: string } }>().error.code, 'DeploymentNotFound');
      const forged = await call(sandbox, url, { headers: { authorization: 'Bearer a.b.c' }, body: { messages: MESSAGES } });
      assert.equal(forged.status, 401);
    });

    void it('refuses a managed-identity token without an inference role, accepts it once the role is assigned', async () => {
      const token = mintManagedIdentityToken(sandbox.context, principal, 'https://cognitiveservices.azure.com').token;
      const headers = { authorization: `Bearer ${token}` };
      const denied = await call(sandbox, url, { headers, body: { messages: MESSAGES } });
      assert.equal(denied.status, 401);
      assert.deepEqual(denied.json(), {
        error: {
          code: 'PermissionDenied',
          message: `The principal \`${principal}\` lacks the required data action \`Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action\` to perform \`POST /openai/deployments/{deployment-id}/chat/completions\` operation.`,
        },
      });
      // Contributor has no data actions: still denied, as in Azure.
      addRoleAssignment(sandbox.context.store, accountId('aoai-test'), 'ra-contrib', principal, 'b24988ac-6180-42a0-ab88-20f7382dd24c');
      assert.equal((await call(sandbox, url, { headers, body: { messages: MESSAGES } })).status, 401);
      // Cognitive Services OpenAI User on the resource group is inherited by the account.
      addRoleAssignment(sandbox.context.store, RG, 'ra-user', principal, '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd');
      assert.equal((await call(sandbox, url, { headers, body: { messages: MESSAGES } })).status, 200);
      const wrongAudience = mintManagedIdentityToken(sandbox.context, principal, 'https://management.azure.com').token;
      assert.equal(
        (await call(sandbox, url, { headers: { authorization: `Bearer ${wrongAudience}` }, body: { messages: MESSAGES } })).status,
        401,
      );
    });
  });
});
