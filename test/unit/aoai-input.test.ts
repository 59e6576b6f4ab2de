import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AoaiForm } from '../../src/domain/import/azureOpenAi/form';
import { validateAoaiForm } from '../../src/domain/import/azureOpenAi/validation';
import { parseAzureOpenAiInput } from '../../src/protocol/azureOpenAiInput';
import { parseWizardRequest } from '../../src/protocol/importWizard';

const validForm = {
  mode: 'resource',
  accountId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a',
  spec: { kind: 'bundled', version: '2024-10-21' },
  displayName: 'Contoso',
  description: '',
  basePath: 'ai',
  products: [],
  subscriptionKeyHeader: 'api-key',
  auth: 'managedIdentity',
  policies: {},
};

/** Values a hostile or buggy webview could send in place of any field. */
const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string()),
  fc.object(),
  fc.string({ minLength: 5000, maxLength: 9000 }),
);
const sentence = /^[A-Z"].*[.]$/s;

void describe('Azure OpenAI wizard input from an untrusted webview', () => {
  void it('parses a well-formed input and validates it clean', () => {
    const parsed = parseAzureOpenAiInput({ mode: 'azureOpenAi', form: validForm, onExisting: 'conflict' });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(validateAoaiForm(parsed.value.form), {});
  });

  void it('never throws on 2,000 random replacements of fields, and every rejection is one sentence naming the field', () => {
    const fields = [
      ...Object.keys(validForm),
      'spec.kind',
      'spec.version',
      'spec.fileName',
      'policies.tokenLimit',
      'policies.tokenMetrics',
      'fileText',
      'onExisting',
    ];
    fc.assert(
      fc.property(fc.subarray(fields, { minLength: 1 }), fc.array(junk, { minLength: 20, maxLength: 20 }), (chosen, values) => {
        const form: Record<string, unknown> = structuredClone(validForm);
        const input: Record<string, unknown> = { mode: 'azureOpenAi', form, onExisting: 'conflict' };
        chosen.forEach((f, i) => {
          const [head, tail] = f.split('.');
          if (f === 'fileText' || f === 'onExisting') input[f] = values[i];
          else if (tail) form[head] = { ...(form[head] as object), [tail]: values[i] };
          else form[head] = values[i];
        });
        const parsed = parseAzureOpenAiInput(input);
        if (!parsed.ok) {
          assert.match(parsed.error, sentence);
          assert.match(parsed.error, /"[A-Za-z]+"/);
          return;
        }
        const errors = validateAoaiForm(parsed.value.form, {}, parsed.value.fileText);
        for (const message of Object.values(errors)) assert.match(message!, sentence);
      }),
      { numRuns: 2000 },
    );
  });

  void it('validates a local file in the host too: text that is no OpenAPI document is refused with the file name', () => {
    const form = { ...validForm, mode: 'spec', spec: { kind: 'file', fileName: 'evil.yaml' } };
    const parsed = parseAzureOpenAiInput({ mode: 'azureOpenAi', form, fileText: '&a [*a, *a, *a]', onExisting: 'conflict' });
    assert.ok(parsed.ok);
    assert.match(validateAoaiForm(parsed.value.form, {}, parsed.value.fileText).spec!, /^evil\.yaml /);
    const missing = parseAzureOpenAiInput({ mode: 'azureOpenAi', form, onExisting: 'conflict' });
    assert.equal(missing.ok, false);
  });

  void it('routes through the wizard protocol: a modeRequest for an unknown mode is refused', () => {
    const r = parseWizardRequest({ type: 'modeRequest', requestId: 1, mode: 'rootShell', request: {} });
    assert.equal(r.ok, false);
    const ok = parseWizardRequest({ type: 'modeRequest', requestId: 1, mode: 'azureOpenAi', request: { type: 'listAccounts' } });
    assert.ok(ok.ok);
  });

  void it('checks the combinations the host needs: resource mode authenticates and uses a bundled version; spec-only has no token policies', () => {
    const base = validForm as AoaiForm;
    const errors = validateAoaiForm({ ...base, auth: 'none', spec: { kind: 'file', fileName: 'x.json' } }, {}, '{}');
    assert.deepEqual(Object.keys(errors).sort(), ['auth', 'spec']);
    const specOnly = validateAoaiForm({
      ...base,
      mode: 'spec',
      auth: 'none',
      policies: { tokenMetrics: { namespace: 'n', dimensions: [] } },
    });
    assert.match(specOnly['policies.tokenLimit']!, /^AI policies need/);
  });
});
