/** The wrapper every command goes through: one sentence for the user, details in the log, silence on cancel. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeVscode, installFakeVscode } from './helpers/fakeVscode';

const fake = createFakeVscode();
installFakeVscode(fake);

void describe('registerCommand', async () => {
  const { registerCommand } = await import('../../src/commands/registerCommand.js');
  const { UserCancelledError } = await import('../../src/commands/pickers.js');
  const lines: string[] = [];
  const log = {
    trace: (m: string) => lines.push(`trace ${m}`),
    info: () => undefined,
    warn: () => undefined,
    error: (m: string) => lines.push(`error ${m}`),
    show: () => undefined,
  };
  const services = { account: undefined, tree: undefined, log } as never;
  let behaviour: () => unknown = () => 'done';
  registerCommand(services, 'aiGateway.refresh', 'refresh the tree', () => behaviour());
  const run = () => fake.commands.get('aiGateway.refresh')!();
  const shown = () => fake.log.filter((l) => l.startsWith('shown error: '));

  void it('returns what the handler returns', async () => {
    assert.equal(await run(), 'done');
    assert.deepEqual(shown(), []);
  });

  void it('shows one sentence and logs the details of a failure', async () => {
    behaviour = () => {
      throw Object.assign(new Error('The client has no authorization'), {
        name: 'RestError',
        statusCode: 403,
        code: 'AuthorizationFailed',
      });
    };
    assert.equal(await run(), undefined);
    assert.deepEqual(shown(), [
      'shown error: Could not refresh the tree: you do not have permission. Ask an owner of the subscription for an API Management role (Reader to browse, Service Contributor to change), then retry.',
    ]);
    assert.ok(
      lines.some(
        (l) =>
          l.startsWith('error aiGateway.refresh:') && l.includes('status 403, code AuthorizationFailed: The client has no authorization'),
      ),
    );
  });

  void it('stays quiet when the user cancels', async () => {
    fake.log.length = 0;
    behaviour = () => Promise.reject(new UserCancelledError());
    assert.equal(await run(), undefined);
    assert.deepEqual(shown(), []);
    assert.ok(lines.some((l) => l === 'trace Command aiGateway.refresh cancelled'));
  });
});
