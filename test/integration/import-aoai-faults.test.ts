// Azure OpenAI import failures against the sandbox: a user who may not assign roles (403 AuthorizationFailed on the role
// assignment PUT) gets the Azure CLI command and no half import; a fault at any step, then rollback, leaves the sandbox
// exactly as before.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { prepareAoaiImport, rollbackAoaiImport, runAoaiImport } from '../../src/apim/azureOpenAiImport';
import { RoleAssignmentNotPermittedError } from '../../src/azure/cognitiveRoleAssignment';
import { accountId, aoaiForm, clientsOf, comparable, describeOutcome, serviceRef } from './helpers/aoaiFixtures';
import { sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();
beforeEach(async () => {
  await sb.hooks.clearFaults();
  await sb.hooks.reset();
});

const form = (account: string) =>
  aoaiForm(account, {
    displayName: 'Faulty AOAI',
    basePath: 'faulty',
    products: ['starter'],
    policies: {
      tokenLimit: { tokensPerMinute: 2000, counterKey: 'subscription', remainingTokensHeader: true, consumedTokensHeader: true },
    },
  });

void describe('Azure OpenAI import failures', () => {
  void it('when the user may not assign roles: the exact az command for an administrator, and nothing left behind', async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const account = accountId(sb, 'openai');
    const before = comparable(await sb.hooks.state());
    await sb.hooks.addFault({
      method: 'PUT',
      path: '/providers/Microsoft\\.Authorization/roleAssignments/',
      times: 5,
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message: `The client 'dev@contoso.com' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${account}' or the scope is invalid.`,
        },
      },
    });
    const clients = clientsOf(sb);
    const prepared = await prepareAoaiImport(clients, service, { form: form(account), onExisting: 'conflict' });
    const outcome = await runAoaiImport(clients, service, prepared, { pollIntervalMs: 10 });
    assert.equal(outcome.status, 'failed');
    if (outcome.status !== 'failed') return;
    assert.ok(outcome.error instanceof RoleAssignmentNotPermittedError);
    assert.match(
      outcome.error.message,
      /^You may not assign roles on the Azure OpenAI resource contoso-openai, .*\. Ask an administrator .* then import again: az role assignment create .*"$/,
    );
    assert.ok(outcome.error.message.endsWith(outcome.azCommand!), 'the message ends with the exact command');
    // The identity was enabled for this import, then disabled by the rollback: the command names the principal it had.
    const principal = /--assignee-object-id (\S+)/.exec(outcome.azCommand ?? '')?.[1];
    assert.ok(principal, outcome.azCommand);
    assert.equal(
      outcome.azCommand,
      `az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role "Cognitive Services OpenAI User" --scope "${account}"`,
    );
    assert.equal(outcome.rollback?.failed.length, 0);
    assert.deepEqual(outcome.journal, []);
    assert.deepEqual(comparable(await sb.hooks.state()), before);
  });

  // One fault per write of the plan (non-retryable, so the SDK gives up at once), each followed by a rollback.
  const faults: [step: string, method: string, path: string][] = [
    ['serviceIdentity', 'PATCH', '/service/contoso-ai-gateway$'],
    ['roleAssignment', 'PUT', '/providers/Microsoft\\.Authorization/roleAssignments/'],
    ['backend', 'PUT', '/backends/faulty-aoai-backend$'],
    ['api', 'PUT', '/apis/faulty-aoai$'],
    ['apiPolicy', 'PUT', '/apis/faulty-aoai/policies/policy$'],
    ['productApi', 'PUT', '/products/starter/apis/faulty-aoai$'],
  ];
  // The API-key variant writes a secret named value first; the backend after it sends it.
  const keyFaults: [step: string, method: string, path: string][] = [
    ['namedValue', 'PUT', '/namedValues/faulty-aoai-key$'],
    ['backend', 'PUT', '/backends/faulty-aoai-backend$'],
  ];
  for (const [step, method, path] of keyFaults) {
    void it(`with an API key: a fault at the ${step} step, then rollback, leaves the state as before`, async () => {
      const service = await serviceRef(sb, 'aiGateway');
      const before = comparable(await sb.hooks.state());
      await sb.hooks.addFault({
        method,
        path,
        times: 1,
        status: 400,
        body: { error: { code: 'ValidationError', message: `Injected fault at ${step}.` } },
      });
      const clients = clientsOf(sb);
      const prepared = await prepareAoaiImport(clients, service, {
        form: { ...form(accountId(sb, 'openai')), auth: 'apiKey' },
        onExisting: 'conflict',
      });
      const outcome = await runAoaiImport(clients, service, prepared, { pollIntervalMs: 10 });
      assert.equal(outcome.status, 'failed', describeOutcome(outcome));
      if (outcome.status !== 'failed') return;
      assert.equal(outcome.stepId.split(':')[0], step);
      assert.deepEqual((await rollbackAoaiImport(clients, service, outcome.journal)).failed, []);
      assert.deepEqual(comparable(await sb.hooks.state()), before);
    });
  }

  for (const [step, method, path] of faults) {
    void it(`a fault at the ${step} step, then rollback, leaves the state as before`, async () => {
      const service = await serviceRef(sb, 'aiGateway');
      const before = comparable(await sb.hooks.state());
      await sb.hooks.addFault({
        method,
        path,
        times: 1,
        status: 400,
        body: { error: { code: 'ValidationError', message: `Injected fault at ${step}.` } },
      });
      const clients = clientsOf(sb);
      const prepared = await prepareAoaiImport(clients, service, { form: form(accountId(sb, 'openai')), onExisting: 'conflict' });
      const outcome = await runAoaiImport(clients, service, prepared, { pollIntervalMs: 10 });
      assert.equal(outcome.status, 'failed', describeOutcome(outcome));
      if (outcome.status !== 'failed') return;
      assert.equal(outcome.stepId.split(':')[0], step);
      const rollback = await rollbackAoaiImport(clients, service, outcome.journal);
      assert.deepEqual(rollback.failed, []);
      assert.deepEqual(comparable(await sb.hooks.state()), before);
    });
  }
});
