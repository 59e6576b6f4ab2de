/**
 * A chat-completions API on a seeded APIM instance, made through the real SDK (API, one POST operation, a policy
 * routed to the seeded OpenAI-compatible backend), and a chat request through its gateway: what the tests of the AI
 * policies' prerequisites send their requests to.
 */
import type { HttpResult, SandboxHarness } from './sandbox';

/** Creates `api` (path = its name) with `inbound` and `outbound` policy elements after `<base />`. */
export async function addChatApi(
  sb: SandboxHarness,
  rg: string,
  service: string,
  api: string,
  inbound: string,
  outbound = '',
): Promise<void> {
  const apim = sb.apim();
  await apim.api.beginCreateOrUpdateAndWait(rg, service, api, {
    displayName: api,
    path: api,
    protocols: ['https'],
    serviceUrl: 'https://unused.example',
  });
  await apim.apiOperation.createOrUpdate(rg, service, api, 'chat', {
    displayName: 'Chat',
    method: 'POST',
    urlTemplate: '/chat/completions',
  });
  await apim.apiPolicy.createOrUpdate(rg, service, api, 'policy', {
    format: 'rawxml',
    value: `<policies><inbound><base /><set-backend-service backend-id="openai-chat-backend" />${inbound}</inbound><backend><base /></backend><outbound><base />${outbound}</outbound><on-error><base /></on-error></policies>`,
  });
}

/** A chat request to `api` on the gateway of `service`, with the key of the instance's built-in `master` subscription. */
export async function chat(
  sb: SandboxHarness,
  rg: string,
  service: string,
  api: string,
  content: string,
  extra: Record<string, unknown> = {},
): Promise<HttpResult> {
  const key = (await sb.apim().subscription.listSecrets(rg, service, 'master')).primaryKey!;
  return sb.http(`${sb.connection.armEndpoint}/gateway/${service}/${api}/chat/completions`, {
    method: 'POST',
    headers: { 'Ocp-Apim-Subscription-Key': key },
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra },
  });
}
