// Conformance: the official REST API examples (Azure/azure-rest-api-specs) of every operation the sandbox emulates,
// replayed against the sandbox over HTTPS; prints "N of M examples agree" and the disagreeing ones.
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { sandboxPerSuite } from '../integration/helpers/sandbox';
import { differences } from './compare';
import { startDocumentServer, type DocumentServer } from './documentServer';
import { INSTANCE_SPECIFIC_KEYS, KNOWN_DIFFERENCES } from './knownDifferences';
import { loadExamples, replay } from './replay';

const examples = loadExamples(join(__dirname, 'examples'));

void describe('conformance with the official REST API examples', () => {
  const sb = sandboxPerSuite();
  const disagreeing: string[] = [];
  let documents: DocumentServer | undefined;

  before(async () => {
    documents = await startDocumentServer(join(__dirname, 'documents'));
  });

  after(async () => {
    await documents?.close();
    const agree = examples.length - disagreeing.length;
    console.log(`\n${agree} of ${examples.length} examples agree`);
    for (const line of disagreeing) console.log(`  ${line}`);
  });

  for (const example of examples) {
    void it(`${example.operationId}: ${example.name}`, async (t) => {
      await sb.hooks.reset();
      const diffs = differences(example, await replay(sb, example, documents!.links), INSTANCE_SPECIFIC_KEYS[example.name]);
      if (diffs.length === 0) {
        if (KNOWN_DIFFERENCES[example.name]) t.diagnostic(`${example.name} now agrees: take it off the known differences`);
        return;
      }
      disagreeing.push(`${example.name} (${example.source}): ${diffs.join('; ')}`);
      const known = KNOWN_DIFFERENCES[example.name];
      if (known) {
        t.diagnostic(`known difference: ${known}`);
        return;
      }
      throw new Error(`${example.name} disagrees with ${example.source}: ${diffs.join('; ')}`);
    });
  }
});
