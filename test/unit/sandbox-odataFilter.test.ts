// The sandbox's OData $filter subset, table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFilter, type FieldValue } from '../../src/sandbox/arm/odataFilter';
import { ArmError } from '../../src/sandbox/arm/errors';

const api: Record<string, FieldValue> = { name: 'openai-chat', displayName: 'OpenAI Chat', path: 'llm/openai', isCurrent: true, count: 3 };
const read = (field: string): FieldValue => api[field];

void describe('parseFilter', () => {
  const cases: Array<[string, boolean]> = [
    ["contains(properties/displayName,'chat')", true],
    ["contains(displayName,'CHAT')", true],
    ["contains(properties/displayName,'gemini')", false],
    ["startswith(properties/path,'llm/')", true],
    ["endswith(name,'-chat')", true],
    ["substringof('open', name)", true],
    ["name eq 'openai-chat'", true],
    ["name eq 'OPENAI-CHAT'", true],
    ["name ne 'openai-chat'", false],
    ['properties/isCurrent eq true', true],
    ['count gt 2 and count le 3', true],
    ["name eq 'x' or contains(properties/displayName,'Chat')", true],
    ["not (name eq 'openai-chat')", false],
    ["(name eq 'x' or name eq 'y') and count eq 3", false],
    ['properties/description eq null', true],
    ["displayName eq 'It''s'", false],
    ["contains(properties/description,'x')", false],
  ];
  for (const [filter, expected] of cases) {
    void it(`${filter} → ${expected}`, () => assert.equal(parseFilter(filter)(read), expected));
  }

  for (const bad of [
    "contains(properties/displayName,'x'",
    "name eq 'unterminated",
    'name equals 1',
    "name eq 'a' extra",
    '',
    'name eq',
    '#',
  ]) {
    void it(`refuses ${JSON.stringify(bad)} with a 400 ValidationError`, () => {
      assert.throws(
        () => parseFilter(bad),
        (e: unknown) => e instanceof ArmError && e.status === 400 && e.code === 'ValidationError',
      );
    });
  }
});
