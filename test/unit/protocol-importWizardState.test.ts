// The import wizard's saved webview state (kept by VS Code while the panel is hidden): what the modes save parses
// back to itself, drafts included; anything else (an unknown field at any depth, a wrong type) rejects the whole state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseWizardPersistedState,
  type SavedAzureOpenAi,
  type SavedLanguageModel,
  type WizardPersistedState,
} from '../../src/protocol/importWizardState';
import type { AoaiForm } from '../../src/domain/import/azureOpenAi/form';
import { geminiForm } from './helpers/lmForms';

/** What the Language Model mode saves: its form (never the key) with the path's state and the policy drafts. */
const languageModel: SavedLanguageModel = {
  ...geminiForm,
  products: ['starter'],
  pathEdited: false,
  policies: {
    tokenLimit: {
      tokensPerMinute: 10_000,
      tokenQuota: 100_000,
      tokenQuotaPeriod: 'Daily',
      counterKey: 'subscription',
      remainingTokensHeader: true,
      consumedTokensHeader: true,
    },
    tokenMetrics: { namespace: 'ai-gateway', dimensions: ['API ID', 'Subscription ID'] },
    semanticCache: { embeddingsBackendId: 'embeddings', scoreThreshold: 0.8, durationSeconds: 120 },
    contentSafety: { backendId: 'safety', categories: [{ name: 'Hate', threshold: 4 }], shieldPrompt: true },
  },
};

const azureOpenAi: SavedAzureOpenAi = {
  mode: 'resource',
  accountId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso-openai',
  displayName: 'Azure OpenAI',
  description: '',
  basePath: 'openai',
  products: [],
  subscriptionKeyHeader: 'api-key',
  auth: 'managedIdentity',
  version: '2024-10-21',
  policies: {
    tokenMetrics: { namespace: 'azure-openai', dimensions: ['API ID'] },
    semanticCache: { embeddingsBackendId: 'embeddings', scoreThreshold: 0.8, durationSeconds: 120 },
  },
};

const both: WizardPersistedState = { mode: 'azureOpenAi', modes: { languageModel, azureOpenAi } };

/** Every field name of a type, at any depth; arrays and primitives have none. */
type FieldNames<T> = T extends readonly (infer E)[]
  ? FieldNames<E>
  : T extends string | number | boolean | null
    ? never
    : { [K in keyof T & string]: K | FieldNames<NonNullable<T[K]>> }[keyof T & string];
type SecretLike = `${string}${'key' | 'Key' | 'secret' | 'Secret' | 'password' | 'Password' | 'value' | 'Value' | 'token' | 'Token'}`;
// Fails type-checking if a field that could hold the key (the header value, a secret) is ever added to the state.
// `counterKey` is what llm-token-limit counts by (subscription or IP address), not a key.
type Suspect = Exclude<Extract<FieldNames<WizardPersistedState>, SecretLike>, 'counterKey'>;
const secretFields: Suspect extends never ? 'none' : Suspect = 'none';

void test('the saved state type has no field for the key', () => {
  assert.equal(secretFields, 'none');
});

void test('what the modes save parses back to itself, through JSON as VS Code keeps it', () => {
  for (const state of [both, { mode: 'languageModel', modes: {} }, { mode: 'languageModel', modes: { languageModel } }]) {
    assert.deepEqual(parseWizardPersistedState(state), { ok: true, value: state });
    assert.deepEqual(parseWizardPersistedState(JSON.parse(JSON.stringify(state))), { ok: true, value: state });
  }
});

// The Azure OpenAI form saves its form's fields without policies, spec and pool (saveState spreads them), so a new form
// field must have a place in the saved state, or every state saved with it would be refused on restore.
type SavedFormFields = Exclude<keyof AoaiForm, 'policies' | 'spec' | 'pool'>;
type Unsaved = Exclude<SavedFormFields, keyof SavedAzureOpenAi>;
const unsavedFields: Unsaved extends never ? 'none' : Unsaved = 'none';

void test('every client compatibility choice is kept and comes back; the form has no field the state lacks', () => {
  assert.equal(unsavedFields, 'none');
  for (const compatibility of ['v1', 'modelInference', 'azureOpenAi'] as const) {
    const state: WizardPersistedState = {
      mode: 'azureOpenAi',
      modes: { languageModel, azureOpenAi: { ...azureOpenAi, basePath: 'foundry/openai/v1', compatibility } },
    };
    assert.deepEqual(parseWizardPersistedState(JSON.parse(JSON.stringify(state))), { ok: true, value: state });
  }
  const unknown = parseWizardPersistedState({ mode: 'azureOpenAi', modes: { azureOpenAi: { ...azureOpenAi, compatibility: 'v2' } } });
  assert.equal(unknown.ok, false);
  if (!unknown.ok) assert.match(unknown.error, /"compatibility" must be one of azureOpenAi, modelInference, v1/);
});

void test('drafts are states too: a number that did not read (NaN, or null on disk), no policies, no version', () => {
  const draft: SavedLanguageModel = {
    ...languageModel,
    apiId: 'gemini-2',
    pathEdited: true,
    policies: { tokenLimit: { ...languageModel.policies.tokenLimit!, tokensPerMinute: Number.NaN, tokenQuota: null } },
  };
  const { version: _v, ...noVersion } = azureOpenAi;
  const parsed = parseWizardPersistedState({ mode: 'languageModel', modes: { languageModel: draft, azureOpenAi: noVersion } });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  assert.ok(Number.isNaN(parsed.value.modes.languageModel?.policies.tokenLimit?.tokensPerMinute));
  assert.equal(parsed.value.modes.languageModel?.policies.tokenLimit?.tokenQuota, null);
});

void test('a state that is not what the wizard saves is refused with the reason', () => {
  const lm = (change: object): unknown => ({ mode: 'languageModel', modes: { languageModel: { ...languageModel, ...change } } });
  const policies = (change: object): unknown => lm({ policies: { ...languageModel.policies, ...change } });
  const table: Array<[unknown, RegExp]> = [
    [undefined, /not an object/],
    ['{"mode":"languageModel"}', /not an object/],
    [{ mode: 'openapi', modes: {} }, /"mode" must be one of/],
    [{ mode: 'languageModel' }, /"modes" must be an object/],
    [{ ...both, key: 'sk-123' }, /unexpected field "key"/],
    [{ mode: 'languageModel', modes: { languageModel, graphql: {} } }, /unexpected field "graphql"/],
    [lm({ key: 'sk-123' }), /languageModel.*unexpected field "key"/],
    [lm({ headerValue: 'Bearer sk-123' }), /unexpected field "headerValue"/],
    [lm({ displayName: 7 }), /"displayName" must be a string/],
    [lm({ products: 'starter' }), /"products"/],
    [lm({ pathEdited: 'yes' }), /"pathEdited"/],
    [lm({ policies: undefined }), /"policies" must be an object/],
    [policies({ tokenLimit: { ...languageModel.policies.tokenLimit, tokensPerMinute: '10000' } }), /"tokensPerMinute" must be a number/],
    [policies({ tokenLimit: { ...languageModel.policies.tokenLimit, script: 'x' } }), /unexpected field "script"/],
    [policies({ contentSafety: { ...languageModel.policies.contentSafety, categories: [{ name: 'Hate' }] } }), /"threshold"/],
    [policies({ rewrite: {} }), /unexpected field "rewrite"/],
    [{ mode: 'azureOpenAi', modes: { azureOpenAi: { ...azureOpenAi, apiKey: 'k' } } }, /azureOpenAi.*unexpected field "apiKey"/],
    // Before the Azure OpenAI mode had the four policy groups it saved flat toggles: that state starts fresh.
    [{ mode: 'azureOpenAi', modes: { azureOpenAi: { ...azureOpenAi, tokenLimit: 1 } } }, /"tokenLimit"/],
    [{ mode: 'azureOpenAi', modes: { azureOpenAi: { ...azureOpenAi, policies: { llmLogging: {} } } } }, /unexpected field "llmLogging"/],
    // The wizard's state before this version kept the mode's own state untyped: a missing field cannot be restored.
    [{ mode: 'azureOpenAi', modes: { azureOpenAi: { displayName: 'x' } } }, /"mode"/],
  ];
  for (const [state, error] of table) {
    const parsed = parseWizardPersistedState(state);
    assert.equal(parsed.ok, false, JSON.stringify(state));
    if (!parsed.ok) assert.match(parsed.error, error, JSON.stringify(state));
  }
});

void test("any extra field in a mode's state, whatever its name or value, rejects the state", () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1 }).filter((k) => !Object.hasOwn(languageModel, k) && k !== 'apiId'),
      fc.jsonValue(),
      (field, value) => {
        const parsed = parseWizardPersistedState({ mode: 'languageModel', modes: { languageModel: { ...languageModel, [field]: value } } });
        assert.equal(parsed.ok, false);
      },
    ),
  );
});
