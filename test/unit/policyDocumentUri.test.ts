import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { parsePolicyDocumentUri, policyDocumentUri, POLICY_SCHEME } from '../../src/domain/policyDocumentUri';

void describe('policy document URIs', () => {
  const ref = { subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg ai/x', serviceName: 'contoso', apiId: 'a%b' };

  void it('round-trips every part, including characters a path cannot hold as they are', () => {
    const uri = policyDocumentUri(ref);
    assert.equal(uri.scheme, POLICY_SCHEME);
    assert.equal(uri.path.split('/').length, 6);
    assert.deepEqual(parsePolicyDocumentUri(URI.parse(uri.toString())), ref);
  });

  void it('names no policy for other schemes, folders, extra segments or broken escapes', () => {
    for (const text of [
      'file:///a/b/c/d/policy.xml',
      `${POLICY_SCHEME}:/a/b/c/d`,
      `${POLICY_SCHEME}:/a/b/c/d/e/policy.xml`,
      `${POLICY_SCHEME}:/a/b/c/d/other.xml`,
    ]) {
      assert.equal(parsePolicyDocumentUri(URI.parse(text)), undefined, text);
    }
    assert.equal(parsePolicyDocumentUri({ scheme: POLICY_SCHEME, path: '/a/%E0%A4%A/c/d/policy.xml' }), undefined);
  });
});
