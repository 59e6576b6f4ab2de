// Azure OpenAI import failures against the sandbox, through the wizard's real controller: a user who may not assign
// roles (403 AuthorizationFailed on the role assignment PUT) gets the Azure CLI command and no half import; a fault at
// any step, then Rollback, leaves the sandbox exactly as before.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { accountId, aoaiForm, comparable, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard } from './helpers/aoaiWizardImport';
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
    const { outcome, undoneSteps } = await importThroughWizard(sb, service, { form: form(account), onExisting: 'conflict' });
    assert.equal(outcome.status, 'failed');
    if (outcome.status !== 'failed') return;
    assert.match(
      outcome.message,
      /^You may not assign roles on the Azure OpenAI resource contoso-openai, .*\. Nothing was imported\. Ask an administrator .* then import again: az role assignment create .*"$/,
    );
    // The identity was enabled for this import, then disabled by the undo: the command names the principal it had.
    const azCommand = /az role assignment create .*$/.exec(outcome.message)?.[0];
    const principal = /--assignee-object-id (\S+)/.exec(azCommand ?? '')?.[1];
    assert.ok(principal, outcome.message);
    assert.equal(
      azCommand,
      `az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role "Cognitive Services OpenAI User" --scope "${account}"`,
    );
    assert.deepEqual(
      undoneSteps.map((id) => id.split(':')[0]),
      ['serviceIdentity'],
      'undone at once',
    );
    assert.equal(outcome.canRollback, false, 'nothing is left to roll back');
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
      const run = await importThroughWizard(sb, service, {
        form: { ...form(accountId(sb, 'openai')), auth: 'apiKey' },
        onExisting: 'conflict',
      });
      assert.equal(run.outcome.status, 'failed', describeWizardOutcome(run.outcome));
      assert.equal(run.failedStep?.split(':')[0], step);
      assert.equal((await run.rollback()).complete, true);
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
      const run = await importThroughWizard(sb, service, { form: form(accountId(sb, 'openai')), onExisting: 'conflict' });
      assert.equal(run.outcome.status, 'failed', describeWizardOutcome(run.outcome));
      assert.equal(run.failedStep?.split(':')[0], step);
      assert.equal((await run.rollback()).complete, true);
      assert.deepEqual(comparable(await sb.hooks.state()), before);
    });
  }
});
