// ARM emulator with the real ApiManagementClient: policies at global, API, operation and product scope.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_NAMES, sandboxPerSuite, type SandboxHarness } from './helpers/sandbox';

const { resourceGroup: RG, service: SVC } = DEMO_NAMES.aiGateway;
// The SDK's apiPolicy.get deserializes APIM's JSON answer with its XML serializer and loses `value`
// (Azure/azure-sdk-for-js#31566); the sandbox answers like APIM, so API policies are read with a plain GET here.
async function readApiPolicy(
  sb: SandboxHarness,
  apiId: string,
  format = 'xml',
): Promise<{ status: number; format?: string; value?: string; etag?: string }> {
  const r = await sb.arm(
    `/subscriptions/${sb.connection.subscriptionIds[0]}/resourceGroups/${RG}/providers/Microsoft.ApiManagement/service/${SVC}/apis/${apiId}/policies/policy?api-version=2024-05-01&format=${format}`,
  );
  if (r.status !== 200) return { status: r.status };
  const body = r.json<{ properties: { format: string; value: string } }>();
  return { status: r.status, ...body.properties, etag: String(r.headers.etag) };
}

const POLICY = (inbound: string) =>
  `<policies><inbound><base />${inbound}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;

void describe('sandbox ARM: policies', () => {
  const sb = sandboxPerSuite();

  void it('reads the seeded LLM API policy as rawxml with the token limit and metric elements', async () => {
    const sdkView = await sb.apim().apiPolicy.get(RG, SVC, 'openai-chat', 'policy', { format: 'rawxml' });
    assert.equal(sdkView.value, undefined, 'the SDK bug this sandbox reproduces; if this fails, the SDK was fixed');
    assert.ok(sdkView.eTag);
    const policy = await readApiPolicy(sb, 'openai-chat', 'rawxml');
    assert.equal(policy.format, 'rawxml');
    assert.match(policy.value ?? '', /<set-backend-service backend-id="openai-chat-backend" \/>/);
    assert.match(policy.value ?? '', /<llm-token-limit counter-key="@\(context.Subscription.Id\)" tokens-per-minute="5000"/);
    assert.match(policy.value ?? '', /<llm-emit-token-metric namespace="ai-gateway">/);
  });

  void it('writes and reads policies at every scope', async () => {
    const client = sb.apim();
    const global = await client.policy.createOrUpdate(RG, SVC, 'policy', {
      format: 'rawxml',
      value: POLICY('<set-header name="x-global" exists-action="override"><value>1</value></set-header>'),
    });
    assert.match(global.value ?? '', /x-global/);
    await client.apiOperationPolicy.createOrUpdate(RG, SVC, 'echo-api', 'retrieve-resource', 'policy', {
      format: 'xml',
      value: POLICY('<rate-limit calls="5" renewal-period="60" />'),
    });
    assert.match((await client.apiOperationPolicy.get(RG, SVC, 'echo-api', 'retrieve-resource', 'policy')).value ?? '', /rate-limit/);
    await client.productPolicy.createOrUpdate(RG, SVC, 'starter', 'policy', {
      format: 'rawxml',
      value: POLICY('<quota calls="100" renewal-period="604800" />'),
    });
    const list = [];
    for await (const p of client.productPolicy.listByProduct(RG, SVC, 'starter')) list.push(p);
    assert.equal(list.length, 1);
    assert.match(list[0]?.value ?? '', /quota/);
    assert.match((await client.policy.get(RG, SVC, 'policy', { format: 'rawxml' })).value ?? '', /x-global/);
  });

  void it('accepts rawxml policy expressions with characters XML forbids', async () => {
    const value = POLICY(
      '<set-variable name="big" value="@(context.Request.Body.As<string>().Length > 10 && true)" />' +
        '<choose><when condition="@(context.Variables.ContainsKey("x") == false)"><set-variable name="x" value="@{ return ")"; }" /></when></choose>',
    );
    const stored = await sb.apim().apiPolicy.createOrUpdate(RG, SVC, 'echo-api', 'policy', { format: 'rawxml', value });
    assert.equal(stored.value, value);
  });

  void it('refuses XML that is not well formed, or has another root, with 400 ValidationError', async () => {
    const client = sb.apim();
    for (const value of ['<policies><inbound></policies>', '<policies><inbound>', 'not xml at all', '<policy><inbound /></policy>']) {
      await assert.rejects(
        client.apiPolicy.createOrUpdate(RG, SVC, 'echo-api', 'policy', { format: 'rawxml', value }),
        (e: { statusCode?: number; code?: string }) => {
          assert.equal(e.statusCode, 400, value);
          assert.equal(e.code, 'ValidationError', value);
          return true;
        },
      );
    }
    assert.match((await readApiPolicy(sb, 'echo-api')).value ?? '', /set-variable/, 'the stored policy is unchanged');
  });

  void it('uses ETags: a stale If-Match is 412, and DELETE needs If-Match', async () => {
    const client = sb.apim();
    const current = { eTag: (await readApiPolicy(sb, 'echo-api')).etag };
    await client.apiPolicy.createOrUpdate(
      RG,
      SVC,
      'echo-api',
      'policy',
      { format: 'rawxml', value: POLICY('') },
      { ifMatch: current.eTag! },
    );
    await assert.rejects(
      client.apiPolicy.createOrUpdate(RG, SVC, 'echo-api', 'policy', { format: 'rawxml', value: POLICY('') }, { ifMatch: current.eTag! }),
      { statusCode: 412 },
    );
    await assert.rejects(client.apiPolicy.delete(RG, SVC, 'echo-api', 'policy', current.eTag!), { statusCode: 412 });
    const fresh = await client.apiPolicy.getEntityTag(RG, SVC, 'echo-api', 'policy');
    await client.apiPolicy.delete(RG, SVC, 'echo-api', 'policy', fresh.eTag!);
    assert.equal((await readApiPolicy(sb, 'echo-api')).status, 404);
    await assert.rejects(client.apiPolicy.get(RG, SVC, 'no-such-api', 'policy'), { statusCode: 404, code: 'ResourceNotFound' });
  });
});
