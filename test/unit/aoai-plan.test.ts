import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { criticalPathLength, planLevels } from '../../src/domain/import/importPlan';
import type { AoaiAccountFacts, AoaiForm, AoaiServiceFacts } from '../../src/domain/import/azureOpenAi/form';
import { AOAI_ACCOUNT_KEY_SECRET, buildAoaiPlan } from '../../src/domain/import/azureOpenAi/plan';
import { buildInferenceSpec } from '../../src/domain/import/azureOpenAi/inferenceSpec';

const account: AoaiAccountFacts = {
  id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/contoso-openai',
  name: 'contoso-openai',
  subscriptionId: 's1',
  endpoint: 'https://contoso-openai.openai.azure.com/',
};
const service: AoaiServiceFacts = { name: 'contoso-apim', identityType: '', userAssignedIdentities: [] };
const form: AoaiForm = {
  mode: 'resource',
  accountId: account.id,
  spec: { kind: 'bundled', version: '2024-10-21' },
  displayName: 'Contoso <OpenAI> & "friends"',
  description: 'Chat for everyone',
  basePath: 'ai/aoai',
  products: ['starter', 'unlimited'],
  subscriptionKeyHeader: 'api-key',
  auth: 'managedIdentity',
  policies: {},
};
const document = buildInferenceSpec('2024-10-21');
const plan = (f: Partial<AoaiForm> = {}, s: Partial<AoaiServiceFacts> = {}) =>
  buildAoaiPlan({ ...form, ...f }, { account, service: { ...service, ...s }, document, onExisting: 'conflict' });

void describe('Azure OpenAI import plan', () => {
  void it('with managed identity: identity → role → backend and API → policy → product links', () => {
    const p = plan();
    assert.deepEqual(
      p.steps.map((s) => s.kind),
      ['serviceIdentity', 'roleAssignment', 'backend', 'apiImport', 'apiPolicy', 'productApi', 'productApi'],
    );
    const levels = planLevels(p).map((l) => l.map((id) => p.steps.find((s) => s.id === id)!.kind));
    assert.deepEqual(levels, [
      ['serviceIdentity'],
      ['roleAssignment'],
      ['backend', 'apiImport'],
      ['apiPolicy', 'productApi', 'productApi'],
    ]);
    assert.equal(criticalPathLength(p), 4);
  });

  void it('points the backend at {endpoint}/openai, the API at the fixed base path, the spec servers at the account', () => {
    const p = plan();
    const backend = p.steps.find((s) => s.kind === 'backend')!;
    assert.equal((backend.payload as { url: string }).url, 'https://contoso-openai.openai.azure.com/openai');
    assert.equal((backend.payload as { credentialsHeader?: unknown }).credentialsHeader, undefined);
    const api = p.steps.find((s) => s.kind === 'apiImport')!;
    const payload = api.payload as unknown as {
      path: string;
      format: string;
      value: string;
      operations: { path: string }[];
      apiId: string;
    };
    assert.equal(payload.path, 'ai/aoai/openai');
    assert.equal(payload.format, 'openapi+json');
    assert.deepEqual((JSON.parse(payload.value) as { servers: unknown }).servers, [
      { url: 'https://contoso-openai.openai.azure.com/openai' },
    ]);
    assert.equal(payload.operations.length, 6);
    assert.match(api.preview!, /POST \/deployments\/\{deployment-id\}\/chat\/completions/);
    // Review shows the operations in the step's own line.
    assert.match(
      api.title,
      /with 6 operations from the Azure OpenAI inference API 2024-10-21: POST \/deployments\/\{deployment-id\}\/completions, .*POST \/deployments\/\{deployment-id\}\/images\/generations$/,
    );
    assert.equal(payload.apiId, 'contoso-openai-friends');
  });

  void it('writes a policy with the managed identity for Cognitive Services, the backend, and the chosen token policies', () => {
    const p = plan({
      policies: {
        tokenLimit: { tokensPerMinute: 1000, counterKey: 'subscription', remainingTokensHeader: true, consumedTokensHeader: false },
        tokenMetrics: { namespace: 'aoai', dimensions: ['API ID'] },
      },
    });
    const xml = p.steps.find((s) => s.kind === 'apiPolicy')!.preview!;
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const inbound = doc.getElementsByTagName('inbound')[0];
    const names = Array.from({ length: inbound.childNodes.length }, (_, i) => inbound.childNodes[i])
      .filter((n) => n.nodeType === 1)
      .map((n) => n.nodeName);
    assert.deepEqual(names, [
      'base',
      'authentication-managed-identity',
      'set-backend-service',
      'azure-openai-token-limit',
      'azure-openai-emit-token-metric',
    ]);
    assert.equal(
      doc.getElementsByTagName('authentication-managed-identity')[0].getAttribute('resource'),
      'https://cognitiveservices.azure.com',
    );
    assert.equal(doc.getElementsByTagName('azure-openai-token-limit')[0].getAttribute('tokens-per-minute'), '1000');
    assert.doesNotMatch(xml, /llm-token-limit|llm-emit-token-metric/);
  });

  void it('says in Review that an existing system identity is reused and user-assigned ones are kept', () => {
    assert.match(plan({}, { identityType: 'SystemAssigned', principalId: 'p' }).steps[0].title, /already enabled/);
    const kept = plan({}, { identityType: 'UserAssigned', userAssignedIdentities: ['/id/a', '/id/b'] }).steps[0];
    assert.match(kept.title, /keeping its 2 user-assigned identities/);
    assert.deepEqual((kept.payload as unknown as { keptUserAssigned: string[] }).keptUserAssigned, ['/id/a', '/id/b']);
  });

  void it('with an API key: a secret named value sent as api-key by the backend, no identity, no role, no managed identity policy', () => {
    const p = plan({ auth: 'apiKey' });
    assert.deepEqual(
      p.steps.map((s) => s.kind),
      ['accountKeyNamedValue', 'backend', 'apiImport', 'apiPolicy', 'productApi', 'productApi'],
    );
    const nv = p.steps[0].payload as { value: { secretRef: string; format: string } };
    assert.deepEqual(nv.value, { secretRef: AOAI_ACCOUNT_KEY_SECRET, format: '{key}' });
    const backend = p.steps[1].payload as { credentialsHeader: { name: string; namedValueId: string } };
    assert.deepEqual(backend.credentialsHeader, { name: 'api-key', namedValueId: 'contoso-openai-friends-key' });
    assert.doesNotMatch(p.steps.find((s) => s.kind === 'apiPolicy')!.preview!, /authentication-managed-identity/);
    assert.doesNotMatch(JSON.stringify(p), /secret-value|key1/);
  });

  void it('as a plain spec import (no authentication): only the API and its product links', () => {
    const p = plan({ mode: 'spec', auth: 'none', products: [] });
    assert.deepEqual(
      p.steps.map((s) => s.kind),
      ['apiImport'],
    );
  });

  void it('is the same plan for the same form (ids are stable, so re-runs are idempotent)', () => {
    assert.deepEqual(plan(), plan());
  });

  void it('refuses a base path that cannot be fixed', () => {
    assert.throws(() => plan({ basePath: 'a b' }), /characters a URL path cannot hold/);
  });
});
