// The wizard's "Azure OpenAI" mode through the real controller against the sandbox: the accounts with their
// deployments, Review listing identity and role, validation of untrusted input, Create, and Rollback.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import { parseAoaiModeReply } from '../../src/protocol/azureOpenAiInput';
import { accountId, aoaiForm, clientsOf, comparable, serviceRef } from './helpers/aoaiFixtures';
import { lastEvent, recordingWizard, type RecordingWizard } from './helpers/recordingWizard';
import { sandboxPerSuite } from './helpers/sandbox';

let service: ServiceRef;
const sb = sandboxPerSuite({}, async (started) => {
  service = await serviceRef(started, 'aiGateway');
});

function wizard(subscriptionIds?: readonly string[]): RecordingWizard {
  return recordingWizard(clientsOf(sb), service, subscriptionIds ? { subscriptionIds: () => Promise.resolve(subscriptionIds) } : {});
}

void describe('Import wizard, Azure OpenAI mode', () => {
  void it('lists the OpenAI and AIServices accounts of the selected subscriptions with their deployments', async () => {
    const { controller, events } = wizard(sb.connection.subscriptionIds);
    await controller.handle({ type: 'modeRequest', requestId: 1, mode: 'azureOpenAi', request: { type: 'listAccounts' } });
    const reply = parseAoaiModeReply(lastEvent(events, 'modeReply')?.reply);
    assert.ok(reply, JSON.stringify(events));
    assert.deepEqual(
      reply.accounts.map((a) => `${a.name} (${a.kind})`),
      ['contoso-aiservices (AIServices)', 'contoso-openai (OpenAI)'],
    );
    assert.deepEqual(reply.failures, []);
    const openai = reply.accounts.find((a) => a.name === 'contoso-openai')!;
    assert.deepEqual(
      openai.deployments.map((d) => d.name),
      ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'],
    );
    assert.equal(openai.deployments[0].model, 'gpt-4o');
    assert.ok(openai.deployments[0].capacity! > 0);
  });

  void it('a subscription whose accounts cannot be read does not hide the others, and says why', async () => {
    const [prod, dev] = sb.connection.subscriptionIds;
    await sb.hooks.addFault({
      method: 'GET',
      path: `^/subscriptions/${dev}/providers/Microsoft\\.CognitiveServices/accounts$`,
      times: 1,
      status: 403,
      body: { error: { code: 'AuthorizationFailed', message: 'No read access.' } },
    });
    const { controller, events } = wizard([prod, dev]);
    await controller.handle({ type: 'modeRequest', requestId: 9, mode: 'azureOpenAi', request: { type: 'listAccounts' } });
    await sb.hooks.clearFaults();
    const reply = parseAoaiModeReply(lastEvent(events, 'modeReply')?.reply);
    assert.ok(reply, JSON.stringify(events));
    assert.equal(reply.accounts.length, 2);
    assert.equal(reply.failures.length, 1);
    assert.match(reply.failures[0], new RegExp(`^Could not list the Azure OpenAI resources of subscription ${dev}: .*\\. [A-Z].*\\.$`));
  });

  void it('refuses a malformed mode request and invalid input with sentences, before any Azure write', async () => {
    const { controller, events } = wizard();
    await controller.handle({ type: 'modeRequest', requestId: 2, mode: 'azureOpenAi', request: { type: 'dropTables' } });
    assert.match(lastEvent(events, 'error')!.message, /does not answer/);
    const form = aoaiForm(accountId(sb, 'openai'), { basePath: 'bad path', displayName: '', auth: 'none' });
    await controller.handle({ type: 'review', requestId: 3, input: { mode: 'azureOpenAi', form, onExisting: 'conflict' }, key: '' });
    const invalid = lastEvent(events, 'invalid');
    assert.ok(invalid, JSON.stringify(events));
    assert.deepEqual(Object.keys(invalid.errors).sort(), ['auth', 'basePath', 'displayName']);
    await controller.handle({
      type: 'review',
      requestId: 4,
      input: { mode: 'azureOpenAi', form: { ...form, auth: 'sideways' }, onExisting: 'conflict' },
      key: '',
    });
    assert.match(lastEvent(events, 'error')!.message, /"auth" must be one of managedIdentity, apiKey, none/);
  });

  void it("when the user may not assign roles: the administrator's az command in the outcome, and the import undone at once", async () => {
    const { controller, events } = wizard();
    const before = await sb.hooks.state();
    await sb.hooks.addFault({
      method: 'PUT',
      path: '/providers/Microsoft\\.Authorization/roleAssignments/',
      times: 5,
      status: 403,
      body: {
        error: {
          code: 'AuthorizationFailed',
          message: 'The client does not have authorization to perform action Microsoft.Authorization/roleAssignments/write.',
        },
      },
    });
    const input = {
      mode: 'azureOpenAi',
      form: aoaiForm(accountId(sb, 'openai'), { displayName: 'No Roles', basePath: 'noroles' }),
      onExisting: 'conflict',
    };
    await controller.handle({ type: 'create', requestId: 8, input, key: '' });
    await sb.hooks.clearFaults();
    const outcome = lastEvent(events, 'finished')?.outcome;
    assert.equal(outcome?.status, 'failed', JSON.stringify(outcome));
    if (outcome?.status !== 'failed') return;
    assert.match(
      outcome.message,
      /^You may not assign roles on the Azure OpenAI resource contoso-openai, .*\. Nothing was imported\. Ask an administrator .* then import again: az role assignment create --assignee-object-id [0-9a-f-]{36} --assignee-principal-type ServicePrincipal --role "Cognitive Services OpenAI User" --scope "\/subscriptions\/[^"]*\/accounts\/contoso-openai"$/,
    );
    assert.equal(outcome.canRollback, false, 'nothing is left to roll back');
    assert.ok(events.some((e) => e.type === 'progress' && e.stepId.startsWith('serviceIdentity:') && e.status === 'rolledBack'));
    assert.deepEqual(comparable(await sb.hooks.state()), comparable(before));
  });

  void it('reviews every step including identity and role, creates, then rolls back to the state before', async () => {
    const { controller, events } = wizard();
    const before = await sb.hooks.state();
    const input = {
      mode: 'azureOpenAi',
      form: aoaiForm(accountId(sb, 'openai'), { displayName: 'Wizard AOAI', basePath: 'wizard', products: ['starter'] }),
      onExisting: 'conflict',
    };
    await controller.handle({ type: 'review', requestId: 5, input, key: '' });
    const review = lastEvent(events, 'reviewReady')?.review;
    assert.ok(review, JSON.stringify(events.at(-1)));
    assert.deepEqual(
      review.steps.map((s) => `${s.resourceType}: ${s.action}`),
      [
        'Managed identity: create',
        'Role assignment: create',
        'Backend: create',
        'API: create',
        'API policy: create',
        'Product link: create',
      ],
    );
    assert.match(review.policyXml!, /authentication-managed-identity resource="https:\/\/cognitiveservices\.azure\.com"/);
    assert.equal(review.endpoint, `${service.gatewayUrl}/wizard/openai`);
    assert.match(review.curl, /deployments\/your-deployment\/chat\/completions\?api-version=2024-10-21/);
    assert.match(review.curl, /-H "api-key: \$APIM_KEY"/);

    await controller.handle({ type: 'create', requestId: 6, input, key: '' });
    const finished = lastEvent(events, 'finished');
    assert.deepEqual(finished?.outcome, { status: 'succeeded', endpoint: `${service.gatewayUrl}/wizard/openai` });
    assert.ok(events.some((e) => e.type === 'progress' && e.stepId.startsWith('roleAssignment:') && e.status === 'created'));

    await controller.handle({ type: 'rollback', requestId: 7 });
    const rolledBack = lastEvent(events, 'rolledBack');
    assert.equal(rolledBack?.complete, true, rolledBack?.message);
    assert.deepEqual(comparable(await sb.hooks.state()), comparable(before));
  });
});
