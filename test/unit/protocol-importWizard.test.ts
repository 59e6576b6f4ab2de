import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWizardRequest } from '../../src/protocol/importWizard';
import { geminiForm } from './helpers/lmForms';

const form = geminiForm;

const message = (input: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'useNewPath',
  requestId: 7,
  input: { mode: 'languageModel', form, onExisting: 'conflict', ...input },
  key: 'k',
  ...extra,
});

/** One sentence: what was wrong, ending with a period, on one line. */
function assertOneSentence(error: string): void {
  assert.match(error, /^"[^"]+" .+\.$/);
  assert.ok(!error.includes('\n'));
  assert.equal(error.split('. ').length, 1, error);
}

void describe('the "useNewPath" message', () => {
  void it('is accepted with its input and key', () => {
    const parsed = parseWizardRequest(message({}));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, {
      type: 'useNewPath',
      requestId: 7,
      input: { mode: 'languageModel', form, onExisting: 'conflict' },
      key: 'k',
      backendKeys: [],
    });
  });

  void it('carries a chosen API id through, for the review and create that follow', () => {
    const parsed = parseWizardRequest({ ...message({ apiId: 'gemini-2' }), type: 'create' });
    assert.ok(parsed.ok && parsed.value.type === 'create' && parsed.value.input.mode === 'languageModel');
    assert.equal(parsed.value.input.apiId, 'gemini-2');
  });

  const hostile: readonly [string, Record<string, unknown>][] = [
    ['no request id', message({}, { requestId: undefined })],
    ['a negative request id', message({}, { requestId: -1 })],
    ['a request id that is not an integer', message({}, { requestId: 1.5 })],
    ['no input', message({}, { input: undefined })],
    ['an input that is a list', message({}, { input: [] })],
    ['an unknown mode', message({ mode: 'other' })],
    ['a key that is not text', message({}, { key: { toString: 'x' } })],
    ['an API id with capitals', message({ apiId: 'Gemini-2' })],
    ['an API id with a path in it', message({ apiId: '../gemini' })],
    ['an API id with a leading dash', message({ apiId: '-gemini' })],
    ['an API id with a double dash', message({ apiId: 'gemini--2' })],
    ['an empty API id', message({ apiId: '' })],
    ['an API id that is too long', message({ apiId: 'a'.repeat(81) })],
    ['an API id that is not text', message({ apiId: 2 })],
    ['a prototype-polluting API id', message({ apiId: '__proto__' })],
    ['an onExisting outside the choices', message({ onExisting: 'overwrite' })],
    ['a form with a hostile path', message({ form: { ...form, path: 7 } })],
  ];
  for (const [name, raw] of hostile) {
    void it(`rejects ${name} with one sentence`, () => {
      const parsed = parseWizardRequest(raw);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assertOneSentence(parsed.error);
    });
  }
});
