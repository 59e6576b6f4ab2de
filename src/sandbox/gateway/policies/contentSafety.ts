/**
 * `llm-content-safety`: before the backend call, sends the prompt to the Azure AI Content Safety account behind
 * `backend-id` (`text:shieldPrompt` with shield-prompt, then `text:analyze` with the categories and blocklists) and
 * answers 403 when it is blocked. The call authenticates with the backend's credentials: its headers (an account
 * key) or its managed identity (the instance's system-assigned identity, which needs Cognitive Services User on
 * the account). A prompt over the service's length limit, a failed call or a refused credential is a 500, as in APIM.
 */
import { COGNITIVE_SERVICES_RESOURCE, mintManagedIdentityToken, systemAssignedPrincipalId } from '../../managedIdentity';
import { apimErrorBody, GatewayError } from '../apimErrors';
import { credentialHeaders, findBackend } from '../backends';
import { postJson } from '../backendJson';
import type { GatewayCall } from '../call';
import { type HarmCategory, parseCategory } from '../../model/contentSafetyRules';
import type { PolicyHandler } from '../policy/engine';
import { child } from '../policy/xml';
import { promptText } from '../prompt';

const API_VERSION = '2024-09-01';

export const contentSafety: PolicyHandler = async (node, call) => {
  const backendId = call.value(node.attrs['backend-id']) ?? '';
  const backend = findBackend(call, backendId);
  if (!backend || typeof backend.properties.url !== 'string') {
    throw new GatewayError(500, `Backend with id '${backendId}' could not be found.`);
  }
  const thresholds = new Map<HarmCategory, number>();
  for (const c of child(node, 'categories')?.children ?? []) {
    const category = parseCategory(call.value(c.attrs.name));
    const threshold = Number(call.value(c.attrs.threshold) ?? '0');
    if (category) thresholds.set(category, Number.isFinite(threshold) ? threshold : 0);
  }
  const outputType = call.value(child(node, 'categories')?.attrs['output-type']) || 'FourSeverityLevels';
  const blocklistNames = (child(node, 'blocklists')?.children.filter((c) => c.name === 'id') ?? []).map((id) => call.value(id.text) ?? '');
  const shield = call.value(node.attrs['shield-prompt'])?.toLowerCase() === 'true';
  const text = promptText(call);
  const headers = authHeaders(call, backend);
  const base = backend.properties.url.replace(/\/+$/, '');
  const ask = async (operation: string, body: unknown): Promise<Record<string, unknown>> => {
    const answer = await postJson(call, new URL(`${base}/contentsafety/${operation}?api-version=${API_VERSION}`), headers, body);
    if (answer instanceof Error || answer.status !== 200 || typeof answer.json !== 'object' || answer.json === null) {
      const why = answer instanceof Error ? answer.message : `${answer.status} ${JSON.stringify(answer.json)}`;
      call.ctx.log(`gateway: llm-content-safety: ${operation} on backend ${backend.name} failed: ${why}`);
      throw new GatewayError(500, 'Internal server error');
    }
    return answer.json as Record<string, unknown>;
  };

  const reasons: string[] = [];
  if (shield) {
    const r = await ask('text:shieldPrompt', { userPrompt: text, documents: [] });
    if ((r.userPromptAnalysis as { attackDetected?: unknown } | undefined)?.attackDetected === true) {
      reasons.push('prompt shield detected a user prompt attack');
    }
  }
  if (reasons.length === 0 && (thresholds.size > 0 || blocklistNames.length > 0)) {
    const r = await ask('text:analyze', {
      text,
      ...(thresholds.size > 0 ? { categories: [...thresholds.keys()] } : { categories: [] }),
      blocklistNames,
      haltOnBlocklistHit: false,
      outputType,
    });
    const matches = (Array.isArray(r.blocklistsMatch) ? r.blocklistsMatch : []) as Array<{ blocklistName?: unknown }>;
    if (matches.length > 0) reasons.push(`blocklist ${String(matches[0].blocklistName)} matched`);
    for (const a of (Array.isArray(r.categoriesAnalysis) ? r.categoriesAnalysis : []) as Array<{
      category?: unknown;
      severity?: unknown;
    }>) {
      const category = parseCategory(String(a.category));
      const threshold = category ? thresholds.get(category) : undefined;
      if (threshold !== undefined && typeof a.severity === 'number' && a.severity >= threshold) {
        reasons.push(`category ${category} detected at severity ${a.severity} (threshold ${threshold})`);
      }
    }
  }
  if (reasons.length > 0) {
    call.ctx.log(`gateway: llm-content-safety blocked a request to ${call.api.name}: ${reasons.join('; ')}`);
    call.respond(403, apimErrorBody(403, `Request failed content safety check: ${reasons[0]}.`));
  }
};

/** The backend's credential headers, plus a token of the instance's identity when the backend authenticates with it. */
function authHeaders(call: GatewayCall, backend: NonNullable<ReturnType<typeof findBackend>>): Record<string, string> {
  const headers = credentialHeaders(call, backend);
  const mi = (backend.properties.credentials as { managedIdentity?: { resource?: unknown; clientId?: unknown } } | undefined)
    ?.managedIdentity;
  if (!mi) return headers;
  const principal = systemAssignedPrincipalId(call.service);
  if (mi.clientId !== undefined || !principal) {
    call.ctx.log(
      `gateway: llm-content-safety: ${principal ? 'user-assigned identities are not emulated' : `service ${call.service.name} has no system-assigned identity`}`,
    );
    throw new GatewayError(500, 'Internal server error');
  }
  const resource = typeof mi.resource === 'string' ? mi.resource : COGNITIVE_SERVICES_RESOURCE;
  return { ...headers, authorization: `Bearer ${mintManagedIdentityToken(call.ctx, principal, resource).token}` };
}
