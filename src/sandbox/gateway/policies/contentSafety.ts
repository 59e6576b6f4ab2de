/** `llm-content-safety`: checks the prompt before the backend call and answers 403 when it is blocked. */
import { apimErrorBody, GatewayError } from '../apimErrors';
import { findBackend } from '../backends';
import { findBlocklisted, findHarm, findJailbreak, type HarmCategory, parseCategory } from '../contentSafetyRules';
import type { PolicyHandler } from '../policy/engine';
import { child } from '../policy/xml';
import { promptText } from '../prompt';

export const contentSafety: PolicyHandler = (node, call) => {
  const backendId = call.value(node.attrs['backend-id']) ?? '';
  if (!findBackend(call, backendId)) throw new GatewayError(500, `Backend with id '${backendId}' could not be found.`);
  const text = promptText(call);
  const thresholds = new Map<HarmCategory, number>();
  for (const c of child(node, 'categories')?.children ?? []) {
    const category = parseCategory(c.attrs.name);
    const threshold = Number(call.value(c.attrs.threshold) ?? '0');
    if (category) thresholds.set(category, Number.isFinite(threshold) ? threshold : 0);
  }
  const blocklists = new Map<string, readonly string[]>();
  for (const id of child(node, 'blocklists')?.children.filter((c) => c.name === 'id') ?? []) {
    const name = call.value(id.text) ?? '';
    const terms = call.namedValues.substitute(`{{${name}}}`);
    blocklists.set(name, terms.missing.length > 0 ? [] : terms.value.split(',').map((t) => t.trim()));
  }
  const shield = call.value(node.attrs['shield-prompt'])?.toLowerCase() === 'true';
  const finding = (shield ? findJailbreak(text) : undefined) ?? findHarm(text, thresholds) ?? findBlocklisted(text, blocklists);
  if (finding) {
    call.ctx.log(`gateway: llm-content-safety blocked a request to ${call.api.name}: ${finding.reason}`);
    call.respond(403, apimErrorBody(403, `Request failed content safety check: ${finding.reason}.`));
  }
};
