// Import Azure OpenAI from the resource, through the wizard's real controller against the sandbox with the real SDK
// clients: the managed identity path end to end (identity, role, backend, OpenAPI import, policy) and a chat call through
// the gateway that works only while the APIM identity holds the role.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import { plannedAssignment } from '../../src/azure/cognitiveRoleAssignment';
import { accountId, aoaiForm, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard, reviewActions, stepKinds } from './helpers/aoaiWizardImport';
import { sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();

const chat = (service: ServiceRef, path: string, deployment: string, key: string) =>
  sb.http(`${service.gatewayUrl}/${path}/deployments/${deployment}/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': key },
    body: { messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 20 },
  });

const importFrom = (service: ServiceRef, account: string, overrides: Parameters<typeof aoaiForm>[1] = {}) =>
  importThroughWizard(sb, service, { form: aoaiForm(account, overrides), onExisting: 'conflict' });

void describe('Import Azure OpenAI from the resource with managed identity', () => {
  void it("imports from the OpenAI account; the chat call works with the role and gets Azure's 401 without it", async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const account = accountId(sb, 'openai');
    const { review, outcome } = await importFrom(service, account, { displayName: 'AOAI via identity', basePath: 'mi' });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    assert.deepEqual(stepKinds(review), ['serviceIdentity', 'roleAssignment', 'backend', 'api', 'apiPolicy']);

    const svc = await sb.apim(service.subscriptionId).apiManagementService.get(service.resourceGroup, service.name);
    assert.match(svc.identity!.type, /SystemAssigned/);
    const principalId = svc.identity!.principalId!;
    const planned = plannedAssignment(account, principalId);
    const ra = await sb.authorization().roleAssignments.get(planned.scope.slice(1), planned.name);
    assert.equal(ra.principalType, 'ServicePrincipal');
    assert.match(ra.roleDefinitionId!, /5e0bd9bd-7b93-4f28-af87-19fc36ad61bd$/);

    const api = await sb.apim(service.subscriptionId).api.get(service.resourceGroup, service.name, 'aoai-via-identity');
    assert.equal(api.path, 'mi/openai');
    assert.equal(api.subscriptionKeyParameterNames?.header, 'api-key');
    const ops: string[] = [];
    for await (const op of sb
      .apim(service.subscriptionId)
      .apiOperation.listByApi(service.resourceGroup, service.name, 'aoai-via-identity')) {
      ops.push(`${op.method} ${op.urlTemplate}`);
    }
    assert.equal(ops.length, 6);
    assert.ok(
      ops.some((o) => /^POST \/deployments\/\{deployment-id\}\/chat\/completions$/.test(o)),
      ops.join(', '),
    );

    const key = await masterKey(sb, service);
    const ok = await chat(service, 'mi/openai', 'gpt-4o', key);
    assert.equal(ok.status, 200, ok.text);
    const body = ok.json<{ usage: { total_tokens: number }; choices: unknown[] }>();
    assert.ok(body.usage.total_tokens > 0);

    // Without the role, Azure OpenAI refuses the identity's token: the real-world 401 PermissionDenied.
    await sb.authorization().roleAssignments.delete(planned.scope.slice(1), planned.name);
    const denied = await chat(service, 'mi/openai', 'gpt-4o', key);
    assert.equal(denied.status, 401, denied.text);
    assert.equal(denied.json<{ error: { code: string } }>().error.code, 'PermissionDenied');

    // A re-run sees everything else in place and only grants the role again.
    const rerun = await importFrom(service, account, { displayName: 'AOAI via identity', basePath: 'mi' });
    assert.equal(rerun.outcome.status, 'succeeded', describeWizardOutcome(rerun.outcome));
    // Review shows it: everything "already exists as planned" but the role, which is created again.
    assert.deepEqual(reviewActions(rerun.review), {
      serviceIdentity: 'skip',
      roleAssignment: 'create',
      backend: 'skip',
      api: 'skip',
      apiPolicy: 'skip',
    });
    assert.equal((await chat(service, 'mi/openai', 'gpt-4o', key)).status, 200);
  });

  void it('imports from the AIServices account through its OpenAI endpoint', async () => {
    const service = await serviceRef(sb, 'aiGateway');
    const { outcome, review } = await importFrom(service, accountId(sb, 'aiServices'), {
      displayName: 'AI Services chat',
      basePath: 'ais',
    });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    const role = review.steps.find((s) => s.id.startsWith('roleAssignment:'))!;
    assert.match(role.title, /contoso-aiservices/);
    const r = await chat(service, 'ais/openai', 'gpt-4o-mini', await masterKey(sb, service));
    assert.equal(r.status, 200, r.text);
  });

  void it('keeps the user-assigned identity of an instance that already has one', async () => {
    const service = await serviceRef(sb, 'apimProd');
    const before = await sb.apim(service.subscriptionId).apiManagementService.get(service.resourceGroup, service.name);
    const userAssigned = Object.keys(before.identity?.userAssignedIdentities ?? {});
    assert.equal(before.identity?.type, 'UserAssigned');
    assert.equal(userAssigned.length, 1);
    const { outcome, review } = await importFrom(service, accountId(sb, 'openai'), { displayName: 'Prod AOAI', basePath: 'prod' });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    assert.match(review.steps[0].title, /keeping its 1 user-assigned identity/);
    const afterSvc = await sb.apim(service.subscriptionId).apiManagementService.get(service.resourceGroup, service.name);
    assert.equal(afterSvc.identity?.type, 'SystemAssigned, UserAssigned');
    assert.deepEqual(Object.keys(afterSvc.identity?.userAssignedIdentities ?? {}), userAssigned);
    assert.ok(afterSvc.identity?.principalId);
    const r = await chat(service, 'prod/openai', 'gpt-4o', await masterKey(sb, service));
    assert.equal(r.status, 200, r.text);
  });

  void it('with "Use an API key instead": the account key in a secret named value, sent as api-key by the backend', async () => {
    const service = await serviceRef(sb, 'apimDev');
    const { outcome } = await importFrom(service, accountId(sb, 'openai'), {
      displayName: 'Keyed AOAI',
      basePath: 'keyed',
      auth: 'apiKey',
    });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
    const svc = await sb.apim(service.subscriptionId).apiManagementService.get(service.resourceGroup, service.name);
    assert.ok(!/SystemAssigned/.test(svc.identity?.type ?? ''), 'no identity is enabled for the key variant');
    const nv = await sb.apim(service.subscriptionId).namedValue.get(service.resourceGroup, service.name, 'keyed-aoai-key');
    assert.equal(nv.secret, true);
    assert.equal(nv.value, undefined, 'a GET never returns the secret');
    const backend = await sb.apim(service.subscriptionId).backend.get(service.resourceGroup, service.name, 'keyed-aoai-backend');
    assert.deepEqual(backend.credentials?.header, { 'api-key': ['{{keyed-aoai-key}}'] });
    const r = await chat(service, 'keyed/openai', 'gpt-4o', await masterKey(sb, service));
    assert.equal(r.status, 200, r.text);
  });
});
