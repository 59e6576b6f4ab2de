import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AzureClients } from '../../src/azure/clients';
import { PROVIDER_IDS } from '../../src/domain/import/providers';
import {
  validateApiPath,
  validateBackendUrl,
  validateDescription,
  validateDisplayName,
  validateHeaderName,
  validateHeaderValueFormat,
  validateKey,
  validateLmApiForm,
  validateProducts,
} from '../../src/domain/import/validation';
import { ImportWizardController } from '../../src/importWizard/importWizardController';
import { parseWizardRequest, type WizardEvent, type WizardFacts } from '../../src/protocol/importWizard';
import { geminiForm } from './helpers/lmForms';

const valid = geminiForm;

/** "What happened. What to do.": starts with a capital letter or a quote, ends with a period, one line. */
function assertSentence(message: unknown, context: string): void {
  assert.equal(typeof message, 'string', context);
  const m = message as string;
  assert.ok(m.length > 10 && m.length < 400, `${context}: length ${m.length}: ${m}`);
  assert.match(m, /^["A-Z]/, `${context}: ${m}`);
  assert.match(m, /\.$/, `${context}: ${m}`);
  assert.ok(!m.includes('\n'), `${context}: one line`);
}

void describe('field validators', () => {
  const cases: [string, string | undefined, RegExp | undefined][] = [
    ['https://api.openai.com/v1', undefined, undefined],
    ['http://localhost:11434/v1', undefined, undefined],
    ['', 'url', /Enter the URL/],
    ['ftp://x', 'url', /https:\/\/ or http:\/\//],
    ['https://{resource}.openai.azure.com/openai/v1', 'url', /still contains \{resource\}/],
    ['https://user:pw@api.x.ai/v1', 'url', /user name or password/],
    ['https://api.x.ai/v1?key=1', 'url', /query or fragment/],
    ['https://api.x.ai/v1/chat/completions', 'url', /without it/],
    ['not a url', 'url', /not valid/],
  ];
  for (const [url, field, message] of cases) {
    void it(`URL ${JSON.stringify(url)}`, () => {
      const error = validateBackendUrl(url);
      if (!field) assert.equal(error, undefined);
      else assert.match(error ?? '', message!);
    });
  }

  void it('paths: segments, reserved names and conflicts with existing APIs (case-insensitive)', () => {
    assert.equal(validateApiPath('/llm/gemini/'), undefined);
    assert.match(validateApiPath('') ?? '', /Enter a path/);
    assert.match(validateApiPath('a b') ?? '', /can only contain/);
    assert.match(validateApiPath('a/../b') ?? '', /"\." or "\.\."/);
    assert.match(validateApiPath('LLM/OpenAI', ['llm/openai']) ?? '', /already uses the path "LLM\/OpenAI"/);
  });

  void it('keys: required per preset, no prefix twice, no whitespace', () => {
    assert.match(validateKey('', { keyRequired: true, valueFormat: 'Bearer {key}' }) ?? '', /Enter the API key/);
    assert.equal(validateKey('', { keyRequired: false, valueFormat: 'Bearer {key}' }), undefined);
    assert.match(validateKey('Bearer sk-1', { keyRequired: true, valueFormat: 'Bearer {key}' }) ?? '', /already starts with "Bearer"/);
    assert.match(validateKey(' sk-1', { keyRequired: true, valueFormat: '{key}' }) ?? '', /space/);
    assert.match(validateKey('sk\n1', { keyRequired: true, valueFormat: '{key}' }) ?? '', /line break/);
  });

  void it('a whole form: every wrong field is named', () => {
    const errors = validateLmApiForm(
      { ...valid, displayName: '', url: 'x', path: '', headerName: 'bad header', products: ['a', 'a'] },
      {},
      '',
    );
    assert.deepEqual(Object.keys(errors).sort(), ['displayName', 'headerName', 'key', 'path', 'products', 'url']);
    for (const [field, message] of Object.entries(errors)) assertSentence(message, field);
    assert.deepEqual(validateLmApiForm(valid, {}, 'sk-1'), {});
  });

  void it('policies: semantic caching is refused, with the reason, when the instance has no embeddings backend', () => {
    const errors = validateLmApiForm(
      { ...valid, policies: { semanticCache: { embeddingsBackendId: 'x', scoreThreshold: 0.8, durationSeconds: 60 } } },
      { embeddingsBackends: [] },
      'k',
    );
    assert.match(errors['policies.embeddingsBackendId'] ?? '', /has none/);
  });

  void it('property: 1,000+ random values never crash a validator and every rejection is a clear sentence', () => {
    const validators: [string, (v: string) => string | undefined][] = [
      ['displayName', validateDisplayName],
      ['description', validateDescription],
      ['url', validateBackendUrl],
      ['path', (v) => validateApiPath(v, ['taken'])],
      ['headerName', validateHeaderName],
      ['headerValueFormat', validateHeaderValueFormat],
      ['key', (v) => validateKey(v, { keyRequired: true, valueFormat: 'Bearer {key}' })],
      ['products', (v) => validateProducts(v.split(','), ['starter'])],
    ];
    const arbitrary = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 600 }),
      fc.webUrl(),
      fc.constantFrom('', ' ', '{key}', 'Bearer {key}', '../..', 'https://{resource}/v1'),
    );
    fc.assert(
      fc.property(arbitrary, (value) => {
        for (const [name, validate] of validators) {
          const error = validate(value);
          if (error !== undefined) assertSentence(error, `${name}(${JSON.stringify(value)})`);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

void describe('the host message handler', () => {
  const facts: WizardFacts = {
    products: [{ id: 'starter', displayName: 'Starter' }],
    backends: ['emb'],
    embeddingsBackends: ['emb'],
    existingApis: [{ apiId: 'x', path: 'taken' }],
  };
  const offline = (): Promise<never> =>
    Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
  const clients: AzureClients = {
    cloud: { name: 'sandbox', displayName: 'Sandbox', resourceManagerEndpoint: 'https://127.0.0.1:1' },
    apim: offline,
    cognitiveServices: offline,
    authorization: offline,
    appInsights: offline,
    monitor: offline,
    redisEnterprise: offline,
    extraCaPem: [],
  };
  const service = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ApiManagement/service/svc',
    subscriptionId: 's',
    resourceGroup: 'rg',
    name: 'svc',
    gatewayUrl: 'https://svc.azure-api.net',
  };

  // Messages near the valid shape, with any field replaced by anything: what a buggy or hostile webview could send.
  const formArb = fc.record({
    provider: fc.oneof(fc.constantFrom(...PROVIDER_IDS), fc.anything()),
    displayName: fc.oneof(fc.string(), fc.constant('<x & "y">'), fc.anything()),
    description: fc.oneof(fc.string(), fc.anything()),
    url: fc.oneof(fc.webUrl(), fc.string(), fc.anything()),
    path: fc.oneof(fc.constantFrom('gemini', 'taken', ''), fc.string(), fc.anything()),
    type: fc.oneof(fc.constantFrom('chat-completions', 'passthrough'), fc.anything()),
    headerName: fc.oneof(fc.constant('Authorization'), fc.string()),
    headerValueFormat: fc.oneof(fc.constant('Bearer {key}'), fc.string()),
    products: fc.oneof(fc.constant([]), fc.array(fc.string(), { maxLength: 3 }), fc.anything()),
    subscriptionKeyHeader: fc.oneof(fc.constant('api-key'), fc.anything()),
    policies: fc.oneof(
      fc.constant({}),
      fc.record({
        tokenLimit: fc.record({
          tokensPerMinute: fc.oneof(fc.integer(), fc.double(), fc.anything()),
          counterKey: fc.constantFrom('ip', 'subscription', 'x'),
          remainingTokensHeader: fc.boolean(),
          consumedTokensHeader: fc.boolean(),
        }),
      }),
      fc.anything(),
    ),
  });
  const messageArb = fc.oneof(
    fc.anything(),
    fc.record({
      type: fc.constantFrom('ready', 'review', 'create', 'useNewPath', 'cancel', 'rollback', 'doneAction', 'bogus'),
      requestId: fc.oneof(fc.nat(), fc.anything()),
    }),
    fc.record({
      type: fc.constantFrom('review', 'create', 'useNewPath'),
      requestId: fc.nat(),
      input: fc.record(
        {
          mode: fc.oneof(fc.constant('languageModel'), fc.string()),
          form: formArb,
          onExisting: fc.constantFrom('conflict', 'update', 'x'),
          apiId: fc.oneof(fc.constantFrom('gemini-2', 'x', 'Bad Id', '-x', 'a'.repeat(81)), fc.anything()),
        },
        { requiredKeys: ['mode', 'form', 'onExisting'] },
      ),
      key: fc.oneof(fc.string(), fc.anything()),
    }),
    // Well-formed "Use a new path" requests, so that the proposal itself runs (offline, it ends in an error sentence).
    fc.record({
      type: fc.constant('useNewPath'),
      requestId: fc.nat(),
      input: fc.record(
        {
          mode: fc.constant('languageModel'),
          form: fc.record({ path: fc.oneof(fc.constantFrom('taken', 'x', 'taken-2'), fc.string()) }).map((f) => ({ ...valid, ...f })),
          onExisting: fc.constantFrom('conflict', 'update'),
          apiId: fc.constantFrom('x', 'gemini', 'x-9'),
        },
        { requiredKeys: ['mode', 'form', 'onExisting'] },
      ),
      key: fc.string(),
    }),
  );

  void it('property: 1,000+ random messages never crash it and each rejection is answered with a clear sentence', async () => {
    let parsedOk = 0;
    let newPathOk = 0;
    await fc.assert(
      fc.asyncProperty(messageArb, async (message) => {
        const posted: WizardEvent[] = [];
        const controller = new ImportWizardController({
          clients,
          service,
          post: (e) => posted.push(e),
          log: () => undefined,
          doneAction: () => Promise.resolve(),
          loadFacts: () => Promise.resolve(facts),
        });
        await controller.handle(message);
        const parsed = parseWizardRequest(message);
        if (parsed.ok) parsedOk++;
        if (parsed.ok && parsed.value.type === 'useNewPath') newPathOk++;
        if (!parsed.ok) assertSentence(posted[0]?.type === 'error' ? posted[0].message : undefined, 'rejected message');
        for (const e of posted) {
          if (e.type === 'error') assertSentence(e.message, 'error event');
          if (e.type === 'invalid') for (const [field, m] of Object.entries(e.errors)) assertSentence(m, field);
        }
        if (parsed.ok && (parsed.value.type === 'review' || parsed.value.type === 'create' || parsed.value.type === 'useNewPath')) {
          assert.ok(
            posted.some((e) => e.type === 'invalid' || e.type === 'error'),
            'an offline or invalid request gets an answer',
          );
        }
        const key = parsed.ok && 'key' in parsed.value ? parsed.value.key : '';
        if (key.length > 3) assert.ok(!JSON.stringify(posted).includes(key), 'the key is never echoed');
      }),
      { numRuns: 1200 },
    );
    assert.ok(parsedOk > 50, `enough well-formed messages reached the handler (${parsedOk})`);
    assert.ok(newPathOk > 5, `enough well-formed "useNewPath" messages reached the handler (${newPathOk})`);
  });
});
