/**
 * Calls an embeddings backend for the LLM policies (semantic cache): the backend's URL (an Azure OpenAI embeddings
 * deployment or an OpenAI-compatible base), its credential headers, and a managed-identity token when asked.
 */
import { COGNITIVE_SERVICES_RESOURCE, mintManagedIdentityToken, systemAssignedPrincipalId } from '../managedIdentity';
import { credentialHeaders, findBackend } from './backends';
import { postJson } from './backendJson';
import type { GatewayCall } from './call';

/** The embedding of `text`, or an Error saying why there is none. */
export async function embedText(call: GatewayCall, backendId: string, systemAssigned: boolean, text: string): Promise<number[] | Error> {
  const backend = findBackend(call, backendId);
  if (!backend || typeof backend.properties.url !== 'string') return new Error(`embeddings backend '${backendId}' not found`);
  const url = new URL(backend.properties.url);
  if (!/\/embeddings\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/embeddings`;
  if (url.pathname.includes('/deployments/') && !url.searchParams.has('api-version')) url.searchParams.set('api-version', '2024-10-21');
  const headers: Record<string, string> = { ...credentialHeaders(call, backend) };
  if (systemAssigned) {
    const principal = systemAssignedPrincipalId(call.service);
    if (!principal) return new Error(`service ${call.service.name} has no system-assigned identity for embeddings-backend-auth`);
    headers.authorization = `Bearer ${mintManagedIdentityToken(call.ctx, principal, COGNITIVE_SERVICES_RESOURCE).token}`;
  }
  const answer = await postJson(call, url, headers, { input: text, model: 'text-embedding-3-small' });
  if (answer instanceof Error) return answer;
  const vector = (answer.json as { data?: Array<{ embedding?: unknown }> } | undefined)?.data?.[0]?.embedding;
  return answer.status === 200 && Array.isArray(vector) ? (vector as number[]) : new Error(`embeddings backend answered ${answer.status}`);
}
