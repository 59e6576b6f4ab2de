/**
 * The layering that lint cannot see: no import cycle anywhere in src/ or webview-ui/ (madge reads the TypeScript
 * imports, type-only ones included, since a cycle of types still ties two modules together).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import madge from 'madge';

void describe('layering', () => {
  void it('has no import cycle in src/ or webview-ui/', async () => {
    const graph = await madge(['src', 'webview-ui'], {
      fileExtensions: ['ts'],
      tsConfig: 'tsconfig.json',
      detectiveOptions: { ts: { skipTypeImports: false } },
    });
    const cycles = graph.circular();
    assert.deepEqual(cycles, [], `Import cycles:\n${cycles.map((c) => c.join(' > ')).join('\n')}`);
    // Not vacuous: the graph holds the whole extension.
    assert.ok(Object.keys(graph.obj()).length > 150, `madge read only ${Object.keys(graph.obj()).length} modules`);
  });
});
