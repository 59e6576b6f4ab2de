import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proposeFreePath, type PathAndId, type TakenNames } from '../../src/domain/import/freePath';
import { lmApiResourceNames } from '../../src/domain/import/resourceNames';
import { validateApiPath } from '../../src/domain/import/validation';

interface Row {
  readonly name: string;
  readonly current: PathAndId;
  readonly taken: TakenNames;
  readonly limits?: { maxPathLength: number; maxIdLength: number };
  readonly expected: PathAndId;
}

const rows: readonly Row[] = [
  {
    name: 'a taken path gets -2',
    current: { path: 'gemini', apiId: 'gemini' },
    taken: { paths: ['gemini'], ids: ['gemini'] },
    expected: { path: 'gemini-2', apiId: 'gemini-2' },
  },
  {
    name: 'numbers already taken are skipped',
    current: { path: 'gemini', apiId: 'gemini' },
    taken: { paths: ['gemini', 'gemini-2', 'gemini-3'], ids: ['gemini'] },
    expected: { path: 'gemini-4', apiId: 'gemini-4' },
  },
  {
    name: 'a taken id moves the path along with it',
    current: { path: 'gemini', apiId: 'gemini' },
    taken: { paths: ['gemini'], ids: ['gemini', 'gemini-2'] },
    expected: { path: 'gemini-3', apiId: 'gemini-3' },
  },
  {
    name: 'paths compare without case and slashes',
    current: { path: 'Gemini', apiId: 'gemini' },
    taken: { paths: ['/gemini/', 'GEMINI-2'], ids: [] },
    expected: { path: 'Gemini-3', apiId: 'gemini-3' },
  },
  {
    name: 'ids compare without case',
    current: { path: 'p', apiId: 'gemini' },
    taken: { paths: ['p'], ids: ['GEMINI-2'] },
    expected: { path: 'p-3', apiId: 'gemini-3' },
  },
  {
    name: 'a counter of an earlier proposal is continued',
    current: { path: 'gemini-2', apiId: 'gemini-2' },
    taken: { paths: ['gemini', 'gemini-2'], ids: ['gemini', 'gemini-2'] },
    expected: { path: 'gemini-3', apiId: 'gemini-3' },
  },
  {
    name: 'a trailing number that is part of the name stays',
    current: { path: 'gpt-4', apiId: 'gpt-4' },
    taken: { paths: ['gpt-4'], ids: ['gpt-4'] },
    expected: { path: 'gpt-4-2', apiId: 'gpt-4-2' },
  },
  {
    name: 'path and id with different names',
    current: { path: 'llm/gemini', apiId: 'google-gemini' },
    taken: { paths: ['llm/gemini'], ids: ['google-gemini'] },
    expected: { path: 'llm/gemini-2', apiId: 'google-gemini-2' },
  },
  {
    name: 'only the path taken: the id gets the same number',
    current: { path: 'gemini', apiId: 'my-gemini' },
    taken: { paths: ['gemini'], ids: [] },
    expected: { path: 'gemini-2', apiId: 'my-gemini-2' },
  },
  {
    name: 'a long path and id are cut to fit their limits',
    current: { path: 'a'.repeat(20), apiId: 'b'.repeat(10) },
    taken: { paths: ['a'.repeat(20)], ids: ['b'.repeat(10)] },
    limits: { maxPathLength: 20, maxIdLength: 10 },
    expected: { path: `${'a'.repeat(18)}-2`, apiId: `${'b'.repeat(8)}-2` },
  },
  {
    name: 'a cut never leaves a dangling separator',
    current: { path: 'abc-/def', apiId: 'abc-def' },
    taken: { paths: ['abc-/def'], ids: ['abc-def'] },
    limits: { maxPathLength: 6, maxIdLength: 6 },
    expected: { path: 'abc-2', apiId: 'abc-2' },
  },
  {
    name: 'the cut grows with the number',
    current: { path: 'abcdef', apiId: 'abcdef' },
    taken: { paths: ['abcdef', ...Array.from({ length: 9 }, (_, i) => `abcd-${i + 1}`)], ids: [] },
    limits: { maxPathLength: 6, maxIdLength: 6 },
    expected: { path: 'abc-10', apiId: 'abc-10' },
  },
];

void describe('proposeFreePath', () => {
  for (const row of rows) {
    void it(row.name, () => {
      assert.deepEqual(proposeFreePath(row.current, row.taken, row.limits), row.expected);
    });
  }

  void it('the default limits keep the id at 80 characters and the path valid', () => {
    const id = 'x'.repeat(80);
    const path = 'p'.repeat(400);
    const proposal = proposeFreePath({ path, apiId: id }, { paths: [path], ids: [id] });
    assert.equal(proposal.apiId.length, 80);
    assert.equal(proposal.path.length, 400);
    assert.equal(validateApiPath(proposal.path, [path]), undefined);
    // The derived backend id still fits ARM's 80 characters.
    assert.ok(lmApiResourceNames('ignored', proposal.apiId).backendId.length <= 80);
  });

  void it('what it proposes is never taken, whatever is taken', () => {
    const paths = ['gemini', 'gemini-2', 'gemini-4', 'gemini-5'];
    const ids = ['gemini', 'gemini-3', 'gemini-6'];
    const proposal = proposeFreePath({ path: 'gemini', apiId: 'gemini' }, { paths, ids });
    assert.deepEqual(proposal, { path: 'gemini-7', apiId: 'gemini-7' });
  });
});

void describe('lmApiResourceNames with a chosen API id', () => {
  void it('derives the backend, named value and pool from the chosen id, not the display name', () => {
    assert.deepEqual(lmApiResourceNames('Gemini', 'gemini-2'), {
      apiId: 'gemini-2',
      backendId: 'gemini-2-backend',
      namedValueId: 'gemini-2-key',
      poolId: 'gemini-2-pool',
    });
    assert.deepEqual(lmApiResourceNames('Gemini'), {
      apiId: 'gemini',
      backendId: 'gemini-backend',
      namedValueId: 'gemini-key',
      poolId: 'gemini-pool',
    });
  });
});
