// "From the OpenAPI spec" and Microsoft Foundry's client compatibility, through the wizard's real controller. The
// portal's OpenAPI import has no compatibility choice (Microsoft Learn, "Import an Azure OpenAI API"): the bundled
// versions are Azure OpenAI, and a local file keeps the surface its server names. A v1 file written like the official
// one (server `{endpoint}/openai/v1`) gets v1's base path rule and backend, and the openai SDK calls it with only its
// base URL and the key; a v1 choice on a bundled version, or a choice the file contradicts, is one sentence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { AoaiForm } from '../../src/domain/import/azureOpenAi/form';
import { SPEC_COMPATIBILITY_NOTE } from '../../src/domain/import/azureOpenAi/compatibility';
import { buildFoundrySpec } from '../../src/domain/import/azureOpenAi/foundrySpec';
import { accountId, aoaiForm, masterKey, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard, reviewThroughWizard } from './helpers/aoaiWizardImport';
import { sandboxPerSuite } from './helpers/sandbox';
import { gatewayOpenAi } from './helpers/trustingFetch';

let service: ServiceRef;
const sb = sandboxPerSuite({}, async (started) => {
  service = await serviceRef(started, 'aiGateway');
});

/** A v1 document with the official spec's server form (`{endpoint}/openai/v1`, a full-URL variable). */
const v1File = JSON.stringify({
  ...buildFoundrySpec('v1'),
  servers: [{ url: '{endpoint}/openai/v1', variables: { endpoint: { default: '' } } }],
});

void describe('Import from the OpenAPI spec with Foundry surfaces', () => {
  void it('a local v1 file imports as Azure OpenAI v1: its base path rule, backend, and the openai SDK through it', async () => {
    const form = aoaiForm(accountId(sb, 'aiServices'), {
      mode: 'spec',
      spec: { kind: 'file', fileName: 'azure-v1.json' },
      compatibility: 'v1',
      displayName: 'Spec v1',
      basePath: 'spec-v1',
    });
    const run = await importThroughWizard(sb, service, { form, fileText: v1File, onExisting: 'conflict' });
    assert.equal(run.outcome.status, 'succeeded', describeWizardOutcome(run.outcome));
    assert.equal(run.review.endpoint, `${service.gatewayUrl}/spec-v1/openai/v1`);
    assert.match(run.review.steps.find((s) => s.id.startsWith('api:'))?.title ?? '', /from azure-v1\.json: POST \/chat\/completions/);
    // The API at v1's path, pointing (servers and backend) at the account's v1 surface.
    const written = new Map((await sb.hooks.state()).resources.map((r) => [r.id.replace(/^.*\/service\/[^/]+\//, ''), r.properties]));
    const v1Url = `${sb.sandbox.context.origin}/aoai/contoso-aiservices/openai/v1`;
    assert.deepEqual(
      [written.get('apis/spec-v1')?.path, written.get('apis/spec-v1')?.serviceUrl, written.get('backends/spec-v1-backend')?.url],
      ['spec-v1/openai/v1', v1Url, v1Url],
    );

    const key = await masterKey(sb, service);
    const client = gatewayOpenAi(run.review.endpoint, key, sb.ca);
    const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    assert.ok(chat.usage && chat.usage.total_tokens > 0);
  });

  void it('refuses a compatibility the spec does not have, in one sentence, before anything is written', async () => {
    const escaped = SPEC_COMPATIBILITY_NOTE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const cases: Array<[Partial<AoaiForm>, string | undefined, RegExp]> = [
      [{ compatibility: 'v1' }, undefined, new RegExp(escaped)],
      [
        { spec: { kind: 'file', fileName: 'azure-v1.json' } },
        v1File,
        /The file azure-v1\.json describes the Azure OpenAI v1 API, not Azure OpenAI\. Choose the file again\./,
      ],
    ];
    for (const [[change, fileText, sentence], i] of cases.map((c, n) => [c, n] as const)) {
      const form = aoaiForm(accountId(sb, 'aiServices'), {
        mode: 'spec',
        displayName: `Refused ${i}`,
        basePath: `refused-${i}`,
        ...change,
      });
      const input = { form, onExisting: 'conflict' as const, ...(fileText !== undefined ? { fileText } : {}) };
      await assert.rejects(reviewThroughWizard(sb, service, input), sentence);
    }
  });
});
