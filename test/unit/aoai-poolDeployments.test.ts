// The deployments of an Azure OpenAI pool: a member sharing none with the first account is one sentence under its
// row, as the wizard checks it while the user types and the host again with what Azure says; partial overlap is
// allowed and named in Review.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { poolDeploymentErrors, poolDeploymentNote } from '../../src/domain/import/azureOpenAi/poolDeployments';
import { validateAoaiForm } from '../../src/domain/import/azureOpenAi/validation';
import { DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import type { AoaiForm } from '../../src/domain/import/azureOpenAi/form';

const east = { name: 'aoai-east', deployments: ['gpt-4o', 'gpt-4o-mini'] };
const id = (name: string): string => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/${name}`;

void describe('pool deployments', () => {
  void it("refuses a member with none of the first account's deployments, or none at all; case does not matter", () => {
    assert.deepEqual(poolDeploymentErrors(east, [{ name: 'west', deployments: ['GPT-4o-mini'] }]), {});
    const errors = poolDeploymentErrors(east, [
      { name: 'west', deployments: ['gpt-4o'] },
      { name: 'speech', deployments: ['whisper'] },
      { name: 'empty', deployments: [] },
    ]);
    assert.deepEqual(Object.keys(errors), ['pool.2.member', 'pool.3.member']);
    assert.equal(
      errors['pool.2.member'],
      'Backend 3 (speech) has only "whisper", none of which aoai-east has ("gpt-4o", "gpt-4o-mini"): every call the pool sends there would fail. Choose a resource with the same deployments, or deploy them in speech.',
    );
    assert.match(errors['pool.3.member'] ?? '', /^Backend 4 \(empty\) has no deployments, none of which aoai-east has/);
    // A first account without deployments is said elsewhere (the resource's deployment list).
    assert.deepEqual(poolDeploymentErrors({ name: 'new', deployments: [] }, [{ name: 'west', deployments: ['x'] }]), {});
  });

  void it('names the deployments every member serves when they differ, and nothing when they are the same', () => {
    assert.equal(poolDeploymentNote([east, { name: 'west', deployments: ['gpt-4o-mini', 'gpt-4o'] }]), '');
    assert.equal(
      poolDeploymentNote([east, { name: 'west', deployments: ['gpt-4o-mini', 'o3'] }]),
      '; only "gpt-4o-mini" on every member: calls for "gpt-4o", "o3" fail when the pool sends them to a member without that deployment',
    );
  });

  void it('validateAoaiForm checks the pool against the deployments it is given, and skips the check without them', () => {
    const form: AoaiForm = {
      mode: 'resource',
      accountId: id('aoai-east'),
      spec: { kind: 'bundled', version: '2024-10-21' },
      displayName: 'Pooled',
      description: '',
      basePath: 'pooled/openai',
      products: [],
      subscriptionKeyHeader: 'api-key',
      auth: 'managedIdentity',
      policies: {},
      pool: {
        primary: { priority: 1, weight: 1, breaker: DEFAULT_BREAKER },
        extra: [{ priority: 2, weight: 1, breaker: DEFAULT_BREAKER, accountId: id('speech') }],
      },
    };
    const accounts = new Map([
      [id('aoai-east').toLowerCase(), east],
      [id('speech').toLowerCase(), { name: 'speech', deployments: ['whisper'] }],
    ]);
    const errors = validateAoaiForm(form, { deploymentsOf: (a) => accounts.get(a.toLowerCase()) });
    assert.match(errors['pool.1.member'] ?? '', /^Backend 2 \(speech\) has only "whisper"/);
    assert.equal(validateAoaiForm(form)['pool.1.member'], undefined);
  });
});
