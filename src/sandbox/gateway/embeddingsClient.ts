/**
 * Calls an embeddings backend for the LLM policies (semantic cache): the backend's URL (an Azure OpenAI embeddings
 * deployment or an OpenAI-compatible base), its credential headers, and a managed-identity token when asked.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { COGNITIVE_SERVICES_RESOURCE, mintManagedIdentityToken, systemAssignedPrincipalId } from '../managedIdentity';
import { credentialHeaders, findBackend } from './backends';
import type { GatewayCall } from './call';

/** The embedding of `text`, or an Error saying why there is none. */
export async function embedText(call: GatewayCall, backendId: string, systemAssigned: boolean, text: string): Promise<number[] | Error> {
  const backend = findBackend(call, backendId);
  if (!backend || typeof backend.properties.url !== 'string') return new Error(`embeddings backend '${backendId}' not found`);
  const url = new URL(backend.properties.url);
  if (!/\/embeddings\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/embeddings`;
  if (url.pathname.includes('/deployments/') && !url.searchParams.has('api-version')) url.searchParams.set('api-version', '2024-10-21');
  const headers: Record<string, string> = { 'content-type': 'application/json', ...credentialHeaders(call, backend) };
  if (systemAssigned) {
    const principal = systemAssignedPrincipalId(call.service);
    if (!principal) return new Error(`service ${call.service.name} has no system-assigned identity for embeddings-backend-auth`);
    headers.authorization = `Bearer ${mintManagedIdentityToken(call.ctx, principal, COGNITIVE_SERVICES_RESOURCE).token}`;
  }
  const body = JSON.stringify({ input: text, model: 'text-embedding-3-small' });
  const secure = url.protocol === 'https:';
  return new Promise((resolve) => {
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      { method: 'POST', headers, agent: secure ? call.state.httpsAgent : call.state.httpAgent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: Array<{ embedding?: unknown }> };
            const vector = parsed.data?.[0]?.embedding;
            if (res.statusCode === 200 && Array.isArray(vector)) resolve(vector as number[]);
            else resolve(new Error(`embeddings backend answered ${res.statusCode ?? '?'}`));
          } catch (err) {
            resolve(err instanceof Error ? err : new Error(String(err)));
          }
        });
        res.on('error', (err) => resolve(err));
      },
    );
    req.on('error', (err) => resolve(err));
    req.end(body);
  });
}
