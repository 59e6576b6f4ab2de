// The sandbox CLI's option parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../../src/sandbox/cli';

void describe('sandbox parseArgs', () => {
  void it('reads every option, in both spellings', () => {
    assert.deepEqual(parseArgs(['--port', '7000', '--latency=100', '--apis', '10000', '--seed', 'empty', '--state-dir', '/tmp/s']), {
      port: 7000,
      latencyMs: 100,
      apis: 10000,
      seed: 'empty',
      stateDir: '/tmp/s',
    });
    assert.deepEqual(parseArgs([]), {});
  });

  for (const args of [
    ['--port', '70000'],
    ['--port'],
    ['--apis', '-1'],
    ['--latency', '1.5'],
    ['--seed', 'big'],
    ['--state-dir'],
    ['--nope'],
    ['--help'],
  ]) {
    void it(`refuses ${args.join(' ')} with the usage`, () => assert.throws(() => parseArgs(args), /Usage: sandbox/));
  }
});
