// The test console's persisted webview state (written to disk by VS Code for restore after a reload): what parses,
// what is refused, and that its type has no room for a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_CHAT_FORM } from '../../src/domain/chat/chatRequest';
import { parseConsolePersistedState, type ConsolePersistedState } from '../../src/protocol/testConsoleState';

const serviceId =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ai/providers/Microsoft.ApiManagement/service/apim-ai';
const view = {
  mode: 'form',
  form: { ...DEFAULT_CHAT_FORM, model: 'gpt-4o-mini' },
  raw: { method: 'POST', path: '/chat/completions', body: '{}' },
};

/** Every field name of a type, at any depth; arrays and primitives have none. */
type FieldNames<T> = T extends readonly unknown[] | string | number | boolean
  ? never
  : { [K in keyof T & string]: K | FieldNames<NonNullable<T[K]>> }[keyof T & string];
type SecretLike = `${string}${'key' | 'Key' | 'secret' | 'Secret' | 'token' | 'Token' | 'password' | 'Password' | 'headers' | 'Headers'}`;
// Fails type-checking (npm run typecheck) if a field named like a key, a token or headers is ever added.
const secretFields: Extract<FieldNames<ConsolePersistedState>, SecretLike> extends never
  ? 'none'
  : Extract<FieldNames<ConsolePersistedState>, SecretLike> = 'none';

void test('the persisted state type has no key, token or header field', () => {
  assert.equal(secretFields, 'none');
});

void test('a valid state parses to itself, with or without the saved inputs', () => {
  for (const state of [{ target: { serviceId, apiId: 'openai-chat' } }, { target: { serviceId, apiId: 'openai-chat' }, view }]) {
    assert.deepEqual(parseConsolePersistedState(state), { ok: true, value: state });
  }
});

void test('hostile or stale states are refused with the reason', () => {
  const table: Array<[unknown, RegExp]> = [
    [undefined, /not an object/],
    ['{"target":{}}', /not an object/],
    [{ view }, /"target" must be an object/],
    [{ target: { serviceId, apiId: 'openai-chat' }, key: 'abc123' }, /unexpected field "key"/],
    [{ target: { serviceId, apiId: 'openai-chat' }, view, headers: { 'api-key': 'x' } }, /unexpected field "headers"/],
    [
      { target: { serviceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a', apiId: 'x' } },
      /"serviceId" is not the ARM id/,
    ],
    [{ target: { serviceId: `${serviceId}/apis/other`, apiId: 'x' } }, /"serviceId" is not the ARM id/],
    [{ target: { serviceId, apiId: '../named-values/secret' } }, /"apiId" is not the name of an API/],
    [{ target: { serviceId, apiId: 'chat;rev=2' } }, /"apiId" is not the name of an API/],
    [{ target: { serviceId, apiId: 42 } }, /"apiId"/],
    [{ target: { serviceId, apiId: 'a' }, view: { ...view, mode: 'exec' } }, /"mode" must be one of/],
    [{ target: { serviceId, apiId: 'a' }, view: { ...view, form: { ...view.form, maxTokens: -1 } } }, /"maxTokens"/],
    [{ target: { serviceId, apiId: 'a' }, view: { ...view, raw: { method: 'POST', path: 7, body: '' } } }, /"path"/],
    // The shape of the state before this version (inputs only, no target) cannot be restored.
    [view, /unexpected field "mode"/],
  ];
  for (const [state, error] of table) {
    const parsed = parseConsolePersistedState(state);
    assert.equal(parsed.ok, false, JSON.stringify(state));
    if (!parsed.ok) assert.match(parsed.error, error, JSON.stringify(state));
  }
});

void test('any extra field, whatever its name or value, rejects the state', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1 }).filter((k) => k !== 'target' && k !== 'view' && k !== '__proto__'),
      fc.jsonValue(),
      (field, value) => {
        const parsed = parseConsolePersistedState({ target: { serviceId, apiId: 'openai-chat' }, view, [field]: value });
        assert.equal(parsed.ok, false);
      },
    ),
  );
});
