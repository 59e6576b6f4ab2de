// ARM emulator with the real CognitiveServicesManagementClient and AuthorizationManagementClient.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { DEMO_NAMES, collect, sandboxPerSuite } from './helpers/sandbox';

const { resourceGroup: RG, openai: OPENAI, aiServices: AISERVICES } = DEMO_NAMES.models;
const OPENAI_USER = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd';
const COGNITIVE_USER = 'a97b65f3-24c7-4388-baec-2e87135dc908';

void describe('sandbox ARM: Cognitive Services accounts and role assignments', () => {
  const sb = sandboxPerSuite();
  let sub: string;
  const roleDefinition = (guid: string) => `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  before(() => {
    sub = sb.connection.subscriptionIds[0]!;
  });

  void it('lists OpenAI, AIServices and Content Safety accounts with endpoints that point at the mock model', async () => {
    const client = sb.cognitive();
    const accounts = await collect(client.accounts.list());
    assert.deepEqual(accounts.map((a) => [a.name, a.kind]).sort(), [
      [AISERVICES, 'AIServices'],
      ['contoso-content-safety', 'ContentSafety'],
      [OPENAI, 'OpenAI'],
    ]);
    const openai = await client.accounts.get(RG, OPENAI);
    assert.equal(openai.properties?.endpoint, `${sb.connection.armEndpoint}/aoai/contoso-openai/`);
    assert.equal(openai.properties?.endpoints?.['OpenAI Language Model Instance API'], openai.properties?.endpoint);
    assert.equal((await collect(client.accounts.listByResourceGroup(RG))).length, 3);
    const safety = await client.accounts.get(RG, 'contoso-content-safety');
    assert.deepEqual(safety.properties?.endpoints, { 'Content Safety': safety.properties?.endpoint });
    assert.equal((await collect(sb.cognitive(sb.connection.subscriptionIds[1]).accounts.list())).length, 0);
    await assert.rejects(client.accounts.get(RG, 'missing'), { statusCode: 404, code: 'ResourceNotFound' });
  });

  void it('returns keys only from listKeys', async () => {
    const client = sb.cognitive();
    const account = await client.accounts.get(RG, OPENAI);
    assert.equal(JSON.stringify(account).includes('key1'), false);
    const keys = await client.accounts.listKeys(RG, OPENAI);
    assert.match(keys.key1 ?? '', /^[0-9a-f]{32}$/);
    assert.notEqual(keys.key1, keys.key2);
  });

  void it('lists and gets model deployments', async () => {
    const client = sb.cognitive();
    const deployments = await collect(client.deployments.list(RG, OPENAI));
    assert.deepEqual(
      deployments.map((d) => d.name),
      ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'],
    );
    const gpt4o = await client.deployments.get(RG, OPENAI, 'gpt-4o');
    assert.deepEqual(gpt4o.properties?.model, { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' });
    assert.equal(gpt4o.sku?.name, 'GlobalStandard');
    assert.ok((await collect(client.deployments.list(RG, AISERVICES))).length > 0);
    await assert.rejects(client.deployments.get(RG, OPENAI, 'gpt-9'), { statusCode: 404 });
  });

  void it('creates, gets, lists with filters and deletes role assignments at a resource scope', async () => {
    const client = sb.authorization();
    const account = await sb.cognitive().accounts.get(RG, OPENAI);
    const scope = account.id!;
    const principalId = randomUUID();
    const name = randomUUID();
    const created = await client.roleAssignments.create(scope, name, {
      roleDefinitionId: roleDefinition(OPENAI_USER),
      principalId,
      principalType: 'ServicePrincipal',
    });
    assert.equal(created.principalId, principalId);
    assert.equal(created.scope, scope);
    assert.equal((await client.roleAssignments.get(scope, name)).roleDefinitionId, roleDefinition(OPENAI_USER));

    const subScope = `/subscriptions/${sub}`;
    const other = randomUUID();
    await client.roleAssignments.create(subScope, randomUUID(), {
      roleDefinitionId: roleDefinition(COGNITIVE_USER),
      principalId: other,
      principalType: 'User',
    });

    const forPrincipal = await collect(client.roleAssignments.listForScope(scope, { filter: `principalId eq '${principalId}'` }));
    assert.deepEqual(
      forPrincipal.map((r) => r.name),
      [name],
    );
    const atScope = await collect(client.roleAssignments.listForScope(scope, { filter: 'atScope()' }));
    assert.deepEqual(
      atScope.map((r) => r.principalId).sort(),
      [principalId, other].sort(),
      'atScope() includes assignments above the scope',
    );
    const atSubscription = await collect(client.roleAssignments.listForScope(subScope, { filter: 'atScope()' }));
    assert.deepEqual(
      atSubscription.map((r) => r.principalId),
      [other],
      'atScope() excludes assignments below the scope',
    );
    await assert.rejects(collect(client.roleAssignments.listForScope(scope, { filter: "roleDefinitionId eq 'x'" })), { statusCode: 400 });

    await client.roleAssignments.delete(scope, name);
    await assert.rejects(client.roleAssignments.get(scope, name), { statusCode: 404, code: 'RoleAssignmentNotFound' });
  });

  void it('refuses a duplicate assignment (409 RoleAssignmentExists), a non-GUID name and a missing scope', async () => {
    const client = sb.authorization();
    const scope = `/subscriptions/${sub}/resourceGroups/${RG}`;
    const principalId = randomUUID();
    const body = { roleDefinitionId: roleDefinition(OPENAI_USER), principalId, principalType: 'ServicePrincipal' as const };
    await client.roleAssignments.create(scope, randomUUID(), body);
    await assert.rejects(client.roleAssignments.create(scope, randomUUID(), body), { statusCode: 409, code: 'RoleAssignmentExists' });
    await assert.rejects(client.roleAssignments.create(scope, 'not-a-guid', body), { statusCode: 400, code: 'InvalidRoleAssignmentId' });
    await assert.rejects(
      client.roleAssignments.create(`${scope}/providers/Microsoft.CognitiveServices/accounts/missing`, randomUUID(), body),
      { statusCode: 404 },
    );
  });

  void it("serves the SDK's other role assignment calls: by id, for a subscription, for a resource group", async () => {
    const client = sb.authorization();
    const service = await sb.apim().apiManagementService.get(DEMO_NAMES.aiGateway.resourceGroup, DEMO_NAMES.aiGateway.service);
    const principalId = randomUUID();
    const created = await client.roleAssignments.create(service.id!, randomUUID(), {
      roleDefinitionId: roleDefinition(COGNITIVE_USER),
      principalId,
      principalType: 'ServicePrincipal',
    });
    assert.equal((await client.roleAssignments.getById(created.id!)).principalId, principalId);
    const inSubscription = await collect(client.roleAssignments.listForSubscription({ filter: `principalId eq '${principalId}'` }));
    assert.deepEqual(
      inSubscription.map((r) => r.id),
      [created.id],
    );
    assert.deepEqual(
      await collect(client.roleAssignments.listForResourceGroup(RG, { filter: `principalId eq '${principalId}'` })),
      [],
      'an assignment in another resource group is not listed',
    );
    const inGroup = await collect(
      client.roleAssignments.listForResourceGroup(DEMO_NAMES.aiGateway.resourceGroup, { filter: `principalId eq '${principalId}'` }),
    );
    assert.deepEqual(
      inGroup.map((r) => r.id),
      [created.id],
      'assignments below the scope are listed',
    );
    await client.roleAssignments.deleteById(created.id!);
    await assert.rejects(client.roleAssignments.getById(created.id!), { statusCode: 404 });
  });
});
