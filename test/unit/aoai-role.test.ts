import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  OPENAI_USER_ROLE,
  azRoleAssignmentCommand,
  roleAssignmentName,
  roleDefinitionId,
  roleGuidOf,
} from '../../src/domain/import/azureOpenAi/roleAssignment';

const scope =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso-openai';
const principal = '11111111-2222-3333-4444-555555555555';

void describe('role assignment name', () => {
  void it('is a version-5 GUID, the same on every run and whatever the case of the inputs', () => {
    const a = roleAssignmentName(scope, principal, OPENAI_USER_ROLE.guid);
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(roleAssignmentName(scope, principal, OPENAI_USER_ROLE.guid), a);
    assert.equal(roleAssignmentName(scope.toUpperCase(), principal.toUpperCase(), OPENAI_USER_ROLE.guid), a);
  });

  void it('differs when the scope, the principal or the role differs', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (p1, p2) => {
        fc.pre(p1.toLowerCase() !== p2.toLowerCase());
        return roleAssignmentName(scope, p1, OPENAI_USER_ROLE.guid) !== roleAssignmentName(scope, p2, OPENAI_USER_ROLE.guid);
      }),
      { numRuns: 500 },
    );
    const base = roleAssignmentName(scope, principal, OPENAI_USER_ROLE.guid);
    assert.notEqual(roleAssignmentName(`${scope}2`, principal, OPENAI_USER_ROLE.guid), base);
    assert.notEqual(roleAssignmentName(scope, principal, 'a97b65f3-24c7-4388-baec-2e87135dc908'), base);
  });
});

void describe('role definition ids and the administrator command', () => {
  void it('builds the subscription-scoped role definition id ARM expects, and reads the GUID back from any form', () => {
    const id = roleDefinitionId('sub-1', OPENAI_USER_ROLE.guid);
    assert.equal(id, '/subscriptions/sub-1/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd');
    assert.equal(roleGuidOf(id.toUpperCase()), OPENAI_USER_ROLE.guid);
    assert.equal(roleGuidOf(`/providers/Microsoft.Authorization/roleDefinitions/${OPENAI_USER_ROLE.guid}`), OPENAI_USER_ROLE.guid);
  });

  void it('gives the exact az command with the object id, the principal type, the role and the scope', () => {
    assert.equal(
      azRoleAssignmentCommand(principal, scope),
      `az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role "Cognitive Services OpenAI User" --scope "${scope}"`,
    );
  });
});
